"""Documents that print (issue 15): the tables of the minutes, the inventory report and the progress
report keep numbers, dates and header words on one line, on the shipped template and on a chair's
plain one. Checked on the reopened .docx with ``exports/docx/fit``'s conservative widths (DejaVu,
wider than Arial and Calibri); tests/exports/test_print_docx.py checks the same through LibreOffice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from sqlalchemy import text

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.exports.docx.fit import TableMetrics, table_metrics, text_width_cm
from wiec_desktop.exports.docx.inventory import STREET_HEADERS, write_inventory_docx
from wiec_desktop.exports.docx.minutes import ACTION_HEADERS, ACTION_WIDTHS_CM, write_minutes_docx
from wiec_desktop.exports.docx.progress import write_progress_docx
from wiec_desktop.services.meetings.minutes_data import MinutesData, MinutesDataService
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

# --- helpers ----------------------------------------------------------------------------------------


def _minutes(database: Database) -> MinutesData:
    with database.engine.connect() as con:
        meeting_id = con.execute(
            text("SELECT id FROM meeting WHERE status = 'held' ORDER BY date DESC, start_time DESC LIMIT 1")
        ).scalar_one()
    return MinutesDataService(database.session_factory, lambda: DEMO_TODAY).minutes(meeting_id)


def _plain_template(path: Path) -> Path:
    """A chair's own plain template: python-docx's default document (11 pt, 0.19 cm cell padding)."""
    docx.Document().save(str(path))
    return path


def _metrics(document: DocumentObject) -> TableMetrics:
    style = document.tables[0]._tbl.tblPr.find(qn("w:tblStyle"))
    return table_metrics(document, style.get(qn("w:val")) if style is not None else None)


def _widths(table: Table) -> list[float]:
    return [int(col.get(qn("w:w"))) / 1440 * 2.54 for col in table._tbl.tblGrid.gridCol_lst]


def _too_narrow(document: DocumentObject, table: Table, columns: range | None = None) -> list[str]:
    """Words of ``table`` (header row in bold) that its columns cannot hold on one line."""
    metrics = _metrics(document)
    widths = _widths(table)
    found = []
    for number, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            if columns is not None and column not in columns:
                continue
            for word in cell.text.split():
                if not metrics.holds(widths[column], word, bold=number == 0):
                    found.append(f"{word!r} in {widths[column]:.2f} cm")
    return found


def _table(document: DocumentObject, first_header: str) -> Table:
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


# --- the fitting itself -------------------------------------------------------------------------------


def test_widths_are_conservative_and_unknown_characters_count_as_widest() -> None:
    assert text_width_cm("0000", 9) == pytest.approx(text_width_cm("1234", 9))
    # DejaVu Sans: digit 0.636 em, hyphen 0.361 em (the serif's is wider, 0.338 → kept the larger)
    assert text_width_cm("A-2026-010", 9) == pytest.approx(5.82 * 9 * 2.54 / 72, rel=0.03)
    assert text_width_cm("Gemiddeld", 9, bold=True) > text_width_cm("Gemiddeld", 9)
    assert text_width_cm("漢", 10) >= text_width_cm("W", 10)


def test_table_metrics_of_the_shipped_and_a_plain_template(tmp_path: Path) -> None:
    from wiec_desktop.exports.docx.writer import DocumentWriter

    shipped = DocumentWriter()
    assert table_metrics(shipped.document, shipped.table_style) == TableMetrics(
        9.0, pytest.approx(0.3, abs=0.01)
    )
    plain = DocumentWriter(_plain_template(tmp_path / "eigen.docx"))
    metrics = table_metrics(plain.document, plain.table_style)
    assert metrics.size_pt == 11.0 and metrics.padding_cm == pytest.approx(0.381, abs=0.01)


# --- the minutes' action table --------------------------------------------------------------------------


def test_minutes_action_numbers_dates_and_statuses_fit_on_a_plain_template(
    demo_db: Database, tmp_path: Path
) -> None:
    """On a chair's 11 pt template the fixed 2.4/2.3 cm columns wrapped "A-2026-" / "010" and
    "04-08-" / "2026" (seen in LibreOffice); now they are as wide as the template's font needs."""
    data = _minutes(demo_db)
    template = _plain_template(tmp_path / "eigen.docx")
    document = docx.Document(str(write_minutes_docx(data, tmp_path / "verslag.docx", template)))
    table = _table(document, ACTION_HEADERS[0])
    assert [c.text for c in table.rows[0].cells] == list(ACTION_HEADERS)
    assert sum(_widths(table)) == pytest.approx(16.6, abs=0.02)
    assert _too_narrow(document, table, range(0, 1)) == []  # Nr.
    assert _too_narrow(document, table, range(3, 5)) == []  # Deadline, Status (+ "verlopen")
    metrics = _metrics(document)
    assert all(metrics.holds(_widths(table)[4], status.label) for status in ActionStatus)
    assert {row.cells[0].text for row in table.rows[1:]} == {a.reference for a in data.actions}


def test_minutes_on_the_shipped_template_keep_their_widths_and_hold_every_word(
    demo_db: Database, tmp_path: Path
) -> None:
    document = docx.Document(str(write_minutes_docx(_minutes(demo_db), tmp_path / "verslag.docx")))
    table = _table(document, ACTION_HEADERS[0])
    widths = _widths(table)
    for column in (0, 3, 4):  # the number, deadline and status columns as they were
        assert widths[column] == pytest.approx(ACTION_WIDTHS_CM[column], abs=0.01)
    # "(Bewonersvereniging" broke inside the word at 3.8 cm in the "Wie" column
    assert _too_narrow(document, table) == []


# --- the inventory and progress reports ----------------------------------------------------------------


def test_inventory_report_headers_do_not_break_inside_words(demo_db: Database, tmp_path: Path) -> None:
    """ "Adresse/n", "Gesproke/n", "Gemiddel/d" and "Genoem/d" broke in the seven-column street table."""
    data = Services(demo_db.session_factory, lambda: DEMO_TODAY).report_data.inventory()
    document = docx.Document(str(write_inventory_docx(data, tmp_path / "inventarisatie.docx")))
    streets = _table(document, STREET_HEADERS[0])
    assert [c.text for c in streets.rows[0].cells] == list(STREET_HEADERS)
    for table in document.tables:
        assert sum(_widths(table)) == pytest.approx(16.6, abs=0.02)
        assert _too_narrow(document, table) == [], table.rows[0].cells[0].text


def test_inventory_report_headers_fit_on_a_plain_template(demo_db: Database, tmp_path: Path) -> None:
    data = Services(demo_db.session_factory, lambda: DEMO_TODAY).report_data.inventory()
    template = _plain_template(tmp_path / "eigen.docx")
    document = docx.Document(str(write_inventory_docx(data, tmp_path / "inventarisatie.docx", template)))
    for table in document.tables[1:]:  # the details table's values are sentences
        header = table.rows[0]
        widths = _widths(table)
        metrics = _metrics(document)
        for column, cell in enumerate(header.cells):
            for word in cell.text.split():
                assert metrics.holds(widths[column], word, bold=True), word


def test_progress_report_headers_do_not_break_inside_words(demo_db: Database, tmp_path: Path) -> None:
    """ "Afgerond" and "Vervallen" (scorecard) and "Ontvangen" (signalen benut) had no room."""
    service = Services(demo_db.session_factory, lambda: DEMO_TODAY).report_data
    data = service.progress(*service.default_period())
    document = docx.Document(str(write_progress_docx(data, tmp_path / "voortgang.docx")))
    for table in document.tables[1:]:
        assert _too_narrow(document, table, range(1, len(table.columns))) == [], table.rows[0].cells[0].text


def test_a_date_is_as_wide_as_the_sample() -> None:
    from wiec_desktop.exports.docx.minutes import SAMPLE_DATE
    from wiec_desktop.services.formatting import short_date

    assert text_width_cm(short_date(date(2026, 8, 4)), 9) == pytest.approx(text_width_cm(SAMPLE_DATE, 9))
