"""Approved minutes are kept as they were approved: the same approved minutes give the same Word
document whatever happens afterwards (actions, names, places, the day of export); the current state
is the action list's. Through the services, on the demo database, no Qt."""

from __future__ import annotations

import dataclasses
import logging
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from tests.conftest import DEMO_TODAY
from wiec_desktop.domain import Action, Meeting
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, ActionStatus, MeetingStatus, MinutesStatus
from wiec_desktop.exports import documents
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.formatting import long_date
from wiec_desktop.services.meetings import minutes_data, minutes_snapshot
from wiec_desktop.services.meetings.minutes_data import MinutesData
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

APPROVAL_DAY = date(2026, 11, 24)  # the demo's next meeting of the series of the last one held


class Clock:
    """The services' "today", moved on by the test."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def _meetings(database: Database) -> tuple[int, int]:
    """(the last held meeting, whose minutes are a draft; the next planned one of its series)."""
    with database.session_factory() as session:
        held = session.scalars(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
        ).first()
        following = session.scalars(
            select(Meeting)
            .where(
                Meeting.status == MeetingStatus.PLANNED, Meeting.kind == held.kind, Meeting.date > held.date
            )
            .order_by(Meeting.date)
        ).first()
        assert held.minutes_status == MinutesStatus.DRAFT and following.date == APPROVAL_DAY
        return held.id, following.id


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _note(path: Path) -> str:
    return next(
        p.text for p in docx.Document(str(path)).paragraphs if p.text.startswith("Stand van de acties")
    )


def test_approved_minutes_give_the_same_document_after_everything_changed(
    demo_db: Database, tmp_path: Path
) -> None:
    clock = Clock(APPROVAL_DAY)
    services = Services(demo_db.session_factory, clock)
    held, following = _meetings(demo_db)
    services.meeting_run.approve_previous_minutes(following, "Punt 5: naam gecorrigeerd.")
    first = documents.write_minutes(services, held, tmp_path / "eerste.docx")
    documents.write_minutes(services, held, tmp_path / "tweede.docx")
    assert (tmp_path / "eerste.docx").read_bytes() == (tmp_path / "tweede.docx").read_bytes()

    # Afterwards: an action in its table is done, an owner renamed, the meeting's place and the
    # next meeting's date changed, the minutes text touched, and weeks pass.
    changed = next(line for line in first.actions if line.status in OPEN_ACTION_STATUSES)
    with demo_db.session_factory() as session:
        action = session.scalars(
            select(Action).where(
                Action.year == int(changed.reference[2:6]), Action.number == int(changed.reference[7:])
            )
        ).one()
        action_id, organisation_id = action.id, action.owner_organisation_id
    clock.day = date(2026, 12, 15)
    services.actions.record_update(action_id, ActionStatus.DONE, note="Afgerond.")
    services.organisations.update_organisation(organisation_id, name="Hernoemde organisatie")
    services.agenda.update_meeting(held, location="Een andere zaal")
    services.agenda.update_meeting(following, date=date(2026, 12, 1))
    with demo_db.engine.begin() as con:
        con.execute(
            text("UPDATE agenda_item SET minutes = minutes || ' Later bijgewerkt.' WHERE meeting_id = :m"),
            {"m": held},
        )

    again = documents.write_minutes(services, held, tmp_path / "later.docx")
    assert again == first and again.frozen
    assert _parts(tmp_path / "later.docx") == _parts(tmp_path / "eerste.docx")  # every XML part
    assert (tmp_path / "later.docx").read_bytes() == (tmp_path / "eerste.docx").read_bytes()

    # What the document says about it, and its dates.
    assert _note(tmp_path / "later.docx") == (
        f"Stand van de acties op {long_date(APPROVAL_DAY)}, bij de vaststelling van dit verslag: de "
        "openstaande acties van dit overleg en de eerdere overleggen in deze reeks, en de acties die in "
        "dit overleg zijn gemaakt of besproken. De actuele stand staat in de actielijst."
    )
    properties = docx.Document(str(tmp_path / "later.docx")).core_properties
    assert properties.created == properties.modified == datetime(2026, 11, 24, tzinfo=UTC)
    with zipfile.ZipFile(tmp_path / "later.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 11, 24, 0, 0, 0)}
    assert again.corrections == "Punt 5: naam gecorrigeerd." and again.approved_on == APPROVAL_DAY

    # The current state is the action list's.
    current = services.action_list.action_list(ActionListScope.all_open())
    assert changed.reference not in {row.reference for row in current.rows}


def test_the_snapshot_is_written_in_the_approval_transaction(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = Services(demo_db.session_factory, lambda: APPROVAL_DAY)
    held, following = _meetings(demo_db)

    def broken(_data: object) -> str:
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(minutes_snapshot, "dumps", broken)
    with pytest.raises(RuntimeError):
        services.meeting_run.approve_previous_minutes(following, "correctie")
    with demo_db.session_factory() as session:
        meeting = session.get(Meeting, held)
        assert meeting.minutes_status == MinutesStatus.DRAFT and meeting.minutes_snapshot is None
    monkeypatch.undo()
    services.meeting_run.approve_previous_minutes(following, "correctie")
    with demo_db.session_factory() as session:
        meeting = session.get(Meeting, held)
        assert meeting.minutes_status == MinutesStatus.APPROVED and meeting.minutes_snapshot


def test_minutes_approved_before_snapshots_existed_say_their_actions_are_todays(
    demo_db: Database, tmp_path: Path
) -> None:
    """The demo's earlier minutes were approved without a snapshot (as after upgrading to 0004):
    exported as today, and the document says that the state at approval was not kept."""
    with demo_db.session_factory() as session:
        approved = session.scalars(
            select(Meeting).where(Meeting.minutes_status == MinutesStatus.APPROVED).order_by(Meeting.date)
        ).all()
        assert approved and all(m.minutes_snapshot is None for m in approved)
        rows = [(m.id, m.minutes_approved_on) for m in approved]
    services = Services(demo_db.session_factory, lambda: DEMO_TODAY)
    for meeting_id, approved_on in rows:
        data = documents.write_minutes(services, meeting_id, tmp_path / f"{meeting_id}.docx")
        assert data.approved and not data.frozen and data.as_of == DEMO_TODAY
        note = _note(tmp_path / f"{meeting_id}.docx")
        assert note.startswith(f"Stand van de acties op {long_date(DEMO_TODAY)}: ")
        assert f"De stand bij de vaststelling op {long_date(approved_on)} is niet bewaard" in note
        properties = docx.Document(str(tmp_path / f"{meeting_id}.docx")).core_properties
        assert properties.modified == datetime(
            approved_on.year, approved_on.month, approved_on.day, tzinfo=UTC
        )


def test_concept_minutes_show_todays_actions(demo_db: Database, tmp_path: Path) -> None:
    held, _following = _meetings(demo_db)
    documents.write_minutes(Services(demo_db.session_factory, lambda: DEMO_TODAY), held, tmp_path / "c.docx")
    assert _note(tmp_path / "c.docx").startswith(
        f"Stand van de acties op {long_date(DEMO_TODAY)}: de openstaande"
    )


def test_a_damaged_snapshot_falls_back_to_today_and_logs_no_text(
    demo_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    services = Services(demo_db.session_factory, lambda: APPROVAL_DAY)
    held, following = _meetings(demo_db)
    services.meeting_run.approve_previous_minutes(following, "")
    with demo_db.engine.begin() as con:
        con.execute(
            text("UPDATE meeting SET minutes_snapshot = '{\"version\": 99}' WHERE id = :m"), {"m": held}
        )
    with caplog.at_level(logging.WARNING):
        data = services.minutes_data.minutes(held)
    assert data.approved and not data.frozen
    assert [r.getMessage() for r in caplog.records] == [
        f"Kept minutes of meeting {held} cannot be read (unknown snapshot version); using today's"
    ]


def test_the_snapshot_keeps_every_field(demo_db: Database) -> None:
    """Stored and read back, the demo's minutes are equal field for field (frozen aside)."""
    held, _following = _meetings(demo_db)
    data = Services(demo_db.session_factory, lambda: DEMO_TODAY).minutes_data.minutes(held)
    text_ = minutes_snapshot.dumps(data)
    assert minutes_snapshot.loads(MinutesData, text_) == data
    assert text_.isascii()  # any text, also lone surrogates, is stored safely escaped


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_type(MinutesData))
def test_any_minutes_survive_the_snapshot(data: MinutesData) -> None:
    assert minutes_snapshot.loads(MinutesData, minutes_snapshot.dumps(data)) == data


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "nee",
        "[]",
        '{"version": 1}',
        '{"version": 1, "data": {"meeting": 3}}',
        '{"version": 2, "data": {}}',
    ],
)
def test_text_that_is_not_a_snapshot_is_refused(stored: str) -> None:
    with pytest.raises(minutes_snapshot.SnapshotError):
        minutes_snapshot.loads(MinutesData, stored)


def test_a_field_missing_from_an_older_snapshot_takes_its_default(demo_db: Database) -> None:
    import json

    held, _following = _meetings(demo_db)
    data = Services(demo_db.session_factory, lambda: DEMO_TODAY).minutes_data.minutes(held)
    stored = json.loads(minutes_snapshot.dumps(data))
    del stored["data"]["absent"], stored["data"]["unrecorded"]
    older = minutes_snapshot.loads(MinutesData, json.dumps(stored))
    assert older == dataclasses.replace(data, absent=(), unrecorded=())
    assert minutes_data.MinutesData is MinutesData
