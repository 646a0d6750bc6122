"""The Word documents as a recipient prints them (issue 15): the minutes, the agenda, the inventory
report and the progress report of the demo database converted to PDF with LibreOffice headless.

Checked per document: A4 pages, a page count within a range, and that the text of every table cell
comes out whole — no token ("A-2026-010", "04-08-2026", "Gemiddeld") wrapped or clipped in the
middle. For that last check each document is converted a second time with only its tables in the
body (same column widths, so the same line breaks inside the cells), so that every word of the PDF
text comes from a table cell or the header and footer: each cell word must occur in the PDF text
at least as often as in the cells (a word broken over two lines is two other words). A word of
letters may break after its hyphen, as text does ("Escamp-" / "Zuid"), so such words are compared
by their parts; a token with a digit ("A-2026-010", "04-08-2026", "11 (44%)") must stay whole.
Skipped, with the reason, where LibreOffice or pdftotext is not installed; marked slow (it starts
soffice once)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import text

from tests.conftest import DEMO_TODAY
from wiec_desktop.exports.docx.agenda import write_agenda_docx
from wiec_desktop.exports.docx.inventory import write_inventory_docx
from wiec_desktop.exports.docx.minutes import write_minutes_docx
from wiec_desktop.exports.docx.progress import write_progress_docx
from wiec_desktop.services.meetings.minutes_data import MinutesDataService
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

pytestmark = pytest.mark.slow

A4_POINTS = (595.3, 841.9)
# Pages of each demo document as it prints today, with room for a section more or less.
PAGES = {"verslag": (3, 6), "agenda": (2, 5), "inventarisatie": (3, 6), "voortgang": (3, 7)}
_SIZE_RE = re.compile(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts")


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    found = {name: shutil.which(name) for name in ("soffice", "pdftotext", "pdfinfo")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} niet geïnstalleerd: afdrukken via LibreOffice niet getest")
    return {name: str(path) for name, path in found.items()}


def _meeting(database: Database, status: str, order: str) -> int:
    with database.engine.connect() as con:
        return int(
            con.execute(
                text(f"SELECT id FROM meeting WHERE status = :s ORDER BY date {order}, start_time {order}"),
                {"s": status},
            ).scalar()
        )


def _documents(database: Database, folder: Path) -> list[Path]:
    """The four demo documents as .docx in ``folder``."""
    minutes = MinutesDataService(database.session_factory, lambda: DEMO_TODAY)
    reports = Services(database.session_factory, lambda: DEMO_TODAY).report_data
    return [
        write_minutes_docx(minutes.minutes(_meeting(database, "held", "DESC")), folder / "verslag.docx"),
        write_agenda_docx(minutes.agenda(_meeting(database, "planned", "ASC")), folder / "agenda.docx"),
        write_inventory_docx(reports.inventory(), folder / "inventarisatie.docx"),
        write_progress_docx(reports.progress(*reports.default_period()), folder / "voortgang.docx"),
    ]


def _tables_only(source: Path, target: Path) -> Path:
    """``source`` with every body element but its tables (and the section properties) removed."""
    document = docx.Document(str(source))
    body = document.element.body
    for child in list(body):
        if child.tag not in (qn("w:tbl"), qn("w:sectPr")):
            body.remove(child)
    document.save(str(target))
    return target


def _cell_words(source: Path, columns: tuple[int, ...] | None = None) -> Counter[str]:
    words: Counter[str] = Counter()
    for table in docx.Document(str(source)).tables:
        for row in table.rows:
            for number, cell in enumerate(row.cells):
                if columns is None or number in columns:
                    words.update(_tokens(cell.text))
    return words


def _printed_words(pdftotext: str, pdf: Path) -> Counter[str]:
    printed = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return Counter(_tokens(printed.decode()))


def _tokens(value: str) -> list[str]:
    """The words of ``value``; a word without digits split at its hyphens (where text may wrap)."""
    tokens: list[str] = []
    for word in unicodedata.normalize("NFKC", value).split():
        if any(char.isdigit() for char in word):
            tokens.append(word)
        else:
            tokens.extend(part for part in word.split("-") if part)
    return tokens


def _convert(soffice: str, sources: list[Path], folder: Path) -> None:
    profile = folder / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, sources)],
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-500:]


def test_documents_print_on_a4_with_every_table_cell_whole(
    demo_db: Database, tmp_path: Path, tools: dict[str, str]
) -> None:
    documents = _documents(demo_db, tmp_path)
    tables = [_tables_only(path, path.with_name(f"{path.stem}-tabellen.docx")) for path in documents]
    # The minutes on a chair's plain template (python-docx's default: 11 pt, Letter), where the
    # fixed 2.4 / 2.3 cm columns printed "A-2026-" / "010" and "04-08-" / "2026".
    plain = tmp_path / "eigen-sjabloon.docx"
    docx.Document().save(str(plain))
    minutes = MinutesDataService(demo_db.session_factory, lambda: DEMO_TODAY)
    own = write_minutes_docx(
        minutes.minutes(_meeting(demo_db, "held", "DESC")), tmp_path / "verslag-eigen.docx", plain
    )
    own_tables = _tables_only(own, tmp_path / "verslag-eigen-tabellen.docx")
    _convert(tools["soffice"], [*documents, *tables, own_tables], tmp_path)

    for source in documents:
        pdf = source.with_suffix(".pdf")
        assert pdf.exists(), pdf.name
        info = subprocess.run(
            [tools["pdfinfo"], "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        sizes = {(round(float(w), 1), round(float(h), 1)) for w, h in _SIZE_RE.findall(info)}
        assert sizes == {A4_POINTS}, (source.name, sizes)
        low, high = PAGES[source.stem]
        assert low <= len(_SIZE_RE.findall(info)) <= high, source.name

    for source, only in zip(documents, tables, strict=True):
        in_pdf = _printed_words(tools["pdftotext"], only.with_suffix(".pdf"))
        expected = _cell_words(source)
        assert expected, source.name
        broken = {word: (n, in_pdf[word]) for word, n in expected.items() if in_pdf[word] < n}
        assert broken == {}, f"{source.name}: cell words wrapped or clipped (cells, pdf): {broken}"

    # Nr., Deadline and Status of the action table (the second table) on the chair's template
    in_pdf = _printed_words(tools["pdftotext"], own_tables.with_suffix(".pdf"))
    expected = _cell_words(own, columns=(0, 3, 4))
    assert "A-2026-010" in expected and "04-08-2026" in expected
    broken = {word: (n, in_pdf[word]) for word, n in expected.items() if in_pdf[word] < n}
    assert broken == {}, f"verslag op eigen sjabloon: (cells, pdf): {broken}"
