"""A report saved as an e-mail draft (.eml) left the program too: the logboek says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.reports.send_report import SendReportDialog
from wiec_desktop.ui.settings.preferences import Settings


def test_a_draft_is_logged_as_an_export(
    qtbot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: bool(QUrl(url)))
    context = AppContext(demo_db, Services(demo_db.session_factory, today=lambda: DEMO_TODAY), Settings())
    with demo_db.session_factory() as session:
        held = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)).first()
        assert held is not None
        meeting_id = held.id
    context.settings.set_reports_folder(tmp_path / "map")
    dialog = SendReportDialog(context, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.attach_actions.setChecked(False)

    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)

    assert dialog.last_draft is not None
    with demo_db.session_factory() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.sequence.desc())).first()
    assert last is not None
    assert (last.kind, last.entity_type, last.entity_id) == (AuditKind.EXPORT, "meeting", meeting_id)
    assert last.detail == f"concept-e-mail {dialog.last_draft.name} (1 bijlagen)"
    assert context.services.audit_log.verify_chain().ok
