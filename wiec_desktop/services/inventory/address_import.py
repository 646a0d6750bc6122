"""Importing addresses from a CSV or XLSX file: first a preview, then all good rows in one transaction.

``preview(path)`` reads the file, finds the header row (Dutch or English column names, any case),
checks every row and says why each rejected row is rejected (one Dutch reason per row).
``import_rows(preview)`` writes the good rows in ONE transaction after checking the database again:
a row that became a duplicate in the meantime, or any failure while writing, leaves nothing written.

Choices: an empty area cell is allowed (the address gets no area); fully blank rows are skipped and
not counted; the header row may be preceded by up to ``HEADER_SEARCH_ROWS`` title lines; a CSV file
saved by Excel as "Unicode-tekst" (UTF-16 with byte-order mark) is read as well.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Area
from wiec_desktop.domain.enums import AuditKind
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.validation import normalise_postcode

HEADER_SEARCH_ROWS = 10
MAX_STREET = 120
MAX_ADDITION = 12
MAX_NUMBER = 99999
MAX_VALUES_SHOWN = 200
# A district's address list is some 20,000 rows, its .xlsx a few MB unpacked. Far larger files are a
# mistake or a zip bomb (7 MB that unpack to 150 MB of XML took 40 s and 671 MB): refused before reading.
MAX_ROWS = 200_000
MAX_COLUMNS = 60
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 96 * 1024 * 1024
MAX_HEADER_NAMES_SHOWN = 12
MAX_HEADER_NAME = 40
_TOO_MANY_ROWS = (
    "Het bestand heeft meer dan {limit} regels. Splits het in kleinere bestanden en importeer die na elkaar."
)

# Normalised header name → field. Normalising: trimmed, lower case, '_', '-', '.' and ':' as spaces.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "street": ("straat", "straatnaam", "street", "street name", "streetname"),
    "number": (
        "huisnummer",
        "nummer",
        "huisnr",
        "nr",
        "number",
        "house number",
        "housenumber",
        "house no",
        "no",
    ),
    "addition": (
        "toevoeging",
        "huisnummertoevoeging",
        "huisnummer toevoeging",
        "huisletter",
        "addition",
        "suffix",
        "house number addition",
        "house letter",
    ),
    "postcode": ("postcode", "post code", "postal code", "postalcode", "zip", "zip code", "zipcode"),
    # Listed from most to least specific: with several area columns the first filled-in one counts.
    "area": ("buurt", "buurtnaam", "neighbourhood", "neighborhood", "gebied", "area", "wijk", "wijknaam"),
}
REQUIRED = ("street", "number", "postcode")
FIELD_LABELS = {"street": "straat", "number": "huisnummer", "postcode": "postcode"}

# 12, 12a, 12 A, 12-1, 12/2, 12 bis, 12 2 hoog; not 12.5 or 12,5.
_NUMBER_RE = re.compile(r"^(\d+)\s*[-/]?\s*([A-Za-z0-9 ]*)$")


class ImportFileError(Exception):
    """The file cannot be read as an address list; ``message`` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportFailed(Exception):
    """The import was refused or failed while writing; nothing was written. ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AddressRow:
    """A row that will be imported (``line`` is the line or row number in the file)."""

    line: int
    street: str
    number: int
    addition: str
    postcode: str
    area_id: int | None
    area_name: str

    @property
    def label(self) -> str:
        return f"{self.street} {self.number}{self.addition}".strip()


@dataclass(frozen=True)
class RejectedRow:
    line: int
    values: str
    reason: str


@dataclass(frozen=True)
class ImportPreview:
    """What ``import_rows`` would do: ``rows_total`` = len(good) + len(rejected)."""

    rows_total: int
    good: list[AddressRow]
    rejected: list[RejectedRow]
    file_name: str = ""


AddressKey = tuple[str, int, str, str]


def address_key(street: str, number: int, addition: str, postcode: str) -> AddressKey:
    """What makes two addresses the same: case and extra spaces do not count."""
    pc = normalise_postcode("".join(postcode.split())) or postcode.strip().upper()
    return (" ".join(street.split()).casefold(), number, "".join(addition.split()).casefold(), pc)


# --- reading the file -----------------------------------------------------------------------------


def read_table(path: Path) -> list[tuple[int, list[str]]]:
    """All rows of the file as (line number, cells as trimmed text); raises ``ImportFileError``."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        hint = " Sla een .xls-bestand in Excel op als .xlsx." if suffix == ".xls" else ""
        raise ImportFileError(
            f"Alleen CSV-bestanden (.csv) en Excel-werkmappen (.xlsx) kunnen worden geïmporteerd.{hint}"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"Het bestand is te groot om in te lezen ({_megabytes(size)}; hooguit "
                f"{_megabytes(MAX_FILE_BYTES)}). Splits het in kleinere bestanden."
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"Het bestand kan niet worden gelezen ({error.strerror or error}).") from error
    if not data.strip():
        raise ImportFileError("Het bestand is leeg.")
    return _read_csv(data) if suffix == ".csv" else _read_xlsx(path)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "Dit is geen CSV-bestand maar lijkt een Excel-werkmap; gebruik de extensie .xlsx."
        )
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ImportFileError(
        "De tekens in het bestand kunnen niet worden gelezen. Sla het bestand op als CSV in UTF-8 "
        "(in Excel: 'CSV UTF-8 (door komma's gescheiden)') en probeer het opnieuw."
    )


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    if not text.strip():
        raise ImportFileError("Het bestand is leeg.")
    first_line, _, rest = text.partition("\n")
    forced = re.fullmatch(r"\s*sep=(.)\s*", first_line, re.IGNORECASE)  # Excel's "sep=;" line
    if forced:
        return _parse_csv(rest, forced.group(1), first_line=2)
    candidates = [";", ",", "\t"]
    try:
        sniffed = csv.Sniffer().sniff(text[:65536], delimiters=";,\t").delimiter
        candidates.remove(sniffed)
        candidates.insert(0, sniffed)
    except csv.Error:
        pass
    # The sniffer can be fooled (commas inside a ;-separated file): take the first delimiter that
    # yields a recognisable header, else the sniffed one so the message names the columns found.
    first: list[tuple[int, list[str]]] | None = None
    for delimiter in candidates:
        rows = _parse_csv(text, delimiter)
        if _find_header(rows) is not None:
            return rows
        first = first or rows
    return first or []


def _parse_csv(text: str, delimiter: str, first_line: int = 1) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_TOO_MANY_ROWS.format(limit=_thousands(MAX_ROWS)))
            rows.append((reader.line_num + first_line - 1, [cell.strip() for cell in cells[:MAX_COLUMNS]]))
    except csv.Error as error:
        raise ImportFileError(f"Het CSV-bestand is beschadigd bij regel {reader.line_num}.") from error
    return rows


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than ``MAX_UNPACKED_BYTES`` (the sizes in the
    zip directory: ``zipfile`` refuses a part that unpacks to more than it declares)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(
            "Het bestand is geen geldige Excel-werkmap (.xlsx). Open het in Excel en sla het opnieuw op."
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"De werkmap is uitgepakt te groot om in te lezen ({_megabytes(unpacked)}; hooguit "
            f"{_megabytes(MAX_UNPACKED_BYTES)}). Sla alleen het blad met de adressen op in een nieuwe "
            "werkmap, of splits de lijst."
        )


def _megabytes(size: int) -> str:
    return f"{max(1, round(size / (1024 * 1024)))} MB"


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    _check_unpacked_size(path)
    import openpyxl  # only needed here; keeps starting the app quick

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zip, XML or format errors: all mean "not a workbook"
        raise ImportFileError(
            "Het bestand is geen geldige Excel-werkmap (.xlsx). Open het in Excel en sla het opnieuw op."
        ) from error
    try:
        first: list[tuple[int, list[str]]] | None = None
        for sheet in workbook.worksheets:
            rows: list[tuple[int, list[str]]] = []
            for index, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if index > MAX_ROWS:
                    raise ImportFileError(_TOO_MANY_ROWS.format(limit=_thousands(MAX_ROWS)))
                rows.append((index, [_cell_text(value) for value in values]))
            if _find_header(rows) is not None:
                return rows
            if first is None and any(_non_blank(rows)):
                first = rows
        return first or []
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _non_blank(rows: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    return ((line, cells) for line, cells in rows if any(cells))


# --- the header -----------------------------------------------------------------------------------


def _normalise_header(name: str) -> str:
    cleaned = re.sub(r"[_\-.:]", " ", name.replace("\ufeff", "")).casefold()
    return " ".join(cleaned.split())


_ALIAS_TO_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}


def match_columns(header: Sequence[str]) -> dict[str, list[int]]:
    """Field → the column positions that carry it (area: most specific name first)."""
    found: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        field = _ALIAS_TO_FIELD.get(_normalise_header(name))
        if field is not None:
            found.setdefault(field, []).append(position)
    if "area" in found:
        order = HEADER_ALIASES["area"]
        found["area"].sort(key=lambda pos: order.index(_normalise_header(header[pos])))
    return found


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, list[int]]] | None:
    """(index in ``rows``, columns) of the first row naming street, number and postcode."""
    seen = 0
    for index, (_line, cells) in enumerate(rows):
        if not any(cells):
            continue
        columns = match_columns(cells)
        if all(field in columns for field in REQUIRED):
            return index, columns
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None


def _missing_columns_message(rows: list[tuple[int, list[str]]]) -> str:
    _line, first = next(_non_blank(rows))
    columns = match_columns(first)
    missing = [FIELD_LABELS[field] for field in REQUIRED if field not in columns]
    found = _header_names(first)
    return (
        f"De kolommen {_dutch_list(missing)} ontbreken in de kopregel. Gevonden kolommen: {found}. "
        "Nodig zijn straat, huisnummer en postcode; toevoeging en buurt/wijk mogen erbij."
    )


def _header_names(cells: Sequence[str]) -> str:
    """The first row's names as the message shows them: readable ones, shortened, a dozen at most
    (a binary file read as text has one 'name' of 50,000 characters)."""
    names = [
        name if len(name) <= MAX_HEADER_NAME else name[: MAX_HEADER_NAME - 1] + "…"
        for name in (" ".join(cell.split()) for cell in cells)
        if name and name.isprintable()
    ]
    if not names:
        return "geen leesbare"
    shown = ", ".join(names[:MAX_HEADER_NAMES_SHOWN])
    more = len(names) - MAX_HEADER_NAMES_SHOWN
    return shown + (f" en nog {more}" if more > 0 else "")


def _dutch_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# --- checking the rows ----------------------------------------------------------------------------


def _split_number(raw: str) -> tuple[int, str] | None:
    """ "12" → (12, ""); "12a", "12 A", "12-1" → (12, "a"), (12, "A"), (12, "1"); else None."""
    match = _NUMBER_RE.match(raw)
    if match is None:
        return None
    number = int(match.group(1))
    if not 0 < number <= MAX_NUMBER:
        return None
    return number, " ".join(match.group(2).split())


class _RowChecker:
    """Checks rows one by one against the areas, the existing addresses and the rows seen before."""

    def __init__(self, areas: dict[str, tuple[int, str] | None], existing: set[AddressKey]) -> None:
        self.areas = areas
        self.existing = existing
        self.seen: dict[AddressKey, int] = {}

    def check(self, line: int, cells: list[str], columns: dict[str, list[int]]) -> AddressRow | str:
        """The good row, or the Dutch reason it is rejected."""

        def cell(field: str) -> str:
            for position in columns.get(field, []):
                if position < len(cells) and cells[position]:
                    return cells[position]
            return ""

        street = " ".join(cell("street").split())
        if not street:
            return "Straat ontbreekt."
        if len(street) > MAX_STREET:
            return f"Straatnaam is te lang (hoogstens {MAX_STREET} tekens)."
        raw_number = cell("number")
        if not raw_number:
            return "Huisnummer ontbreekt."
        split = _split_number(raw_number)
        if split is None:
            return f"Huisnummer '{raw_number}' is geen geldig nummer."
        number, addition = split
        column_addition = " ".join(cell("addition").lstrip("-/ ").split())  # "-1" → "1"
        if addition and column_addition and addition.casefold() != column_addition.casefold():
            return f"Huisnummer '{raw_number}' en toevoeging '{column_addition}' spreken elkaar tegen."
        addition = addition or column_addition
        if len(addition) > MAX_ADDITION:
            return f"Toevoeging is te lang (hoogstens {MAX_ADDITION} tekens)."
        raw_postcode = cell("postcode")
        if not raw_postcode:
            return "Postcode ontbreekt."
        postcode = normalise_postcode("".join(raw_postcode.split()))
        if postcode is None:
            return f"Postcode '{raw_postcode}' is niet van de vorm 1234 AB."
        area_name = " ".join(cell("area").split())
        area_id: int | None = None
        if area_name:
            area = self.areas.get(area_name.casefold(), False)
            if area is False:
                return f"Onbekende buurt of wijk '{area_name}'."
            if area is None:
                return f"Buurt of wijk '{area_name}' is niet eenduidig (komt meer dan eens voor)."
            area_id, area_name = area
        key = address_key(street, number, addition, postcode)
        if key in self.existing:
            return "Dubbel adres: staat al in de database."
        if key in self.seen:
            return f"Dubbel adres: staat ook op regel {self.seen[key]}."
        self.seen[key] = line
        return AddressRow(line, street, number, addition, postcode, area_id, area_name)


def _shown_values(cells: list[str]) -> str:
    text = "; ".join(cells).rstrip("; ")
    return text if len(text) <= MAX_VALUES_SHOWN else text[: MAX_VALUES_SHOWN - 1] + "…"


# --- the service ----------------------------------------------------------------------------------


class AddressImportService(Service):
    """Addresses from a CSV or XLSX file: ``preview`` (reads only) then ``import_rows`` (writes)."""

    def preview(self, path: Path) -> ImportPreview:
        """Read and check the file; raises ``ImportFileError`` when it cannot be used at all."""
        path = Path(path)
        rows = read_table(path)
        if not any(_non_blank(rows)):
            raise ImportFileError("Het bestand is leeg.")
        header = _find_header(rows)
        if header is None:
            raise ImportFileError(_missing_columns_message(rows))
        header_index, columns = header
        data = list(_non_blank(rows[header_index + 1 :]))
        if not data:
            raise ImportFileError("Het bestand bevat een kopregel maar geen adressen.")
        with self.reading() as session:
            checker = _RowChecker(self._areas(session), self._existing_keys(session))
        good: list[AddressRow] = []
        rejected: list[RejectedRow] = []
        for line, cells in data:
            outcome = checker.check(line, cells, columns)
            if isinstance(outcome, AddressRow):
                good.append(outcome)
            else:
                rejected.append(RejectedRow(line, _shown_values(cells), outcome))
        return ImportPreview(len(data), good, rejected, path.name)

    def import_rows(self, preview: ImportPreview) -> int:
        """Insert all good rows in one transaction; raises ``ImportFailed`` (nothing written)."""
        rows = preview.good
        if not rows:
            return 0
        try:
            with self.transaction() as session:
                self._recheck(session, rows)
                session.execute(
                    insert(Address),
                    [
                        {
                            "street": row.street,
                            "number": row.number,
                            "addition": row.addition,
                            "postcode": row.postcode,
                            "area_id": row.area_id,
                        }
                        for row in rows
                    ],
                )
                audit.record(session, AuditKind.IMPORT, "address", None, f"{len(rows)} adressen")
        except IntegrityError as error:
            raise ImportFailed(
                "Het importeren is mislukt: een adres kon niet worden opgeslagen (bestaat het al?). "
                "Er is niets geïmporteerd; lees het bestand opnieuw in."
            ) from error
        return len(rows)

    # --- helpers (one query each) --------------------------------------------------------------

    def _recheck(self, session: Session, rows: list[AddressRow]) -> None:
        """Refuse when the database changed since the preview (new duplicates, removed areas)."""
        existing = self._existing_keys(session)
        taken = [
            row for row in rows if address_key(row.street, row.number, row.addition, row.postcode) in existing
        ]
        if taken:
            example = ", ".join(f"regel {row.line}" for row in taken[:3])
            verb = "staat" if len(taken) == 1 else "staan"
            raise ImportFailed(
                f"Intussen {verb} {len(taken)} van deze adressen al in de database ({example}"
                f"{' …' if len(taken) > 3 else ''}). Er is niets geïmporteerd; lees het bestand opnieuw in."
            )
        area_ids = {row.area_id for row in rows if row.area_id is not None}
        if area_ids:
            known = set(session.scalars(select(Area.id).where(Area.id.in_(area_ids))))
            if area_ids - known:
                raise ImportFailed(
                    "Een buurt of wijk uit het bestand is intussen verwijderd. Er is niets geïmporteerd; "
                    "lees het bestand opnieuw in."
                )

    @staticmethod
    def _existing_keys(session: Session) -> set[AddressKey]:
        result = session.execute(select(Address.street, Address.number, Address.addition, Address.postcode))
        return {
            address_key(street, number, addition or "", postcode)
            for street, number, addition, postcode in result
        }

    @staticmethod
    def _areas(session: Session) -> dict[str, tuple[int, str] | None]:
        """Lower-case name → (id, name); ``None`` when two areas differ only in capitals."""
        areas: dict[str, tuple[int, str] | None] = {}
        for area_id, name in session.execute(select(Area.id, Area.name)):
            key = " ".join(name.split()).casefold()
            areas[key] = None if key in areas else (area_id, name)
        return areas
