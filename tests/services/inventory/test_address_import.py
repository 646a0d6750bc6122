"""Address import: reading CSV (; , tab, UTF-8, cp1252) and XLSX, header variants, every rejection
reason, duplicates against the database, the one-transaction import and the file errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import event, func, select

from tests.conftest import DEMO_TODAY
from tests.sql_moments import once_after
from wiec_desktop.domain import Address, Area, AuditEvent
from wiec_desktop.domain.enums import AreaKind, AuditKind
from wiec_desktop.services.inventory.address_import import (
    AddressImportService,
    ImportFailed,
    ImportFileError,
    ImportPreview,
    _split_number,
    match_columns,
)
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 10)


@pytest.fixture
def areas(db: Database) -> dict[str, int]:
    """A wijk with two buurten in the empty database: name → id."""
    with db.session_factory.begin() as session:
        wijk = Area(name="Wateringseveld", kind=AreaKind.DISTRICT)
        north = Area(name="Wateringseveld-Noord", kind=AreaKind.NEIGHBOURHOOD, parent=wijk)
        south = Area(name="Dedemsvaart", kind=AreaKind.NEIGHBOURHOOD, parent=wijk)
        session.add_all([wijk, north, south])
        session.flush()
        return {area.name: area.id for area in (wijk, north, south)}


@pytest.fixture
def service(db: Database, areas: dict[str, int]) -> AddressImportService:
    return AddressImportService(db.session_factory, lambda: TODAY)


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def _addresses(database: Database) -> list[tuple[str, int, str, str, int | None]]:
    with database.session_factory() as session:
        rows = session.execute(
            select(
                Address.street, Address.number, Address.addition, Address.postcode, Address.area_id
            ).order_by(Address.street, Address.number, Address.addition)
        )
        return [tuple(row) for row in rows]


def _import_events(database: Database) -> list[AuditEvent]:
    with database.session_factory() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == AuditKind.IMPORT)))


def _reasons(preview: ImportPreview) -> dict[int, str]:
    return {row.line: row.reason for row in preview.rejected}


# --- good and bad rows ----------------------------------------------------------------------------

MIXED_ROWS = [
    "Straat;Huisnummer;Toevoeging;Postcode;Buurt",
    "Dedemsvaartweg;12;;2548 AA;Dedemsvaart",  # 2 good
    "Dedemsvaartweg;14a;;2548aa;dedemsvaart",  # 3 good: 14 + a, postcode and area normalised
    ";16;;2548 AA;Dedemsvaart",  # 4 missing street
    "Dedemsvaartweg;;;2548 AA;Dedemsvaart",  # 5 missing number
    "Dedemsvaartweg;twaalf;;2548 AA;Dedemsvaart",  # 6 invalid number
    "Dedemsvaartweg;0;;2548 AA;Dedemsvaart",  # 7 invalid number (not positive)
    "Dedemsvaartweg;18;;2548;Dedemsvaart",  # 8 postcode not like 1234 AB
    "Dedemsvaartweg;20;;;Dedemsvaart",  # 9 missing postcode
    "Dedemsvaartweg;22;;2548 AA;Atlantis",  # 10 unknown area
    "dedemsvaartweg ;12;;2548AA;Dedemsvaart",  # 11 duplicate of line 2 in the file
    ";;;;",  # 12 blank: skipped, not counted
    "Hoogeveenstraat;3;B;2548 AE;",  # 13 good without an area
    "Hoogeveenstraat;5 b;C;2548 AE;",  # 14 number and addition disagree
]


def test_every_rejection_reason_with_semicolons(service: AddressImportService, tmp_path: Path) -> None:
    preview = service.preview(_write(tmp_path / "adressen.csv", MIXED_ROWS))

    assert preview.rows_total == 12
    assert [(r.line, r.street, r.number, r.addition, r.postcode, r.area_name) for r in preview.good] == [
        (2, "Dedemsvaartweg", 12, "", "2548 AA", "Dedemsvaart"),
        (3, "Dedemsvaartweg", 14, "a", "2548 AA", "Dedemsvaart"),
        (13, "Hoogeveenstraat", 3, "B", "2548 AE", ""),
    ]
    assert preview.good[2].area_id is None
    assert _reasons(preview) == {
        4: "Straat ontbreekt.",
        5: "Huisnummer ontbreekt.",
        6: "Huisnummer 'twaalf' is geen geldig nummer.",
        7: "Huisnummer '0' is geen geldig nummer.",
        8: "Postcode '2548' is niet van de vorm 1234 AB.",
        9: "Postcode ontbreekt.",
        10: "Onbekende buurt of wijk 'Atlantis'.",
        11: "Dubbel adres: staat ook op regel 2.",
        14: "Huisnummer '5 b' en toevoeging 'C' spreken elkaar tegen.",
    }
    assert preview.rejected[0].values == "; 16; ; 2548 AA; Dedemsvaart"
    assert len(preview.good) + len(preview.rejected) == preview.rows_total


def test_import_writes_good_rows_and_one_audit_entry(
    service: AddressImportService, db: Database, areas: dict[str, int], tmp_path: Path
) -> None:
    preview = service.preview(_write(tmp_path / "adressen.csv", MIXED_ROWS))

    assert service.import_rows(preview) == 3

    south = areas["Dedemsvaart"]
    assert _addresses(db) == [
        ("Dedemsvaartweg", 12, "", "2548 AA", south),
        ("Dedemsvaartweg", 14, "a", "2548 AA", south),
        ("Hoogeveenstraat", 3, "B", "2548 AE", None),
    ]
    [entry] = _import_events(db)
    assert (entry.entity_type, entry.entity_id, entry.detail) == ("address", None, "3 adressen")
    # The same file again: everything good before is now a duplicate of the database.
    again = service.preview(tmp_path / "adressen.csv")
    assert again.good == []
    assert _reasons(again)[2] == "Dubbel adres: staat al in de database."
    assert _reasons(again)[13] == "Dubbel adres: staat al in de database."


def test_comma_csv_with_english_headers_capitals_and_spaces(
    service: AddressImportService, areas: dict[str, int], tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "addresses.csv",
        [
            " STREET , House Number ,Suffix,Postal_Code, Neighbourhood ",
            'Dedemsvaartweg,7,,"2548 AB",Wateringseveld-noord',
            '"Laan van Meerdervoort, zijvak",9,bis,2517ab,WATERINGSEVELD',
            "Dedemsvaartweg,8,,2548 XX1,",
        ],
    )
    preview = service.preview(path)

    assert [(r.street, r.number, r.addition, r.postcode, r.area_id) for r in preview.good] == [
        ("Dedemsvaartweg", 7, "", "2548 AB", areas["Wateringseveld-Noord"]),
        ("Laan van Meerdervoort, zijvak", 9, "bis", "2517 AB", areas["Wateringseveld"]),
    ]
    assert _reasons(preview) == {4: "Postcode '2548 XX1' is niet van de vorm 1234 AB."}


def test_tab_separated_with_title_line_and_excel_sep_line(
    service: AddressImportService, tmp_path: Path
) -> None:
    tabbed = _write(
        tmp_path / "tab.csv",
        [
            "Adressenlijst Wateringseveld",
            "",
            "straat\tnummer\tpostcode\twijk",
            "Dedemsvaartweg\t3\t2548 AA\t",
        ],
    )
    preview = service.preview(tabbed)
    assert [(r.line, r.street, r.number) for r in preview.good] == [(4, "Dedemsvaartweg", 3)]

    forced = _write(tmp_path / "sep.csv", ["sep=,", "straat,nummer,postcode", "Dedemsvaartweg,5,2548 AA"])
    preview = service.preview(forced)
    assert [(r.line, r.number) for r in preview.good] == [(3, 5)]


def test_cp1252_file_with_accents(service: AddressImportService, db: Database, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "den_haag.csv",
        [
            "Straat;Huisnummer;Huisnummertoevoeging;Postcode;Gebied",
            "Laan van Meerdervoort;1;;2517 AA;",
            "Curaçaostraat;12;;2585 VP;",
            "Anna Paulownaplein;3;é;2518 BG;",
            "Laan van Meerdervoort;1;;2517AA;",
        ],
        encoding="cp1252",
    )
    preview = service.preview(path)

    assert [r.label for r in preview.good] == [
        "Laan van Meerdervoort 1",
        "Curaçaostraat 12",
        "Anna Paulownaplein 3é",
    ]
    assert _reasons(preview) == {5: "Dubbel adres: staat ook op regel 2."}
    service.import_rows(preview)
    assert ("Curaçaostraat", 12, "", "2585 VP", None) in _addresses(db)


def test_utf8_with_byte_order_mark_and_utf16_from_excel(
    service: AddressImportService, tmp_path: Path
) -> None:
    rows = ["Straat;Huisnummer;Postcode", "Curaçaostraat;12;2585 VP"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\r\n".join(rows).encode("utf-8-sig"))
    assert [r.street for r in service.preview(bom).good] == ["Curaçaostraat"]

    unicode_text = tmp_path / "unicode.csv"  # Excel's "Unicode-tekst": UTF-16 with BOM, tabs
    unicode_text.write_bytes("\r\n".join(row.replace(";", "\t") for row in rows).encode("utf-16"))
    assert [r.street for r in service.preview(unicode_text).good] == ["Curaçaostraat"]


def test_xlsx_with_numbers_as_numbers_and_a_title_row(
    service: AddressImportService, db: Database, areas: dict[str, int], tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Adressen voor de huisbezoeken"])
    sheet.append([])
    sheet.append(["Straat", "Huisnr", "Toevoeging", "Postcode", "Buurt", "Opmerking"])
    sheet.append(["Dedemsvaartweg", 12, None, "2548 AA", "Dedemsvaart", "hoekhuis"])
    sheet.append(["Dedemsvaartweg", 14.0, "A", "2548aa", None, None])
    sheet.append(["Dedemsvaartweg", "16b", None, "2548 AA", "Dedemsvaart", None])
    sheet.append(["Dedemsvaartweg", 12.5, None, "2548 AA", None, None])
    sheet.append([None, 18, None, "2548 AA", None, None])
    path = tmp_path / "adressen.xlsx"
    workbook.save(path)

    preview = service.preview(path)

    assert [(r.line, r.number, r.addition, r.postcode, r.area_id) for r in preview.good] == [
        (4, 12, "", "2548 AA", areas["Dedemsvaart"]),
        (5, 14, "A", "2548 AA", None),
        (6, 16, "b", "2548 AA", areas["Dedemsvaart"]),
    ]
    assert _reasons(preview) == {7: "Huisnummer '12.5' is geen geldig nummer.", 8: "Straat ontbreekt."}
    assert service.import_rows(preview) == 3
    assert len(_addresses(db)) == 3


def test_lengths_ambiguous_areas_and_additions_with_a_dash(
    service: AddressImportService, db: Database, tmp_path: Path
) -> None:
    with db.session_factory.begin() as session:
        session.add_all([Area(name="Noord"), Area(name="NOORD")])
    path = _write(
        tmp_path / "rest.csv",
        [
            "straat;nummer;toevoeging;postcode;gebied",
            f"{'x' * 121};1;;2548 AA;",
            "Kortstraat;1;dertien tekens;2548 AA;",
            "Kortstraat;2;-1;2548 AA;",
            "Kortstraat;3;;2548 AA;noord",
        ],
    )
    preview = service.preview(path)

    assert [(r.number, r.addition) for r in preview.good] == [(2, "1")]
    assert _reasons(preview) == {
        2: "Straatnaam is te lang (hoogstens 120 tekens).",
        3: "Toevoeging is te lang (hoogstens 12 tekens).",
        5: "Buurt of wijk 'noord' is niet eenduidig (komt meer dan eens voor).",
    }


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Straat", "Huisnummer", "Toevoeging", "Postcode", "Buurt"],
            ["street", "number", "addition", "postcode", "area"],
        ),
        (
            ["STREET", "NUMBER", "ADDITION", "ZIP", "AREA"],
            ["street", "number", "addition", "postcode", "area"],
        ),
        (
            [" straat ", "nummer", "huisnummertoevoeging", "postal code", "wijk"],
            ["street", "number", "addition", "postcode", "area"],
        ),
        (
            ["\ufeffStreet", "house_number", "suffix", "Postal-Code", "neighbourhood"],
            ["street", "number", "addition", "postcode", "area"],
        ),
        (
            ["Straat", "Nummer", "Postcode", "Gebied", "Plaats"],
            ["street", "number", "postcode", "area", None],
        ),
    ],
)
def test_header_variants(header: list[str], expected: list[str | None]) -> None:
    columns = match_columns(header)
    found = [
        next((field for field, positions in columns.items() if pos in positions), None)
        for pos in range(len(header))
    ]
    assert found == expected


def test_the_most_specific_filled_area_column_counts(
    service: AddressImportService, areas: dict[str, int], tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "twee.csv",
        [
            "Straat;Nummer;Postcode;Wijk;Buurt",
            "A-straat;1;2548 AA;Wateringseveld;Dedemsvaart",
            "A-straat;2;2548 AA;Wateringseveld;",
        ],
    )
    preview = service.preview(path)
    assert [r.area_id for r in preview.good] == [areas["Dedemsvaart"], areas["Wateringseveld"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", (12, "")),
        ("12a", (12, "a")),
        ("12 A", (12, "A")),
        ("12-1", (12, "1")),
        ("12 bis", (12, "bis")),
        ("12/2", (12, "2")),
        ("0", None),
        ("a12", None),
        ("12.5", None),
        ("-3", None),
        ("123456", None),
    ],
)
def test_number_split(raw: str, expected: tuple[int, str] | None) -> None:
    assert _split_number(raw) == expected


# --- duplicates against the demo database ---------------------------------------------------------


@pytest.fixture
def demo_service(demo_db: Database) -> AddressImportService:
    return AddressImportService(demo_db.session_factory, lambda: DEMO_TODAY)


def test_duplicates_against_the_database(
    demo_service: AddressImportService, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session_factory() as session:
        with_addition = session.scalars(select(Address).where(Address.addition != "").limit(1)).one()
        plain = session.scalars(select(Address).where(Address.addition == "").limit(1)).one()
        area = with_addition.area.name
        before = session.scalar(select(func.count(Address.id)))
    path = _write(
        tmp_path / "dubbel.csv",
        [
            "straat,huisnummer,postcode,buurt",
            # the same address in other capitals, the addition glued to the number, postcode without space
            f"{with_addition.street.upper()},{with_addition.number}{with_addition.addition.lower()},"
            f"{with_addition.postcode.replace(' ', '').lower()},{area.lower()}",
            f"{plain.street},{plain.number},{plain.postcode},",
            f"{plain.street},{plain.number}z,{plain.postcode},{area}",  # a new addition: a new address
        ],
    )
    preview = demo_service.preview(path)

    assert _reasons(preview) == {
        2: "Dubbel adres: staat al in de database.",
        3: "Dubbel adres: staat al in de database.",
    }
    assert [r.label for r in preview.good] == [f"{plain.street} {plain.number}z"]
    assert demo_service.import_rows(preview) == 1
    with demo_db.session_factory() as session:
        assert session.scalar(select(func.count(Address.id))) == before + 1


# --- the transaction --------------------------------------------------------------------------------

FIVE_ROWS = [
    "Straat;Huisnummer;Postcode;Buurt",
    *(f"Dedemsvaartweg;{n};2548 AA;Dedemsvaart" for n in (1, 2, 3, 4, 5)),
]


def test_failure_on_the_third_row_writes_nothing(
    service: AddressImportService, db: Database, tmp_path: Path
) -> None:
    preview = service.preview(_write(tmp_path / "vijf.csv", FIVE_ROWS))
    assert len(preview.good) == 5
    # Someone else adds the third address just after the import re-checked the database: the
    # unique constraint then fails on the third row, after rows 1 and 2 went to the database.
    def someone_else_adds_the_third() -> None:
        with db.session_factory.begin() as session:
            session.add(Address(street="Dedemsvaartweg", number=3, addition="", postcode="2548 AA"))

    inserted: list[int] = []

    def count_rows(statement: str, parameters: Any, executemany: bool, **_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ADDRESS"):
            inserted.append(len(parameters) if executemany else 1)

    event.listen(db.engine, "before_cursor_execute", count_rows, named=True)
    try:
        recheck = "SELECT address.street, address.number, address.addition, address.postcode FROM address"
        with (
            once_after(db.engine, recheck, someone_else_adds_the_third) as fired,
            pytest.raises(ImportFailed, match="een adres kon niet worden opgeslagen"),
        ):
            service.import_rows(preview)
        assert fired
    finally:
        event.remove(db.engine, "before_cursor_execute", count_rows)

    assert inserted, "the insert was attempted"
    assert _addresses(db) == [("Dedemsvaartweg", 3, "", "2548 AA", None)]
    assert _import_events(db) == []


def test_import_refuses_when_the_database_changed_since_the_preview(
    service: AddressImportService, db: Database, tmp_path: Path
) -> None:
    preview = service.preview(_write(tmp_path / "vijf.csv", FIVE_ROWS))
    with db.session_factory.begin() as session:
        session.add(Address(street="DEDEMSVAARTWEG", number=4, addition="", postcode="2548AA"))

    with pytest.raises(ImportFailed) as raised:
        service.import_rows(preview)

    assert raised.value.message.startswith("Intussen staat 1 van deze adressen al in de database (regel 5)")
    assert len(_addresses(db)) == 1
    assert _import_events(db) == []


def test_import_refuses_when_an_area_was_removed(
    service: AddressImportService, db: Database, areas: dict[str, int], tmp_path: Path
) -> None:
    preview = service.preview(_write(tmp_path / "vijf.csv", FIVE_ROWS))
    with db.session_factory.begin() as session:
        session.delete(session.get(Area, areas["Dedemsvaart"]))

    with pytest.raises(ImportFailed, match="intussen verwijderd"):
        service.import_rows(preview)
    assert _addresses(db) == []


def test_nothing_good_imports_nothing(service: AddressImportService, db: Database, tmp_path: Path) -> None:
    preview = service.preview(_write(tmp_path / "slecht.csv", ["straat;nummer;postcode", ";1;2548 AA"]))
    assert (preview.rows_total, preview.good, len(preview.rejected)) == (1, [], 1)
    assert service.import_rows(preview) == 0
    assert _import_events(db) == []


# --- file errors ------------------------------------------------------------------------------------


def _file_error(service: AddressImportService, path: Path) -> str:
    with pytest.raises(ImportFileError) as raised:
        service.preview(path)
    return raised.value.message


def test_empty_files(service: AddressImportService, tmp_path: Path) -> None:
    for name, content in [("leeg.csv", b""), ("spaties.csv", b" \r\n\r\n"), ("bom.csv", b"\xef\xbb\xbf")]:
        (tmp_path / name).write_bytes(content)
        assert _file_error(service, tmp_path / name) == "Het bestand is leeg.", name
    (tmp_path / "leeg.xlsx").write_bytes(b"")
    assert _file_error(service, tmp_path / "leeg.xlsx") == "Het bestand is leeg."
    empty_book = tmp_path / "leeg_blad.xlsx"
    openpyxl.Workbook().save(empty_book)
    assert _file_error(service, empty_book) == "Het bestand is leeg."
    header_only = _write(tmp_path / "kop.csv", ["straat;nummer;postcode", ";;"])
    assert _file_error(service, header_only) == "Het bestand bevat een kopregel maar geen adressen."


def test_wrong_file_types(service: AddressImportService, tmp_path: Path) -> None:
    text = _write(tmp_path / "adressen.txt", FIVE_ROWS)
    assert "Alleen CSV-bestanden (.csv) en Excel-werkmappen (.xlsx)" in _file_error(service, text)
    old_excel = _write(tmp_path / "adressen.xls", ["x"])
    assert "Sla een .xls-bestand in Excel op als .xlsx." in _file_error(service, old_excel)
    fake_book = _write(tmp_path / "adressen.xlsx", FIVE_ROWS)
    assert _file_error(service, fake_book).startswith("Het bestand is geen geldige Excel-werkmap (.xlsx).")
    real_book = tmp_path / "echt.xlsx"
    openpyxl.Workbook().save(real_book)
    renamed = tmp_path / "werkmap.csv"
    renamed.write_bytes(real_book.read_bytes())
    assert "lijkt een Excel-werkmap" in _file_error(service, renamed)


def test_missing_columns_are_named(service: AddressImportService, tmp_path: Path) -> None:
    path = _write(tmp_path / "namen.csv", ["Straat;Plaats;Naam", "Dedemsvaartweg;Den Haag;J. Jansen"])
    assert _file_error(service, path) == (
        "De kolommen huisnummer en postcode ontbreken in de kopregel. "
        "Gevonden kolommen: Straat, Plaats, Naam. "
        "Nodig zijn straat, huisnummer en postcode; toevoeging en buurt/wijk mogen erbij."
    )
    one = _write(tmp_path / "een.csv", ["Adres,Nummer,Postcode", "Dedemsvaartweg,1,2548 AA"])
    assert _file_error(service, one).startswith("De kolommen straat ontbreken")


def test_wrong_encoding_is_refused(service: AddressImportService, tmp_path: Path) -> None:
    # 0x81 is neither UTF-8 nor Windows-1252
    broken = tmp_path / "kapot.csv"
    broken.write_bytes(b"Straat;Huisnummer;Postcode\r\nKerkstraat;1\x81;2548 AA\r\n")
    assert _file_error(service, broken).startswith("De tekens in het bestand kunnen niet worden gelezen.")
    utf16_without_bom = tmp_path / "utf16.csv"
    utf16_without_bom.write_bytes("\r\n".join(FIVE_ROWS).encode("utf-16-le"))
    assert _file_error(service, utf16_without_bom).startswith("De tekens in het bestand")


# --- size -------------------------------------------------------------------------------------------


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(statement: str, **_: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record, named=True)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def test_ten_thousand_rows_use_a_fixed_number_of_queries(
    service: AddressImportService, db: Database, tmp_path: Path, statements: list[str]
) -> None:
    lines = ["Straat;Huisnummer;Toevoeging;Postcode;Buurt"]
    lines += [
        f"Straat {i // 500};{i % 500 + 1};{'a' if i % 7 == 0 else ''};{2500 + i % 90} AB;Dedemsvaart"
        for i in range(10_000)
    ]
    path = _write(tmp_path / "groot.csv", lines)

    preview = service.preview(path)
    assert (preview.rows_total, len(preview.good), preview.rejected) == (10_000, 10_000, [])
    assert len(statements) <= 3  # areas and addresses are each read once, not per row
    assert service.import_rows(preview) == 10_000
    with db.session_factory() as session:
        assert session.scalar(select(func.count(Address.id))) == 10_000


def test_binary_garbage_gets_a_short_message(service: AddressImportService, tmp_path: Path) -> None:
    """50 KB of random bytes without NUL read as cp1252 text: one 'column name' of 50,000 characters
    went into the message whole (50,170 characters)."""
    import random

    generator = random.Random(7)
    garbage = bytes(generator.choice(range(1, 256)) for _ in range(50_000))
    path = tmp_path / "rommel.csv"
    path.write_bytes(garbage)
    message = _file_error(service, path)
    assert len(message) < 1000
    assert message.startswith("De kolommen") or "kunnen niet worden gelezen" in message
    many = _write(tmp_path / "breed.csv", [";".join(f"Kolom {i}" for i in range(40)), "x"])
    assert "Kolom 11 en nog 28" in _file_error(service, many)


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(
    service: AddressImportService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip bomb (7 MB unpacking to 150 MB of XML) took 40 s and 671 MB: the sizes in the zip
    directory are checked first. Here with a small limit and a highly compressible sheet."""
    import zipfile

    from wiec_desktop.services.inventory import address_import

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Straat", "Huisnummer", "Postcode"])
    for number in range(1, 3001):
        sheet.append(["Dedemsvaartweg", number, "2548 AA"])
    path = tmp_path / "groot.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    monkeypatch.setattr(address_import, "MAX_UNPACKED_BYTES", unpacked - 1)
    loaded: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: loaded.append(a))
    message = _file_error(service, path)
    assert message.startswith("De werkmap is uitgepakt te groot om in te lezen")
    assert loaded == []


def test_too_many_rows_are_refused(
    service: AddressImportService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiec_desktop.services.inventory import address_import

    monkeypatch.setattr(address_import, "MAX_ROWS", 50)
    lines = ["Straat;Huisnummer;Postcode"] + [f"Dedemsvaartweg;{n};2548 AA" for n in range(1, 60)]
    assert "meer dan 50 regels" in _file_error(service, _write(tmp_path / "veel.csv", lines))
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append(line.split(";"))
    book.save(tmp_path / "veel.xlsx")
    assert "meer dan 50 regels" in _file_error(service, tmp_path / "veel.xlsx")
