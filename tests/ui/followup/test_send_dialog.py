"""Acties per partner versturen from the GUI: the dialog's choices, drafts in the chosen folder,
sending through a real aiosmtpd server, and the two ways in (the Acties page, closing a meeting)."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QRadioButton
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.mail_doubles import Recorder, free_port
from wiec_desktop.domain import Contact, Meeting, PartnerDispatch
from wiec_desktop.domain.enums import DispatchKind, MeetingStatus
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.dispatch import DispatchRequest
from wiec_desktop.services.mail.settings import MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.background import SynchronousRunner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.followup.send_dialog import PartnerSendDialog
from wiec_desktop.ui.settings.preferences import Settings


@pytest.fixture
def context(demo_db: Database) -> AppContext:
    return AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())


@pytest.fixture
def held_id(demo_db: Database) -> int:
    with demo_db.session_factory() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        assert meeting is not None
        return meeting.id


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def smtp() -> Iterator[tuple[int, Recorder]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, recorder
    controller.stop()


def open_dialog(qtbot, context: AppContext, **kwargs: object) -> PartnerSendDialog:
    dialog = PartnerSendDialog(context, runner=SynchronousRunner(), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: PartnerSendDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        (item.text(0), item.text(1), item.text(2))
        for item in (table.topLevelItem(n) for n in range(table.topLevelItemCount()))
        if item is not None
    ]


def click_radio(qtbot, button: QRadioButton) -> None:
    """Click on the indicator (a radio button only reacts on its indicator and text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def set_folder(qtbot, dialog: PartnerSendDialog, folder: Path) -> None:
    dialog.folder_edit.selectAll()
    qtbot.keyClicks(dialog.folder_edit, str(folder))


def dispatches(demo_db: Database) -> list[PartnerDispatch]:
    with demo_db.session_factory() as session:
        return list(session.scalars(select(PartnerDispatch).order_by(PartnerDispatch.id)))


def test_the_dialog_lists_each_organisation_with_its_count_and_contacts(qtbot, context: AppContext) -> None:
    dialog = open_dialog(qtbot, context)
    plans = context.services.followup_dispatch.plan(dialog.request())
    shown = rows(dialog)
    assert [(name, int(count)) for name, count, _who in shown] == [
        (p.organisation, p.action_count) for p in plans
    ]
    assert all("@" in who for _name, _count, who in shown)
    assert not dialog.meeting_scope.isEnabled() and dialog.all_scope.isChecked()
    assert "24 november 2026" in dialog.next_label.text()
    assert dialog.draft_mode.isChecked() and dialog.actions_kind.isChecked()


def test_drafts_for_the_ticked_organisations_in_the_chosen_folder(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, context)
    folder = tmp_path / "naar partners"
    set_folder(qtbot, dialog, folder)
    first = dialog.table.topLevelItem(0)
    assert first is not None
    skipped = first.text(0)
    first.setCheckState(0, Qt.CheckState.Unchecked)
    with qtbot.waitSignal(dialog.sent, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    count = dialog.table.topLevelItemCount() - 1
    assert len(dialog.results) == count and all(r.ok for r in dialog.results)
    assert skipped not in {r.organisation for r in dialog.results}
    assert dialog.status_label.text().startswith(f"Klaar: {count} concept-e-mails klaargezet")
    assert dialog.summary.isVisible() and skipped not in dialog.summary.toPlainText()
    assert len(sorted(folder.glob("*.xlsx"))) == count == len(sorted(folder.glob("*.eml")))
    assert len(dispatches(demo_db)) == count


def test_after_a_meeting_the_scope_is_that_meeting_and_can_be_widened(
    qtbot, context: AppContext, held_id: int, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, context, meeting_id=held_id)
    assert dialog.meeting_scope.isEnabled() and dialog.meeting_scope.isChecked()
    narrow = sum(int(count) for _n, count, _w in rows(dialog))
    click_radio(qtbot, dialog.all_scope)
    assert dialog.all_scope.isChecked() and not dialog.request().only_meeting_actions
    wide = sum(int(count) for _n, count, _w in rows(dialog))
    assert 0 < narrow < wide


def test_a_reminder_goes_out_over_smtp(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path, smtp: tuple[int, Recorder]
) -> None:
    port, recorder = smtp
    context.settings.set_mail_settings(
        MailSettings(
            host="127.0.0.1", port=port, security="none", sender_address="voorzitter@wiec.example.nl"
        )
    )
    dialog = open_dialog(qtbot, context)
    set_folder(qtbot, dialog, tmp_path / "uit")
    click_radio(qtbot, dialog.reminder_kind)
    click_radio(qtbot, dialog.send_mode)
    assert dialog.request().kind is DispatchKind.REMINDER
    with qtbot.waitSignal(dialog.sent, timeout=30_000):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    organisations = dialog.table.topLevelItemCount()
    assert len(recorder.envelopes) == organisations
    message = email.message_from_bytes(recorder.envelopes[0].content, policy=policy.default)
    assert message["Subject"] == "Uw acties voor het overleg van dinsdag 24 november 2026"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename().startswith("herinnering-acties-2026-11-10-")
    assert f"{organisations} e-mails verstuurd" in dialog.status_label.text()
    assert {d.kind for d in dispatches(demo_db)} == {DispatchKind.REMINDER}


def test_sending_without_a_mail_server_says_what_to_do(
    qtbot, context: AppContext, demo_db: Database, warnings: list[str]
) -> None:
    dialog = open_dialog(qtbot, context)
    click_radio(qtbot, dialog.send_mode)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert warnings and "geen mailserver ingesteld" in warnings[0]
    assert dispatches(demo_db) == [] and not dialog.busy


def test_an_organisation_without_address_is_named_in_the_list_and_the_summary(
    qtbot, context: AppContext, demo_db: Database, tmp_path: Path
) -> None:
    first = context.services.followup_dispatch.plan(DispatchRequest())[0]
    with demo_db.session_factory.begin() as session:
        for contact in session.scalars(
            select(Contact).where(Contact.organisation_id == first.organisation_id)
        ):
            contact.email = ""
    dialog = open_dialog(qtbot, context)
    assert "geen e-mailadres bekend" in rows(dialog)[0][2]
    set_folder(qtbot, dialog, tmp_path / "uit")
    with qtbot.waitSignal(dialog.sent, timeout=30_000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "1 alleen als Excel-bestand (geen e-mailadres bekend)" in dialog.status_label.text()
    assert f"{first.organisation}: werkboek met" in dialog.summary.toPlainText()
    lonely = [r for r in dialog.results if r.without_contact]
    assert len(lonely) == 1 and lonely[0].workbook is not None
    meta = load_workbook(lonely[0].workbook)[fmt.META_SHEET]
    assert {row[0]: row[1] for row in meta.iter_rows(values_only=True)}[fmt.META_TOKEN] == lonely[0].token


def test_the_actions_page_opens_the_dialog(qtbot, context: AppContext) -> None:
    from wiec_desktop.ui.actions.page import ActionsPage

    page = ActionsPage(context)
    qtbot.addWidget(page)
    assert page.partners_button.text() == "Acties per partner versturen…"
    dialog = page.send_per_partner()
    assert isinstance(dialog, PartnerSendDialog) and dialog.isVisible()
    assert dialog.table.topLevelItemCount() > 0
    dialog.close()


def test_the_closing_summary_offers_to_send_per_partner(qtbot, context: AppContext, held_id: int) -> None:
    from wiec_desktop.ui.meeting_mode.closing import ClosingSummaryDialog, offer_partner_dispatch

    summary = context.services.meeting_run.closing_summary(held_id)
    closing = ClosingSummaryDialog(summary)
    qtbot.addWidget(closing)
    assert closing.send_partners.isChecked() == bool(summary.new_actions or summary.updated_actions)
    dialog = offer_partner_dispatch(context, held_id, None)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, PartnerSendDialog)
    assert dialog.meeting_id == held_id and dialog.request().only_meeting_actions
    dialog.close()
