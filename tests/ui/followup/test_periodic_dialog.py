"""The periodic report from the Overzicht: the banner says which period is due, a click opens the
dialog, "Nu versturen" sends the report through a real SMTP server (aiosmtpd on 127.0.0.1) and the
banner moves on to the next period; a draft counts too; without recipients nothing can be sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import Recorder, free_port
from wiec_desktop.domain.followup import PeriodicReport
from wiec_desktop.domain.organisations import Assignment
from wiec_desktop.services.mail.settings import MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.followup.periodic_dialog import PeriodicReportDialog
from wiec_desktop.ui.overview.page import OverviewPage
from wiec_desktop.ui.settings.preferences import Settings
from wiec_desktop.ui.shell.main_window import MainWindow


@pytest.fixture
def smtp() -> Iterator[tuple[int, Recorder]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, recorder
    controller.stop()


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


def overview(qtbot, context: AppContext) -> OverviewPage:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_section(0)
    page = window.page(0)
    assert isinstance(page, OverviewPage)
    return page


def click_banner(qtbot, page: OverviewPage) -> PeriodicReportDialog:
    banner = page.periodic_banner
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    dialog = banner.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def reports(database: Database) -> list[tuple[date, date, int, bool]]:
    with database.session_factory() as session:
        return [
            (r.period_start, r.period_end, r.recipients, r.sent_at is not None)
            for r in session.scalars(select(PeriodicReport).order_by(PeriodicReport.period_start))
        ]


def test_banner_click_send_and_the_banner_moves_on(
    qtbot,
    context: AppContext,
    demo_db: Database,
    smtp: tuple[int, Recorder],
    warnings: list[str],
    tmp_path: Path,
) -> None:
    port, recorder = smtp
    context.settings.set_mail_settings(
        MailSettings(
            host="127.0.0.1",
            port=port,
            security="none",
            sender_address="voorzitter@wiec.example.nl",
            sender_name="Marieke Verbeek",
            timeout=10,
        )
    )
    page = overview(qtbot, context)
    banner = page.periodic_banner
    assert banner.isVisible()
    assert banner.title.text() == "Rapportage over augustus staat klaar"
    assert banner.detail.text() == "1 t/m 31 augustus 2026 · 1 verslag · 7 ontvangers · daarna nog 2"

    dialog = click_banner(qtbot, page)
    assert dialog.recipients_list.count() == 7 and dialog.bcc_button.isChecked()
    assert dialog.documents_list.count() == 2
    assert dialog.documents_list.item(1).text() == (
        "Verslag: Casuïstiekoverleg Wateringseveld van dinsdag 11 augustus 2026 (vastgesteld) (Word)"
    )
    folder = tmp_path / "Rapportages"
    dialog.folder_edit.setText(str(folder))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.done_kind == "send", timeout=60_000)
    assert warnings == [] and dialog.last_error == ""
    assert dialog.status_label.text() == ("Verzonden aan 7 ontvangers: de voortgangsrapportage en 1 verslag.")
    assert not dialog.send_button.isEnabled() and not dialog.draft_button.isEnabled()

    assert len(recorder.envelopes) == 1
    got = message_from_bytes(recorder.envelopes[0].content, policy=policy.default)
    names = [part.get_filename() for part in got.iter_attachments()]  # type: ignore[attr-defined]
    assert names == [
        "voortgangsrapportage-2026-08-01-2026-08-31.docx",
        "verslag-2026-08-11-casuistiekoverleg-wateringseveld.docx",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert reports(demo_db) == [(date(2026, 8, 1), date(2026, 8, 31), 7, True)]

    # The banner now names the next due period.
    assert banner.isVisible()
    assert banner.title.text() == "Rapportage over september staat klaar"
    assert banner.detail.text().endswith("daarna nog 1")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)


def test_a_draft_counts_and_the_last_one_takes_the_banner_away(
    qtbot, context: AppContext, demo_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toLocalFile()) or True
    )
    services = context.services.periodic_reports
    for period in services.due()[:-1]:  # August and September went out earlier
        services.record_sent(period, 7, ["a.docx"])
    page = overview(qtbot, context)
    page.refresh()
    banner = page.periodic_banner
    assert banner.title.text() == "Rapportage over oktober staat klaar"
    dialog = click_banner(qtbot, page)
    dialog.folder_edit.setText(str(tmp_path))
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.done_kind == "draft", timeout=60_000)
    assert dialog.last_draft == tmp_path / "rapportage-2026-10-01-2026-10-31.eml"
    assert opened == [str(dialog.last_draft)]
    assert dialog.status_label.text().startswith(
        "Concept met de voortgangsrapportage en 1 verslag opgeslagen"
    )
    assert not banner.isVisible() and banner.due is None


def test_without_recipients_the_dialog_says_so_and_cannot_send(
    qtbot, context: AppContext, demo_db: Database
) -> None:
    with demo_db.session_factory.begin() as session:
        assignment = session.get(Assignment, 1)
        assert assignment is not None
        assignment.recipients.clear()
    page = overview(qtbot, context)
    assert page.periodic_banner.detail.text().endswith("0 ontvangers · daarna nog 2")
    dialog = click_banner(qtbot, page)
    assert dialog.recipients_list.count() == 0
    assert "geen ontvangers van de rapportage" in dialog.recipients_error.text()
    assert dialog.recipients_error.isVisible()
    assert not dialog.send_button.isEnabled() and not dialog.draft_button.isEnabled()
    assert reports(demo_db) == []
