"""Every page and dialog of the program, built on the demo database as a chair would meet them:
for the layout tests (does each fit a laptop screen?) and for looking at them.

    .venv/bin/python -m tests.ui.gallery OUT_DIR [WIDTHxHEIGHT] [SCALE]

renders each one on an offscreen screen of that size and scale (default 1280x720 at 1) to
``OUT_DIR/<name>.png`` and prints what does not fit, one line each (exit status 1 when anything
does not fit).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from wiec_desktop.domain import AgendaItem, Case, HouseVisit, Meeting, Signal
from wiec_desktop.domain.enums import MeetingStatus, SignalStatus
from wiec_desktop.ui.common.context import AppContext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

Factory = Callable[[AppContext], object]


def _first(context: AppContext, stmt: object) -> int:
    with context.database.session_factory() as session:
        value = session.scalars(stmt).first()  # type: ignore[call-overload]
        assert value is not None, stmt
        return int(value)


def _meeting(context: AppContext, status: MeetingStatus) -> int:
    return _first(context, select(Meeting.id).where(Meeting.status == status).order_by(Meeting.date.desc()))


def dialogs(context: AppContext) -> Iterator[tuple[str, Callable[[], object]]]:
    """(name, build) for every dialog, each filled with real demo records where it edits one."""
    from wiec_desktop.ui.agenda.editor import AgendaDialog
    from wiec_desktop.ui.agenda.item_dialog import AgendaItemDialog
    from wiec_desktop.ui.assignments.assignment_dialog import AssignmentDialog
    from wiec_desktop.ui.assignments.taxonomy_dialog import TaxonomyDialog
    from wiec_desktop.ui.cases.case_dialog import CaseDialog
    from wiec_desktop.ui.cases.involvement_dialog import InvolvementDialog
    from wiec_desktop.ui.cases.overlap_dialog import OverlapDialog
    from wiec_desktop.ui.inventory.address_import import AddressImportDialog
    from wiec_desktop.ui.inventory.round_dialog import RoundDialog
    from wiec_desktop.ui.meeting_mode.attendee_dialogs import AddContactDialog, GuestDialog
    from wiec_desktop.ui.meeting_mode.closing import ClosingSummaryDialog
    from wiec_desktop.ui.meeting_mode.entry_dialogs import ActionDialog, DecisionDialog
    from wiec_desktop.ui.meetings.meeting_dialog import MeetingDialog
    from wiec_desktop.ui.partners.contact_dialog import ContactDialog
    from wiec_desktop.ui.partners.organisation_dialog import OrganisationDialog
    from wiec_desktop.ui.reports.export_requests import PeriodDialog
    from wiec_desktop.ui.reports.send_report import SendReportDialog
    from wiec_desktop.ui.settings.settings_dialog import SettingsDialog
    from wiec_desktop.ui.signals.case_from_signal import SignalCaseDialog
    from wiec_desktop.ui.signals.dialogs import CasePickerDialog, CloseSignalDialog, NewSignalDialog

    services = context.services
    planned = _meeting(context, MeetingStatus.PLANNED)
    held = _meeting(context, MeetingStatus.HELD)
    case_id = _first(context, select(Case.id).order_by(Case.id))
    item_id = _first(context, select(AgendaItem.id).where(AgendaItem.meeting_id == planned))
    signal_id = _first(context, select(Signal.id).where(Signal.status == SignalStatus.NEW))
    organisation_id = services.reference_data.organisations()[0][0]
    contact_id = services.reference_data.contacts(organisation_id)[0][0]
    involvement = services.cases.get_case(case_id).involvements[0]
    similar = services.overlap.find_similar("Hangjongeren bij winkelcentrum", location="Ruinenlaan")
    row = next(r for r in services.agenda.agenda(planned))
    round_id = services.house_visits.rounds()[0].id
    due = services.meeting_run.default_due_date(planned)
    yield "case_new", lambda: CaseDialog(context)
    yield "case_edit", lambda: CaseDialog(context, case_id)
    yield "involvement", lambda: InvolvementDialog(context, case_id, involvement)
    yield "overlap", lambda: OverlapDialog(similar)
    yield "organisation", lambda: OrganisationDialog(context, organisation_id)
    yield "contact", lambda: ContactDialog(context, contact_id)
    yield "meeting_new", lambda: MeetingDialog(context)
    yield "meeting_edit", lambda: MeetingDialog(context, planned)
    yield "agenda", lambda: AgendaDialog(context, planned)
    yield "agenda_item", lambda: AgendaItemDialog(context, planned, row)
    yield "decision", lambda: DecisionDialog(context, item_id, "Rondvraag")
    yield "action", lambda: ActionDialog(context, planned, item_id, "Rondvraag", default_due=due)
    yield "guest", lambda: GuestDialog(context, planned)
    yield "add_contact", lambda: AddContactDialog(context, planned, set())
    yield "closing", lambda: ClosingSummaryDialog(services.meeting_run.closing_summary(held))
    yield "assignments", lambda: AssignmentDialog(context)
    yield "taxonomy", lambda: TaxonomyDialog(context)
    yield "settings", lambda: SettingsDialog(context)
    yield "send_report", lambda: SendReportDialog(context, held)
    yield "period", lambda: PeriodDialog(context)
    yield "address_import", lambda: AddressImportDialog(context)
    yield "round", lambda: RoundDialog(services.house_visits, round_id)
    yield "new_signal", lambda: NewSignalDialog(context)
    yield "close_signal", lambda: CloseSignalDialog(context, signal_id)
    yield "pick_case", lambda: CasePickerDialog(context)
    yield "case_from_signal", lambda: SignalCaseDialog(context, signal_id)
    from wiec_desktop.ui.audit.log_dialog import AuditLogDialog

    yield "audit_log", lambda: AuditLogDialog(context)
    from wiec_desktop.domain.enums import ReportCadence
    from wiec_desktop.domain.organisations import Assignment
    from wiec_desktop.services.followup.periodic import Period
    from wiec_desktop.ui.followup.periodic_dialog import PeriodicReportDialog

    assignment_id = _first(context, select(Assignment.id).order_by(Assignment.id))
    month = Period(assignment_id, ReportCadence.MONTHLY, date(2026, 10, 1), date(2026, 10, 31))
    yield "periodic_report", lambda: PeriodicReportDialog(context, month)
    from wiec_desktop.storage.errors import DatabaseDamaged
    from wiec_desktop.ui.shell.damaged_dialog import DamagedDialog

    damage = DatabaseDamaged(
        "wijk.sqlite is beschadigd.",
        ("Bestand is afgekapt: 100 bytes te kort", "Tabel case: 1 rij met een onbekende waarde 'XYZ'"),
        Path("wijk.20261101-090000.wiec-backup"),
    )
    yield "damaged", lambda: DamagedDialog(Path("wijk.sqlite"), damage)
    try:
        from wiec_desktop.ui.inventory.visit_dialog import VisitDialog
    except ImportError:  # pragma: no cover - older trees
        return
    visit_id = _first(context, select(HouseVisit.id).order_by(HouseVisit.id))
    yield "visit", lambda: VisitDialog(context, visit_id)


def screen_environment(size: tuple[int, int], scale: float, folder: Path) -> dict[str, str]:
    """The environment for a Qt process whose one (offscreen) screen has ``size`` pixels at ``scale``."""
    import json
    import os

    from wiec_desktop.storage.paths import DATA_DIR_ENV

    config = folder / "screen.json"
    screen = {"name": f"{size[0]}x{size[1]}", "x": 0, "y": 0, "width": size[0], "height": size[1],
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    environment = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    environment[DATA_DIR_ENV] = str(folder)  # settings and layouts of its own, never the user's
    if scale != 1:
        environment["QT_SCALE_FACTOR"] = str(scale)
    return environment


def render(out: Path, today: date) -> list[str]:
    """Save every page, the meeting window and every dialog on the screen the process has (see
    ``screen_environment``); returns what does not fit."""
    import shutil
    import tempfile

    from PySide6.QtWidgets import QApplication, QFileDialog

    from wiec_desktop.services.demo_data import build_demo
    from wiec_desktop.storage.database import open_database
    from wiec_desktop.ui.meeting_mode import open_meeting_mode
    from wiec_desktop.ui.shell.main_window import MainWindow
    from wiec_desktop.ui.shell.sections import SECTIONS

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    sample = folder / "adressen.csv"  # the address import asks for a file as it opens
    sample.write_text(
        "Straat;Huisnummer;Toevoeging;Postcode;Buurt\n"
        "Dedemsvaartweg;12;;2545 AB;Dedemsvaart\nDedemsvaartweg;12;;2545 AB;Dedemsvaart\n"
        "Leyweg;;;2545;Onbekend\n",
        encoding="utf-8",
    )
    chooser = QFileDialog.getOpenFileName
    QFileDialog.getOpenFileName = staticmethod(lambda *_a, **_k: (str(sample), ""))  # type: ignore[method-assign]
    database = open_database(folder / "demo.sqlite", create=True)
    build_demo(database.session_factory, today=today)
    context = AppContext.create(database, today=lambda: today)
    out.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    available = app.primaryScreen().availableGeometry()
    window = MainWindow(context)
    window.setGeometry(available)
    window.showMaximized()
    for number in range(len(SECTIONS)):
        window.show_section(number)
        page = window.page(number)
        app.processEvents()
        app.processEvents()  # a list below the window's edge loads on the next turn, then is laid out
        name = f"page_{page.objectName().removeprefix('page_')}"
        found += _look(window, name, out)
        found += _each_tab(app, window, page, name, out)
    meeting = open_meeting_mode(context, _meeting(context, MeetingStatus.PLANNED))
    app.processEvents()
    found += _too_big("meeting_mode", meeting, available)
    found += _look(meeting, "meeting_mode", out)
    meeting.close()
    for name, build in dialogs(context):
        dialog = build()
        dialog.show()  # type: ignore[attr-defined]
        app.processEvents()
        _wait_for_background(app, dialog)
        found += _too_big(name, dialog, available)  # type: ignore[arg-type]
        found += _look(dialog, f"dialog_{name}", out)  # type: ignore[arg-type]
        found += _each_tab(app, dialog, dialog, f"dialog_{name}", out)  # type: ignore[arg-type]
        dialog.close()  # type: ignore[attr-defined]
    window.close()
    database.close()
    QFileDialog.getOpenFileName = chooser  # type: ignore[method-assign]
    shutil.rmtree(folder, ignore_errors=True)
    return found


def _wait_for_background(app: object, dialog: object, seconds: float = 10) -> None:
    """A dialog reading in the background (the address import's preview) is looked at once read."""
    import time

    end = time.monotonic() + seconds
    while hasattr(dialog, "preview") and dialog.preview is None and time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)
    app.processEvents()  # type: ignore[attr-defined]


def _look(window: QWidget, name: str, out: Path) -> list[str]:
    """Save ``window`` as it is now to ``out/<name>.png``; what does not fit in it."""
    from tests.ui.layout_check import problems

    window.grab().save(str(out / f"{name}.png"))
    return [f"{name}: {p}" for p in problems(window)]


def _each_tab(app: object, window: QWidget, inside: QWidget, name: str, out: Path) -> list[str]:
    """Every further tab of the tab widgets in ``inside``, as the chair opens them."""
    from PySide6.QtWidgets import QTabWidget

    found: list[str] = []
    for tabs in inside.findChildren(QTabWidget):
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            app.processEvents()  # type: ignore[attr-defined]
            found += _look(window, f"{name}_tab{index}", out)
        tabs.setCurrentIndex(0)
    return found


def _too_big(name: str, window: object, available: object) -> list[str]:
    """A window larger than the screen is cut off: say so."""
    frame = window.frameGeometry()  # type: ignore[attr-defined]
    if frame.width() > available.width() or frame.height() > available.height():  # type: ignore[attr-defined]
        return [f"{name}: groter dan het scherm: {frame.width()}×{frame.height()}"]
    return []


def main(argv: list[str]) -> int:
    """Render in a child process on the screen asked for (Qt picks its screen at start)."""
    import os
    import subprocess
    import tempfile

    target = Path(argv[1])
    width, height = (int(n) for n in (argv[2] if len(argv) > 2 else "1280x720").split("x"))
    scale = float(argv[3]) if len(argv) > 3 else 1.0
    if os.environ.get("WIEC_GALLERY_CHILD"):
        found = render(target, date(2026, 11, 10))
        for line in found:
            print(line)
        return 1 if found else 0
    with tempfile.TemporaryDirectory() as folder:
        environment = screen_environment((width, height), scale, Path(folder))
        environment["WIEC_GALLERY_CHILD"] = "1"
        command = [sys.executable, "-m", "tests.ui.gallery", *argv[1:]]
        done = subprocess.run(command, env=environment, check=False)
        return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
