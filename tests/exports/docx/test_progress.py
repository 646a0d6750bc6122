"""The progress report (voortgangsrapportage): the partner scorecard, cases and signals benut on a
small hand-made dataset with known answers, the Word document reopened (headings, scorecard table,
charts, footer fields), the default period, and the demo database end to end."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain.actions import Action
from wiec_desktop.domain.cases import Case
from wiec_desktop.domain.enums import ActionStatus, CaseStatus, SignalSource, SignalStatus
from wiec_desktop.domain.inventory import Signal
from wiec_desktop.domain.organisations import Assignment, Organisation, Theme
from wiec_desktop.exports.docx.progress import HEADINGS, build_progress_document, write_progress_docx
from wiec_desktop.services.registry import Services
from wiec_desktop.services.reports.report_data import ReportDataService, months_before
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database

TODAY = date(2026, 6, 20)
START, END = date(2026, 3, 1), date(2026, 5, 31)

# (organisation, created, due, status, completed)
ACTIONS = [
    ("Politie", date(2026, 3, 2), date(2026, 3, 20), ActionStatus.DONE, date(2026, 3, 18)),  # on time
    ("Politie", date(2026, 3, 5), date(2026, 3, 20), ActionStatus.DONE, date(2026, 3, 25)),  # late
    ("Politie", date(2026, 4, 1), None, ActionStatus.DONE, date(2026, 4, 30)),  # no deadline: on time
    ("Politie", date(2026, 4, 2), date(2026, 6, 1), ActionStatus.OPEN, None),  # overdue at TODAY
    ("Politie", date(2026, 5, 2), date(2026, 7, 1), ActionStatus.IN_PROGRESS, None),  # open, on schedule
    ("Politie", date(2026, 2, 1), date(2026, 2, 10), ActionStatus.DONE, date(2026, 2, 9)),  # before period
    ("Woonstichting", date(2026, 3, 10), date(2026, 4, 1), ActionStatus.DONE, date(2026, 4, 2)),  # late
    ("Woonstichting", date(2026, 3, 11), None, ActionStatus.CANCELLED, None),
    ("Woonstichting", date(2026, 5, 30), date(2026, 6, 5), ActionStatus.OPEN, None),  # overdue
    ("Stadsdeel", date(2026, 6, 2), date(2026, 6, 30), ActionStatus.OPEN, None),  # after period
]
EXPECTED_SCORECARD = [
    # organisation, open, overdue, done, done on time, % on time, cancelled
    ("Politie", "2", "1", "3", "2", "67%", "0"),
    ("Woonstichting", "1", "1", "1", "0", "0%", "1"),
    ("Totaal", "3", "2", "4", "2", "50%", "1"),
]
# (received, theme, status)
SIGNALS = [
    (date(2026, 3, 3), "verkeer", SignalStatus.LINKED),
    (date(2026, 3, 9), "verkeer", SignalStatus.CLOSED),
    (date(2026, 4, 9), "vervuiling", SignalStatus.NEW),  # stale at TODAY
    (date(2026, 4, 10), None, SignalStatus.CLOSED),
    (date(2026, 6, 10), "verkeer", SignalStatus.NEW),  # after the period
]


def _seed(database: Database) -> None:
    with database.session_factory.begin() as session:
        orgs = {name: Organisation(name=name) for name in ("Politie", "Woonstichting", "Stadsdeel")}
        themes = {name: Theme(name=name) for name in ("verkeer", "vervuiling")}
        session.add_all([*orgs.values(), *themes.values()])
        assignment = Assignment(
            title="Wijkaanpak Dreven", client=orgs["Stadsdeel"], start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31), is_current=True,
        )  # fmt: skip
        session.add(assignment)
        cases = [
            Case(year=2026, number=1, title="Overlast", opened_on=date(2026, 2, 1), status=CaseStatus.CLOSED,
                 closed_on=date(2026, 4, 1), assignment=assignment),  # closed in period
            Case(year=2026, number=2, title="Afval", opened_on=date(2026, 3, 15),
                 status=CaseStatus.IN_PROGRESS, assignment=assignment),  # opened in period, running
            Case(year=2026, number=3, title="Verkeer", opened_on=date(2026, 6, 2), status=CaseStatus.REPORTED,
                 assignment=assignment),  # after the period
        ]  # fmt: skip
        session.add_all(cases)
        for number, (org, created, due, status, completed) in enumerate(ACTIONS, start=1):
            session.add(
                Action(
                    year=2026, number=number, description=f"Actie {number}", owner_organisation=orgs[org],
                    created_on=created, due_date=due, status=status, completed_on=completed,
                )
            )  # fmt: skip
        for received, theme, status in SIGNALS:
            signal = Signal(
                received_on=received, source=SignalSource.PARTNER, theme=themes[theme] if theme else None,
                street="Dreeflaan", text="Melding", status=status,
            )  # fmt: skip
            if status is SignalStatus.LINKED:
                signal.case, signal.triaged_on = cases[1], received
            elif status is SignalStatus.CLOSED:
                signal.closed_reason, signal.triaged_on = "Al bekend bij de gemeente", received
            session.add(signal)


@pytest.fixture
def seeded(db: Database) -> Database:
    _seed(db)
    return db


def _service(database: Database, today: date = TODAY) -> ReportDataService:
    return Services(database.session_factory, lambda: today).report_data


def _table(document: docx.document.Document, first_header: str) -> list[tuple[str, ...]]:
    for table in document.tables:
        if table.rows[0].cells[0].text == first_header:
            return [tuple(cell.text for cell in row.cells) for row in table.rows]
    raise AssertionError(f"no table {first_header!r}")


def test_figures_on_the_hand_made_dataset(seeded: Database) -> None:
    data = _service(seeded).progress(START, END)
    assert (data.assignment, data.client) == ("Wijkaanpak Dreven", "Stadsdeel")
    assert (data.cases.opened, data.cases.closed, data.cases.running) == (1, 1, 1)
    card = {line.organisation: line for line in data.scorecard}
    assert set(card) == {"Politie", "Woonstichting"}
    politie = card["Politie"]
    assert (politie.open, politie.overdue, politie.done, politie.done_on_time) == (2, 1, 3, 2)
    assert politie.share_on_time == pytest.approx(2 / 3)
    assert card["Woonstichting"].share_on_time == 0 and card["Woonstichting"].cancelled == 1
    assert data.actions_total.share_on_time == pytest.approx(0.5)
    assert data.signals_by_theme == (("verkeer", 2), ("Geen thema", 1), ("vervuiling", 1))
    use = data.signal_use
    assert (use.received, use.linked, use.closed_with_reason, use.untriaged, use.stale) == (4, 1, 2, 1, 1)
    assert use.share == pytest.approx(0.75)
    assert [(m.month, m.use.received) for m in data.signal_use_per_month] == [
        (date(2026, 3, 1), 2), (date(2026, 4, 1), 2), (date(2026, 5, 1), 0),
    ]  # fmt: skip


def test_document_headings_scorecard_charts_and_footer(seeded: Database, tmp_path: Path) -> None:
    target = write_progress_docx(_service(seeded).progress(START, END), tmp_path / "voortgang.docx")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(HEADINGS)
    scorecard = _table(document, "Organisatie")
    assert scorecard[0] == (
        "Organisatie",
        "Open",
        "Waarvan te laat",
        "Afgerond",
        "Op tijd",
        "% op tijd",
        "Vervallen",
    )
    assert scorecard[1:] == EXPECTED_SCORECARD
    assert _table(document, "In de periode")[1:] == [
        ("Geopend", "1"), ("Afgesloten", "1"), ("Lopend aan het eind van de periode", "1"),
    ]  # fmt: skip
    assert _table(document, "Thema")[-1] == ("Totaal", "4", "100%")
    # scorecard, signals per theme, signals benut; no rounds: no trend chart
    assert len(document.inline_shapes) == 3
    assert all(abs(shape.width.cm - 15.0) < 0.01 for shape in document.inline_shapes)
    footer = document.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "PAGE" in footer
    assert "Voortgangsrapportage 01-03-2026 t/m 31-05-2026" in footer
    assert "Er zijn nog geen inventarisatierondes met rapportcijfers." in [
        p.text for p in document.paragraphs
    ]


def test_default_period_is_the_current_assignment_up_to_today(seeded: Database) -> None:
    assert _service(seeded).default_period() == (date(2026, 1, 1), TODAY)


def test_default_period_without_assignment_is_the_last_three_months(db: Database) -> None:
    assert _service(db, date(2026, 5, 31)).default_period() == (date(2026, 3, 1), date(2026, 5, 31))
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)


def test_a_reversed_period_is_refused(seeded: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        _service(seeded).progress(END, START)
    assert "einddatum" in caught.value.errors["period"]


def test_an_empty_database_still_gives_a_complete_report(db: Database) -> None:
    document = build_progress_document(_service(db).progress(START, END))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(HEADINGS)
    assert len(document.inline_shapes) == 0


def test_demo_report(demo_db: Database, tmp_path: Path) -> None:
    service = _service(demo_db, DEMO_TODAY)
    start, end = service.default_period()
    data = service.progress(start, end)
    target = write_progress_docx(data, tmp_path / "voortgang.docx")
    document = docx.Document(str(target))
    assert len(document.inline_shapes) == 4  # scorecard, themes, benut, rating trend
    scorecard = _table(document, "Organisatie")
    assert len(scorecard) == len(data.scorecard) + 2
    assert scorecard[-1][0] == "Totaal" and int(scorecard[-1][3]) == sum(x.done for x in data.scorecard)
    trend = _table(document, "Ronde")
    assert [row[0] for row in trend[1:]] == [r.name for r in data.rating_trend] and len(trend) == 3


@pytest.mark.slow
def test_libreoffice_converts_the_progress_report(demo_db: Database, tmp_path: Path) -> None:
    service = _service(demo_db, DEMO_TODAY)
    target = write_progress_docx(service.progress(*service.default_period()), tmp_path / "voortgang.docx")
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd: PDF-conversie niet getest")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(target)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "voortgang.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr[-500:]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_chairs_plain_template_is_used(seeded: Database, tmp_path: Path) -> None:
    template = tmp_path / "eigen.docx"
    docx.Document().save(str(template))  # python-docx's default: no Caption, no Markering, no Briefhoofd
    target = write_progress_docx(_service(seeded).progress(START, END), tmp_path / "voortgang.docx", template)
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(HEADINGS)
    assert _table(document, "Organisatie")[1:] == EXPECTED_SCORECARD
    assert "Vertrouwelijk" in document.sections[0].footer._element.xml
