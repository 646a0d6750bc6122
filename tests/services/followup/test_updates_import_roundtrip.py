"""The contract both ways: a workbook written by F1's writer (``exports/xlsx/partner_workbook.py``),
answered as a person would, is read back without a false "edited" flag and taken in."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.followup.partner_workbook_fixture import (
    A1,
    A2,
    A3,
    TODAY,
    World,
    build_world,
    type_answer,
)
from wiec_desktop.domain import Action, Case
from wiec_desktop.domain.enums import ActionStatus, DispatchKind
from wiec_desktop.domain.followup import PartnerDispatch
from wiec_desktop.services.followup.updates_import import RowState
from wiec_desktop.storage.database import Database

partner_workbook = pytest.importorskip("wiec_desktop.exports.xlsx.partner_workbook")
partner_actions = pytest.importorskip("wiec_desktop.services.followup.partner_actions")


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def write_with_f1(world: World, path: Path) -> None:
    token = uuid.uuid4().hex
    with world.services.session_factory.begin() as session:
        actions = []
        for action in session.scalars(
            select(Action).where(Action.owner_organisation_id == world.police).order_by(Action.number)
        ):
            case = session.get(Case, action.case_id)
            actions.append(
                partner_actions.PartnerAction(
                    action_id=action.id,
                    version=action.version,
                    reference=action.reference,
                    description=action.description,
                    case=f"{case.reference} {case.title}" if case is not None else "",
                    contact="",
                    due_date=action.due_date,
                    status=action.status,
                    last_update="",
                )
            )
        session.add(
            PartnerDispatch(
                token=token,
                organisation_id=world.police,
                kind=DispatchKind.ACTIONS,
                sent_on=TODAY,
                action_count=len(actions),
                file_name=path.name,
            )
        )
    data = partner_actions.PartnerWorkbook(
        token=token,
        organisation_id=world.police,
        organisation="Politie Haaglanden",
        kind=DispatchKind.ACTIONS,
        sent_on=TODAY,
        next_meeting="dinsdag 8 december 2026 om 14:00 uur",
        actions=tuple(actions),
    )
    partner_workbook.write_partner_workbook(data, path)


def test_a_workbook_of_the_writer_answered_is_taken_in(world: World, tmp_path: Path) -> None:
    path = tmp_path / "politie.xlsx"
    write_with_f1(world, path)
    type_answer(path, A1, status="Gereed", progress="Gedaan: =SOM(1;2) is geen formule")
    type_answer(path, A2, new_due="15-01-2027")

    preview = world.services.updates_import.preview([path])

    assert preview.refused == ()
    rows = {row.reference: row for row in preview.rows}
    assert not any(row.edited for row in rows.values())
    assert rows[A1].state is RowState.CHANGE and rows[A2].new_due_date == date(2027, 1, 15)
    assert rows[A3].state is RowState.NO_CHANGE
    world.services.updates_import.apply(preview, preview.default_accepted())
    assert world.action(A1).status is ActionStatus.DONE
    assert world.action(A2).due_date == date(2027, 1, 15)
