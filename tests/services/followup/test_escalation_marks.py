"""Where an escalated action is marked (issue 15): meeting mode's rows, the agenda suggestions, the
Acties list, the Excel action list's rows and the progress report (reopened with python-docx)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.services.followup.escalation_world import LATE_REASON, MADE, MOVED_REASON, TODAY, make_world
from wiec_desktop.domain import Assignment
from wiec_desktop.domain.enums import ActionStatus, MeetingKind, SuggestionReason
from wiec_desktop.exports.docx.progress import ATTENTION_HEADING, HEADINGS, write_progress_docx
from wiec_desktop.services.actions.action_list import ActionListScope
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.meetings.agenda import AgendaStart
from wiec_desktop.storage.database import Database


@pytest.fixture
def world(db: Database) -> Iterator[dict[str, Any]]:
    yield make_world(db)


def test_meeting_mode_rows_carry_the_reason(world: dict[str, Any]) -> None:
    services = world["services"]
    meeting = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Casusoverleg", TODAY, time(9), time(11), assignment_id=world["assignment"],
        start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    rows = {row.id: row for row in services.meeting_run.review_actions(meeting)}
    assert rows[world["moved"]].escalation == MOVED_REASON
    assert rows[world["late"]].escalation == LATE_REASON
    assert rows[world["fine"]].escalation == ""


def test_the_agenda_suggests_the_case_for_its_escalated_actions(world: dict[str, Any]) -> None:
    services = world["services"]
    meeting = services.agenda.plan_meeting(
        MeetingKind.CASE_MEETING, "Casusoverleg", TODAY + timedelta(days=7), time(9), time(11),
        assignment_id=world["assignment"], start_from=AgendaStart.EMPTY,
    )  # fmt: skip
    (suggestion,) = services.agenda.suggestions(meeting)
    assert SuggestionReason.ESCALATED_ACTIONS in suggestion.reasons
    assert SuggestionReason.ESCALATED_ACTIONS.label == "Acties die aandacht van management vragen"
    assert "2 acties vragen aandacht van management" in suggestion.detail
    # a stricter assignment: only the moved action stays escalated
    with world["db"].session_factory.begin() as session:
        session.get(Assignment, world["assignment"]).escalate_after_weeks = 8
    (suggestion,) = services.agenda.suggestions(meeting)
    assert "1 actie vraagt aandacht van management" in suggestion.detail


def test_the_acties_list_has_a_column_and_a_filter(world: dict[str, Any]) -> None:
    source = world["services"].list_source("actions")
    column = source.spec.column_index("escalation")
    assert source.spec.columns[column].header == "Aandacht" and not source.spec.columns[column].sortable
    rows = {row.id: row.values[column] for row in source.fetch(ListQuery(), 0, 50)}
    assert rows == {world["moved"]: MOVED_REASON, world["late"]: LATE_REASON, world["fine"]: ""}
    reference = source.spec.column_index("reference")
    numbers = {row.id: row.values[reference] for row in source.fetch(ListQuery(), 0, 50)}
    assert numbers == {
        world["moved"]: "⚑ A-2026-001",
        world["late"]: "⚑ A-2026-002",
        world["fine"]: "A-2026-003",
    }
    assert [row.id for row in source.fetch(ListQuery(sort_key="reference"), 0, 50)] == [
        world["moved"], world["late"], world["fine"],
    ]  # fmt: skip
    assert source.count(ListQuery(search="A-2026-001")) == 1  # the mark does not get in the way of search
    details = world["services"].details
    fields = dict(details.get("actions", world["moved"]).fields)
    assert fields["Aandacht"] == f"⚑ {MOVED_REASON}"
    assert dict(details.get("actions", world["fine"]).fields)["Aandacht"] == ""
    escalated = ListQuery(filters={"escalated": True})
    assert source.count(escalated) == 2
    assert {row.id for row in source.fetch(escalated, 0, 50)} == {world["moved"], world["late"]}


def test_the_excel_action_list_rows_carry_the_reason(world: dict[str, Any]) -> None:
    services = world["services"]
    data = services.action_list.action_list(ActionListScope.all_open())
    reasons = {row.action_id: row.escalation for row in data.rows}
    assert reasons == {world["moved"]: MOVED_REASON, world["late"]: LATE_REASON, world["fine"]: ""}
    done_too = services.action_list.action_list(ActionListScope.for_organisation(world["other"]))
    assert {row.action_id: row.escalation for row in done_too.rows} == {
        world["late"]: LATE_REASON,
        world["fine"]: "",
    }
    services.actions.record_update(world["late"], ActionStatus.DONE)  # done: no longer escalated
    done_too = services.action_list.action_list(ActionListScope.for_organisation(world["other"]))
    assert all(row.escalation == "" for row in done_too.rows)


def _table(document: Any, first_header: str) -> list[tuple[str, ...]]:
    for table in document.tables:
        if table.rows[0].cells[0].text == first_header:
            return [tuple(cell.text for cell in row.cells) for row in table.rows]
    raise AssertionError(f"no table headed {first_header}")


def test_the_progress_report_lists_them_for_management(world: dict[str, Any], tmp_path: Path) -> None:
    data = world["services"].report_data.progress(date(2026, 7, 1), TODAY)
    assert [line.reference for line in data.attention] == ["A-2026-001", "A-2026-002"]
    target = write_progress_docx(data, tmp_path / "voortgang.docx")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [*HEADINGS[:2], ATTENTION_HEADING, *HEADINGS[2:]]
    table = _table(document, "Actie")
    assert table[0] == ("Actie", "Organisatie", "Omschrijving", "Reden", "Deadlines")
    history = "\n".join(
        f"{day:%d-%m-%Y}"
        for day in (
            MADE + timedelta(days=10),
            TODAY + timedelta(days=5),
            TODAY + timedelta(days=12),
            TODAY + timedelta(days=19),
        )
    )
    assert table[1] == (
        "A-2026-001",
        "Woonstad",
        "Portiek schoonmaken, overleg met […] ([…])",
        MOVED_REASON,
        history,
    )
    assert table[2] == (
        "A-2026-002",
        "Politie",
        "Camera ophangen",
        LATE_REASON,
        f"{TODAY - timedelta(days=44):%d-%m-%Y}",
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2 open acties vragen aandacht van het management" in text
    assert "2 keer of vaker verschoven" in text and "meer dan 4 weken" in text
    assert "Anna" not in text + str(table) and "5678" not in str(table)  # no resident in the report


def test_the_section_is_left_out_when_nothing_slips(world: dict[str, Any], tmp_path: Path) -> None:
    services = world["services"]
    services.actions.record_update(world["moved"], ActionStatus.DONE)
    services.actions.record_update(world["late"], ActionStatus.CANCELLED)
    data = services.report_data.progress(date(2026, 7, 1), TODAY)
    assert data.attention == ()
    document = docx.Document(str(write_progress_docx(data, tmp_path / "voortgang.docx")))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(HEADINGS)
    assert all(table.rows[0].cells[0].text != "Actie" for table in document.tables)
