"""Returned partner workbooks: typed answers previewed, accepted or rejected, conflicts with both
versions, foreign/damaged/edited files, and a second import that adds nothing."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.services.followup.partner_workbook_fixture import (
    A1,
    A2,
    A3,
    TODAY,
    World,
    build_world,
    send_list,
    type_answer,
    type_into,
)
from wiec_desktop.domain import Action, ActionUpdate, AuditEvent
from wiec_desktop.domain.enums import ActionStatus, AuditKind
from wiec_desktop.domain.followup import PartnerDispatch
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.updates_import import RowState, UpdatesChanged, UpdatesPreview
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def police_list(world: World, tmp_path: Path, name: str = "politie.xlsx", sent_on: date = TODAY) -> Path:
    path = tmp_path / name
    send_list(world.services.session_factory, path, world.police, sent_on=sent_on)
    return path


def rows_by_reference(preview: UpdatesPreview) -> dict[str, object]:
    return {row.reference: row for row in preview.rows}


def test_typed_answers_are_previewed_and_taken_in(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, status="Loopt", progress="Twee avonden extra gelopen.", new_due=date(2027, 1, 15))
    type_answer(path, A2, new_due="15-01-2027")  # a date typed as text
    service = world.services.updates_import

    preview = service.preview([path])

    assert preview.refused == ()
    (workbook,) = preview.workbooks
    assert workbook.organisation == "Politie Haaglanden" and workbook.sent_on == TODAY
    rows = {row.reference: row for row in workbook.rows}
    assert set(rows) == {A1, A2, A3}  # only this organisation's actions
    first = rows[A1]
    assert first.state is RowState.CHANGE and first.accepted_by_default
    assert first.changes == (
        "Status: Open → Loopt",
        "Deadline: 01-12-2026 → 15-01-2027",
        "Voortgang: Twee avonden extra gelopen.",
    )
    assert rows[A2].new_due_date == date(2027, 1, 15) and rows[A2].status is ActionStatus.OPEN
    assert rows[A3].state is RowState.NO_CHANGE and not rows[A3].accepted_by_default

    result = service.apply(preview, preview.default_accepted())

    assert result.applied == 2 and result.workbooks == 1
    first_action = world.action(A1)
    assert first_action.status is ActionStatus.IN_PROGRESS and first_action.due_date == date(2027, 1, 15)
    assert world.action(A2).due_date == date(2027, 1, 15)
    with world.services.session_factory() as session:
        notes = list(session.scalars(select(ActionUpdate.note).order_by(ActionUpdate.id)))
        dispatch = session.scalars(select(PartnerDispatch)).one()
        kinds = list(session.scalars(select(AuditEvent.kind).where(AuditEvent.entity_type != "case")))
        imported = session.scalar(select(AuditEvent.detail).where(AuditEvent.kind == AuditKind.IMPORT))
    assert notes == [
        "Politie Haaglanden via actielijst van 12-11: Twee avonden extra gelopen.",
        "Politie Haaglanden via actielijst van 12-11",
    ]
    assert dispatch.imported_at is not None
    assert kinds.count(AuditKind.STATUS) == 2 and kinds.count(AuditKind.IMPORT) == 1
    assert imported == "2 acties bijgewerkt uit de actielijst van 12-11-2026"
    timeline = [entry.text for entry in world.services.timeline.for_case(world.case_id)]
    assert (
        f"{A1}: Loopt, nieuwe deadline 15-01-2027 — Politie Haaglanden via actielijst van 12-11: "
        "Twee avonden extra gelopen." in timeline
    )


def test_a_rejected_row_is_not_taken_in(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, status="Gereed")
    type_answer(path, A2, status="Vervallen")
    service = world.services.updates_import
    preview = service.preview([path])
    keep = {row.key for row in preview.rows if row.reference == A1}

    service.apply(preview, keep)

    assert world.action(A1).status is ActionStatus.DONE and world.action(A1).completed_on == TODAY
    assert world.action(A2).status is ActionStatus.OPEN


def test_an_action_changed_in_the_program_is_a_conflict_with_both_versions(
    world: World, tmp_path: Path
) -> None:
    path = police_list(world, tmp_path)
    world.services.actions.record_update(
        world.refs[A1], ActionStatus.IN_PROGRESS, note="Besproken in het overleg"
    )
    world.services.actions.record_update(world.refs[A2], ActionStatus.OPEN, note="Alleen een notitie")
    type_answer(path, A1, status="Gereed", progress="Klaar")
    type_answer(path, A2, progress="Afspraak staat")
    service = world.services.updates_import

    preview = service.preview([path])

    rows = {row.reference: row for row in preview.rows}
    conflict = rows[A1]
    assert conflict.state is RowState.CHANGE and conflict.conflict and not conflict.accepted_by_default
    assert conflict.current is not None
    assert conflict.current.status is ActionStatus.IN_PROGRESS
    assert conflict.current.last_update == "12-11-2026 Loopt — Besproken in het overleg"
    assert conflict.status is ActionStatus.DONE and "Voortgang: Klaar" in conflict.changes
    assert "gewijzigd nadat de actielijst is verstuurd" in conflict.messages[0]
    assert rows[A2].conflict  # a note alone leaves the version, yet it is news since the list went out
    assert rows[A2].changes == ("Voortgang: Afspraak staat",)
    assert service.apply(preview, preview.default_accepted()).applied == 0
    assert world.action(A1).status is ActionStatus.IN_PROGRESS
    service.apply(preview, {conflict.key})  # the chair chose the partner's answer
    assert world.action(A1).status is ActionStatus.DONE


def test_a_status_left_as_sent_does_not_undo_the_programs_change(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    world.services.actions.record_update(world.refs[A1], ActionStatus.IN_PROGRESS, note="In overleg")
    type_answer(path, A1, progress="Gesprek gepland")  # Status still says "Open", as it was sent

    row = rows_by_reference(world.services.updates_import.preview([path]))[A1]

    assert row.conflict and row.status is ActionStatus.IN_PROGRESS  # type: ignore[attr-defined]
    assert row.changes == ("Voortgang: Gesprek gepland",)  # type: ignore[attr-defined]


def test_a_protected_cell_edited_is_flagged_and_rejected_by_default(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_into(path, A1, fmt.COL_DESCRIPTION, "Iets heel anders")
    type_answer(path, A1, status="Loopt")
    type_answer(path, A2, status="Loopt")

    preview = world.services.updates_import.preview([path])

    rows = {row.reference: row for row in preview.rows}
    flagged = rows[A1]
    assert flagged.edited and flagged.can_accept and not flagged.accepted_by_default
    assert flagged.verdict == "Buiten de open kolommen gewijzigd"
    assert flagged.description == "Extra surveillance 's avonds"  # what the database says
    assert "buiten de open kolommen gewijzigd" in flagged.messages[0]
    assert not rows[A2].edited and rows[A2].accepted_by_default


def test_a_second_import_of_the_same_answers_adds_nothing(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, status="Loopt", progress="Twee avonden extra gelopen.")
    type_answer(path, A2, progress="Gesprek gepland")
    service = world.services.updates_import
    first = service.preview([path])
    service.apply(first, first.default_accepted())
    count = world.updates()

    again = service.preview([path])

    assert {row.state for row in again.rows if row.reference in (A1, A2)} == {RowState.ALREADY}
    assert all(row.messages == ("Dit antwoord is al eerder ingelezen.",) for row in again.rows[:2])
    assert again.workbooks[0].imported_at is not None
    assert service.apply(again, again.default_accepted()).applied == 0
    assert world.updates() == count
    with pytest.raises(UpdatesChanged):  # the first preview, applied again, is refused whole
        service.apply(first, first.default_accepted())
    assert world.updates() == count


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"status": "Klaar"}, "Onbekende status “Klaar”; kies Open, Loopt, Gereed of Vervallen."),
        ({"new_due": "31-02-2027"}, "De nieuwe deadline “31-02-2027” is geen datum"),
        ({"new_due": "volgende week"}, "De nieuwe deadline “volgende week” is geen datum"),
        ({"new_due": date(2026, 10, 1)}, "De nieuwe deadline 01-10-2026 ligt in het verleden."),
        ({"progress": "x" * 4001}, "De voortgang is te lang (4001 tekens; hooguit 4000)."),
    ],
)
def test_a_wrong_answer_gets_a_dutch_message(
    world: World, tmp_path: Path, typed: dict[str, object], message: str
) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, **typed)  # type: ignore[arg-type]

    row = rows_by_reference(world.services.updates_import.preview([path]))[A1]

    assert row.state is RowState.INVALID and not row.can_accept  # type: ignore[attr-defined]
    assert row.messages[0].startswith(message)  # type: ignore[attr-defined]


def test_an_action_now_of_another_organisation_or_gone_is_not_taken_in(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, status="Loopt")
    with world.services.session_factory.begin() as session:
        session.get(Action, world.refs[A1]).owner_organisation_id = world.housing  # type: ignore[union-attr]
    type_into(path, A2, fmt.COL_ACTION_ID, 999)  # the hidden id changed: no such action

    rows = rows_by_reference(world.services.updates_import.preview([path]))

    assert rows[A1].messages == ("Deze actie wordt intussen niet meer door Politie Haaglanden uitgevoerd.",)  # type: ignore[attr-defined]
    assert rows[A2].messages == ("Deze actie bestaat niet (meer) in de database.",)  # type: ignore[attr-defined]


def test_a_workbook_of_another_database_is_refused(world: World, tmp_path: Path, db: Database) -> None:
    from wiec_desktop.storage.database import open_database

    other = open_database(tmp_path / "ander.sqlite", create=True)
    try:
        other_services = Services(other.session_factory, today=lambda: TODAY)
        org = other_services.organisations.create_organisation("Politie Haaglanden").id
        other_services.actions.create_action("Elders", org)
        path = tmp_path / "elders.xlsx"
        send_list(other.session_factory, path, org, sent_on=TODAY)
    finally:
        other.close()
    type_answer(path, A1, status="Gereed")

    preview = world.services.updates_import.preview([path])

    assert preview.workbooks == ()
    assert preview.refused[0].message.startswith("Dit bestand hoort bij een andere database")
    assert world.action(A1).status is ActionStatus.OPEN


def _plain_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nummer", "Status"])
    workbook.save(path)


def _damaged(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 dit is geen werkmap")


def _text_file(path: Path) -> None:
    path.write_text("Nummer;Status\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    _plain_workbook(path)
    path.write_bytes(path.read_bytes()[:300])


@pytest.mark.parametrize(
    ("name", "make", "start"),
    [
        ("acties.csv", _text_file, "Alleen Excel-werkmappen (.xlsx)"),
        ("kapot.xlsx", _damaged, "Het bestand is beschadigd of geen Excel-werkmap"),
        ("half.xlsx", _truncated, "Het bestand is beschadigd of geen Excel-werkmap"),
        ("anders.xlsx", _plain_workbook, "Dit is geen actielijst die met WIEC Desktop is verstuurd."),
    ],
)
def test_a_file_that_is_not_ours_is_refused_with_a_dutch_message(
    world: World, tmp_path: Path, name: str, make: object, start: str
) -> None:
    path = tmp_path / name
    make(path)  # type: ignore[operator]
    good = police_list(world, tmp_path)
    type_answer(good, A1, status="Loopt")

    preview = world.services.updates_import.preview([path, good])

    assert [item.file_name for item in preview.refused] == [name]
    assert preview.refused[0].message.startswith(start)
    assert [workbook.file_name for workbook in preview.workbooks] == ["politie.xlsx"]


def test_changed_hidden_meta_is_refused(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    workbook = openpyxl.load_workbook(path)
    meta = workbook[fmt.META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == fmt.META_ORGANISATION_ID:
            row[1].value = world.housing
    workbook.save(path)

    preview = world.services.updates_import.preview([path])

    assert preview.refused[0].message.startswith("De verborgen gegevens van deze actielijst zijn gewijzigd")


def test_a_newer_format_and_moved_columns_are_refused(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook[fmt.ACTIONS_SHEET].cell(fmt.HEADER_ROW, 1).value = "Nr."
    workbook.save(path)
    assert (
        world.services.updates_import.preview([path])
        .refused[0]
        .message.startswith("De kolommen van de actielijst zijn gewijzigd")
    )
    with zipfile.ZipFile(path) as archive:
        assert "xl/workbook.xml" in archive.namelist()


def test_a_second_import_of_a_new_deadline_adds_nothing(world: World, tmp_path: Path) -> None:
    """Once taken in, the partner's new deadline is the action's deadline: reading the same answer
    again is 'al ingelezen', not a conflict (it was one before this was fixed)."""
    path = police_list(world, tmp_path)
    type_answer(path, A2, progress="Wacht op offerte", new_due="15-01-2027")
    service = world.services.updates_import
    first = service.preview([path])
    assert service.apply(first, first.default_accepted()).applied == 1
    assert world.action(A2).due_date == date(2027, 1, 15)
    count = world.updates()

    again = rows_by_reference(service.preview([path]))[A2]

    assert again.state is RowState.ALREADY and not again.conflict  # type: ignore[attr-defined]
    assert world.updates() == count


def test_the_same_list_twice_and_an_older_list_count_once(world: World, tmp_path: Path) -> None:
    older = police_list(world, tmp_path, "oud.xlsx", sent_on=date(2026, 11, 1))
    newer = police_list(world, tmp_path, "nieuw.xlsx")
    copy = tmp_path / "kopie.xlsx"
    type_answer(older, A1, status="Gereed")
    type_answer(newer, A1, status="Loopt", save_as=copy)
    type_answer(newer, A1, status="Loopt")

    preview = world.services.updates_import.preview([older, newer, copy])

    assert [(item.file_name, item.message) for item in preview.refused] == [
        ("kopie.xlsx", "Dit is dezelfde actielijst als nieuw.xlsx; kies één van beide.")
    ]
    old_row = next(row for row in preview.workbooks[0].rows if row.reference == A1)
    new_row = next(row for row in preview.workbooks[1].rows if row.reference == A1)
    assert old_row.state is RowState.INVALID and "nieuwere actielijst" in old_row.messages[0]
    assert new_row.state is RowState.CHANGE


def test_an_action_changed_after_the_preview_writes_nothing(world: World, tmp_path: Path) -> None:
    path = police_list(world, tmp_path)
    type_answer(path, A1, status="Loopt")
    type_answer(path, A2, status="Loopt")
    service = world.services.updates_import
    preview = service.preview([path])
    world.services.actions.record_update(world.refs[A2], ActionStatus.CANCELLED)
    count = world.updates()

    with pytest.raises(UpdatesChanged, match="Actie A-2026-002 is gewijzigd sinds de bestanden zijn gelezen"):
        service.apply(preview, preview.default_accepted())

    assert world.updates() == count and world.action(A1).status is ActionStatus.OPEN
    with world.services.session_factory() as session:
        assert session.scalars(select(PartnerDispatch.imported_at)).one() is None
