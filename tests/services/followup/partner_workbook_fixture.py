"""A partner workbook in the exact layout of ``services/followup/workbook_format.py``, built here with
openpyxl (independent of F1's writer), and a partner's answers typed into it as a person would.

``build_world`` makes two organisations with actions; ``send_list`` records a ``PartnerDispatch``
and writes the workbook with the organisation's open actions; ``type_answer`` opens a saved
workbook, types into the open columns of one action's row and saves it again; ``type_into`` types
into any cell (a protected one, to test the check).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, select

from wiec_desktop.domain import Action, ActionUpdate, Case, Contact, Organisation
from wiec_desktop.domain.enums import OPEN_ACTION_STATUSES, DispatchKind
from wiec_desktop.domain.followup import PartnerDispatch
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database

TODAY = date(2026, 11, 12)
A1, A2, A3, B1 = "A-2026-001", "A-2026-002", "A-2026-003", "A-2026-004"


@dataclass
class World:
    """Two organisations and four actions of one case: A1-A3 of the police, B1 of the housing body."""

    services: Services
    police: int
    housing: int
    case_id: int
    refs: dict[str, int]  # reference → action id

    def action(self, reference: str) -> Action:
        with self.services.session_factory() as session:
            action = session.get(Action, self.refs[reference])
            assert action is not None
            session.expunge(action)
            return action

    def updates(self) -> int:
        with self.services.session_factory() as session:
            return session.scalar(select(func.count()).select_from(ActionUpdate)) or 0


def build_world(database: Database) -> World:
    services = Services(database.session_factory, today=lambda: TODAY)
    police = services.organisations.create_organisation("Politie Haaglanden").id
    housing = services.organisations.create_organisation("HaagWonen").id
    case_id = services.cases.create_case("Overlast bij de bergingen").id
    refs: dict[str, int] = {}
    for description, owner, due in (
        ("Extra surveillance 's avonds", police, date(2026, 12, 1)),
        ("Gesprek met de jongeren", police, date(2026, 12, 15)),
        ("Verlichting in de steeg", police, None),
        ("Sloten van de bergingen vervangen", housing, date(2026, 12, 1)),
    ):
        action = services.actions.create_action(description, owner, due_date=due, case_id=case_id)
        refs[action.reference] = action.id
    return World(services, police, housing, case_id, refs)


def send_list(
    session_factory: Any, path: Path, organisation_id: int, *, sent_on: date, token: str | None = None
) -> str:
    """Record the dispatch and write the organisation's workbook to ``path``; returns the token."""
    token = token or uuid.uuid4().hex
    with session_factory.begin() as session:
        organisation = session.get(Organisation, organisation_id)
        actions = list(
            session.scalars(
                select(Action)
                .where(
                    Action.owner_organisation_id == organisation_id, Action.status.in_(OPEN_ACTION_STATUSES)
                )
                .order_by(Action.year, Action.number)
            )
        )
        rows = [_row(session, token, action) for action in actions]
        session.add(
            PartnerDispatch(
                token=token,
                organisation_id=organisation_id,
                kind=DispatchKind.ACTIONS,
                sent_on=sent_on,
                action_count=len(rows),
                file_name=path.name,
            )
        )
        meta: dict[str, object] = {
            fmt.META_FORMAT: fmt.FORMAT_NAME,
            fmt.META_VERSION: fmt.FORMAT_VERSION,
            fmt.META_TOKEN: token,
            fmt.META_ORGANISATION_ID: organisation_id,
            fmt.META_ORGANISATION: organisation.name,
            fmt.META_SENT_ON: sent_on.isoformat(),
        }
        _write(path, organisation.name, rows, meta)
    return token


def _row(session: Any, token: str, action: Action) -> list[object]:
    case = session.get(Case, action.case_id) if action.case_id else None
    contact = session.get(Contact, action.owner_contact_id) if action.owner_contact_id else None
    protected = [
        action.reference,
        action.description,
        case.title if case else "",
        contact.name if contact else "",
        action.due_date,
    ]
    last = session.scalar(
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action.id)
        .order_by(ActionUpdate.id.desc())
        .limit(1)
    )
    last_text = f"{short_date(last.updated_on)}: {last.note}" if last is not None else ""
    check = fmt.row_digest(token, action.id, action.version, protected)
    return [*protected, last_text, action.status.label, "", None, action.id, action.version, check]


def _write(path: Path, organisation: str, rows: list[list[object]], meta: dict[str, object]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = fmt.ACTIONS_SHEET
    sheet["A1"] = f"Acties van {organisation}"
    sheet["A2"] = "Vul Status, Voortgang en Nieuwe deadline in en stuur het bestand terug."
    sheet.append([])  # rows 3-5 stay empty
    for column, name in enumerate(fmt.COLUMNS, start=1):
        sheet.cell(fmt.HEADER_ROW, column, name)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(fmt.HEADER_ROW + offset, column, value)
            if isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
            if fmt.COLUMNS[column - 1] in fmt.OPEN_COLUMNS:
                cell.protection = Protection(locked=False)
    last_row = fmt.HEADER_ROW + max(1, len(rows))
    status_col = openpyxl.utils.get_column_letter(fmt.COLUMNS.index(fmt.COL_STATUS) + 1)
    due_col = openpyxl.utils.get_column_letter(fmt.COLUMNS.index(fmt.COL_NEW_DUE) + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(fmt.STATUS_CHOICES) + '"')
    choices.add(f"{status_col}{fmt.HEADER_ROW + 1}:{status_col}{last_row}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1")
    dates.add(f"{due_col}{fmt.HEADER_ROW + 1}:{due_col}{last_row}")
    sheet.add_data_validation(choices)
    sheet.add_data_validation(dates)
    for name in fmt.HIDDEN_COLUMNS:
        sheet.column_dimensions[openpyxl.utils.get_column_letter(fmt.COLUMNS.index(name) + 1)].hidden = True
    sheet.protection.sheet = True
    hidden = workbook.create_sheet(fmt.META_SHEET)
    for key in fmt.META_KEYS:
        hidden.append([key, meta[key]])
    hidden.append([fmt.META_DIGEST, fmt.meta_digest(meta)])
    hidden.sheet_state = "veryHidden"
    workbook.save(path)


def type_answer(
    path: Path,
    reference: str,
    *,
    status: str | None = None,
    progress: str | None = None,
    new_due: object = None,
    save_as: Path | None = None,
) -> None:
    """Open the workbook, choose a status, type progress and/or a new deadline in ``reference``'s row."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[fmt.ACTIONS_SHEET]
    row = _find_row(sheet, reference)
    column = {name: index for index, name in enumerate(fmt.COLUMNS, start=1)}
    if status is not None:
        sheet.cell(row, column[fmt.COL_STATUS], status)
    if progress is not None:
        sheet.cell(row, column[fmt.COL_PROGRESS], progress)
    if new_due is not None:
        cell = sheet.cell(row, column[fmt.COL_NEW_DUE], new_due)
        if isinstance(new_due, date):
            cell.number_format = "DD-MM-YYYY"
    workbook.save(save_as or path)


def type_into(path: Path, reference: str, column_name: str, value: object) -> None:
    """Type ``value`` into any cell of ``reference``'s row (a protected one: what a check must see)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[fmt.ACTIONS_SHEET]
    sheet.cell(_find_row(sheet, reference), fmt.COLUMNS.index(column_name) + 1, value)
    workbook.save(path)


def _find_row(sheet: Any, reference: str) -> int:
    for row in range(fmt.HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == reference:
            return row
    raise KeyError(reference)
