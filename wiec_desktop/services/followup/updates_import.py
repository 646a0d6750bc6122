"""Their updates back in: the workbooks organisations returned, checked, previewed and taken in.

``preview(paths)`` reads each file (``returned_workbook``), matches it to the ``PartnerDispatch``
whose token it carries (a token not here: "hoort bij een andere database") and checks every row
against the action as it is now. Per row one ``RowPreview`` with its ``state``:

- ``CHANGE``: status, progress text and/or new deadline to take in. Accepted by default unless it is
  a ``conflict`` (the action's version differs from the row's ``Versie``, or progress was recorded in
  the program after the workbook was sent: both versions are shown) or ``edited`` (a protected cell
  or the hidden check was changed: "buiten de open kolommen gewijzigd"). Both are rejected by
  default; the chair may still accept them one by one (the command line only conflicts, with
  ``--accept-conflicts``).
- ``NO_CHANGE``: the partner left the row as it was. ``ALREADY``: exactly this answer from this
  workbook was taken in before (a second import adds nothing). ``INVALID``: cannot be taken in —
  unknown action, another organisation's, an unknown status, an unreadable or past date; the
  ``messages`` say why in Dutch.

``apply(preview, accepted)`` writes the accepted rows in ONE transaction: an ``ActionUpdate`` each
(through ``ActionService.record_update_in``: status, deadline and completion on the action, a
status entry in the audit log) whose note names the organisation and the list ("Politie via
actielijst van 12-11: …"), so the case's timeline shows it; per workbook an import entry in the log
and ``PartnerDispatch.imported_at``. An action changed since the preview refuses the whole apply
(``UpdatesChanged``) and nothing is written.

An action found in more than one chosen workbook counts from the newest list only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Action, ActionUpdate, Organisation
from wiec_desktop.domain.base import utcnow
from wiec_desktop.domain.enums import ActionStatus, AuditKind
from wiec_desktop.domain.followup import PartnerDispatch
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service
from wiec_desktop.services.dates import parse_dutch_date
from wiec_desktop.services.followup import workbook_format as fmt
from wiec_desktop.services.followup.returned_workbook import (
    ReturnedRow,
    ReturnedWorkbook,
    WorkbookRefused,
    read_returned_workbook,
)
from wiec_desktop.services.formatting import counted, short_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import sessionmaker

    from wiec_desktop.services.actions.service import ActionService

MAX_PROGRESS = 4000
EXCERPT = 120

RowKey = tuple[str, int]  # (the workbook's token, the sheet row)


class RowState(StrEnum):
    CHANGE = "change"
    NO_CHANGE = "no_change"
    ALREADY = "already"
    INVALID = "invalid"


class UpdatesChanged(Exception):
    """An action or list changed between the preview and the apply; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ActionSnapshot:
    """The action as the program has it now (the "program's version" of a conflict)."""

    version: int
    status: ActionStatus
    due_date: date | None
    last_update: str  # "12-11-2026 Loopt — gesprek gepland", or "" without updates


@dataclass(frozen=True)
class RowPreview:
    """One row of a returned workbook, checked; ``changes`` are Dutch lines of what would change."""

    token: str
    sheet_row: int
    action_id: int | None
    reference: str  # from the database when the action is known, else as in the file
    description: str
    state: RowState
    conflict: bool = False
    edited: bool = False
    status: ActionStatus | None = None  # the partner's status (None: not readable)
    progress: str = ""
    new_due_date: date | None = None  # None: no (different) new deadline
    note: str = ""  # what the ActionUpdate's note will say
    current: ActionSnapshot | None = None
    changes: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()

    @property
    def key(self) -> RowKey:
        return (self.token, self.sheet_row)

    @property
    def can_accept(self) -> bool:
        return self.state is RowState.CHANGE

    @property
    def accepted_by_default(self) -> bool:
        return self.can_accept and not self.conflict and not self.edited

    @property
    def verdict(self) -> str:
        """A short Dutch word for the row's state."""
        if self.state is RowState.CHANGE:
            if self.edited:
                return "Buiten de open kolommen gewijzigd"
            return "Conflict" if self.conflict else "Wijziging"
        return {
            RowState.NO_CHANGE: "Geen wijziging",
            RowState.ALREADY: "Al ingelezen",
            RowState.INVALID: "Niet te verwerken",
        }[self.state]


@dataclass(frozen=True)
class WorkbookPreview:
    """A returned workbook matched to its dispatch, with its rows."""

    path: Path
    token: str
    dispatch_id: int
    organisation_id: int
    organisation: str
    sent_on: date
    imported_at: datetime | None  # answers from this list were taken in before (then)
    rows: tuple[RowPreview, ...]

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class RefusedWorkbook:
    """A file that is not taken in at all, and why (Dutch)."""

    path: Path
    message: str

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class UpdatesPreview:
    workbooks: tuple[WorkbookPreview, ...] = ()
    refused: tuple[RefusedWorkbook, ...] = ()

    @property
    def rows(self) -> tuple[RowPreview, ...]:
        return tuple(row for workbook in self.workbooks for row in workbook.rows)

    def default_accepted(self) -> set[RowKey]:
        return {row.key for row in self.rows if row.accepted_by_default}


@dataclass(frozen=True)
class ApplyResult:
    applied: int
    workbooks: int
    references: tuple[str, ...] = field(default=())


class UpdatesImportService(Service):
    def __init__(
        self, session_factory: sessionmaker[Session], today: Callable[[], date], *, actions: ActionService
    ) -> None:
        super().__init__(session_factory, today)
        self.actions = actions

    # --- preview -----------------------------------------------------------------------------

    def preview(self, paths: Sequence[Path]) -> UpdatesPreview:
        """Read and check every file; a file that cannot be used is in ``refused`` with its reason."""
        order = {path: index for index, path in enumerate(paths)}
        readable: list[ReturnedWorkbook] = []
        refused: list[RefusedWorkbook] = []
        for path in paths:
            try:
                readable.append(read_returned_workbook(path))
            except WorkbookRefused as error:
                refused.append(RefusedWorkbook(path, error.message))
        workbooks: list[WorkbookPreview] = []
        with self.reading() as session:
            seen: dict[str, Path] = {}
            for returned in readable:
                if returned.token in seen:
                    refused.append(
                        RefusedWorkbook(
                            returned.path,
                            f"Dit is dezelfde actielijst als {seen[returned.token].name}; kies één van "
                            "beide.",
                        )
                    )
                    continue
                try:
                    workbooks.append(self._checked(session, returned))
                except WorkbookRefused as error:
                    refused.append(RefusedWorkbook(returned.path, error.message))
                    continue
                seen[returned.token] = returned.path
        refused.sort(key=lambda item: order[item.path])
        return UpdatesPreview(tuple(_newest_counts(workbooks)), tuple(refused))

    def _checked(self, session: Session, returned: ReturnedWorkbook) -> WorkbookPreview:
        dispatch = session.scalar(select(PartnerDispatch).where(PartnerDispatch.token == returned.token))
        if dispatch is None:
            raise WorkbookRefused(
                "Dit bestand hoort bij een andere database: deze actielijst is niet vanuit deze database "
                "verstuurd. Lees het in bij de database waaruit het is verstuurd."
            )
        organisation = session.get(Organisation, dispatch.organisation_id)
        if returned.organisation_id != dispatch.organisation_id or organisation is None:
            raise WorkbookRefused(
                "De organisatie in dit bestand klopt niet met de organisatie waaraan de actielijst is "
                "verstuurd."
            )
        rows: list[RowPreview] = []
        first_row: dict[int, int] = {}
        for row in returned.rows:
            checked = self._row(session, dispatch, organisation, row, first_row)
            rows.append(checked)
        return WorkbookPreview(
            path=returned.path,
            token=returned.token,
            dispatch_id=dispatch.id,
            organisation_id=organisation.id,
            organisation=organisation.name,
            sent_on=dispatch.sent_on,
            imported_at=dispatch.imported_at,
            rows=tuple(rows),
        )

    def _row(
        self,
        session: Session,
        dispatch: PartnerDispatch,
        organisation: Organisation,
        row: ReturnedRow,
        first_row: dict[int, int],
    ) -> RowPreview:
        file_reference = str(row.protected[0] or "").strip()
        file_description = str(row.protected[1] or "").strip()
        base = RowPreview(
            token=dispatch.token,
            sheet_row=row.sheet_row,
            action_id=row.action_id,
            reference=file_reference,
            description=file_description,
            state=RowState.INVALID,
            progress=row.progress,
        )
        if row.action_id is None or row.version is None:
            return _invalid(
                base,
                "Deze regel is toegevoegd of de verborgen kolommen zijn gewijzigd, dus hij hoort bij geen "
                "verstuurde actie.",
            )
        action = session.get(Action, row.action_id)
        if action is None:
            return _invalid(base, "Deze actie bestaat niet (meer) in de database.")
        base = _with(base, reference=action.reference, description=action.description)
        if action.owner_organisation_id != dispatch.organisation_id:
            return _invalid(base, f"Deze actie wordt intussen niet meer door {organisation.name} uitgevoerd.")
        if row.action_id in first_row:
            return _invalid(base, f"Deze actie staat al in regel {first_row[row.action_id]} van het bestand.")
        first_row[row.action_id] = row.sheet_row
        edited = row.check != fmt.row_digest(dispatch.token, row.action_id, row.version, row.protected)
        current = _snapshot(session, action)
        messages: list[str] = []
        status = _status(row.status_text, action.status, messages)
        new_due = self._new_due(row.new_due, messages)
        if len(row.progress) > MAX_PROGRESS:
            messages.append(f"De voortgang is te lang ({len(row.progress)} tekens; hooguit {MAX_PROGRESS}).")
        base = _with(base, edited=edited, current=current, status=status)
        if messages or status is None:
            return _with(base, state=RowState.INVALID, messages=tuple(messages))
        answered_due = new_due  # as the partner wrote it: an answer taken in before made it current
        if new_due == action.due_date:
            new_due = None
        conflict = action.version != row.version or _updated_since(session, action.id, dispatch)
        if conflict and status == _status_when_sent(session, action.id, dispatch):
            status = action.status  # the status written into the list, left as it was
        note = _note(organisation.name, dispatch.sent_on, row.progress)
        base = _with(base, status=status, new_due_date=new_due, note=note)
        if _already_taken_in(session, action.id, dispatch, status, answered_due, note) or (
            answered_due is not None and _already_taken_in(session, action.id, dispatch, status, None, note)
        ):
            return _with(base, state=RowState.ALREADY, messages=("Dit antwoord is al eerder ingelezen.",))
        if status == action.status and new_due is None and not row.progress:
            return _with(base, state=RowState.NO_CHANGE)
        notes: list[str] = []
        if conflict:
            notes.append(
                "De actie is in het programma gewijzigd nadat de actielijst is verstuurd; vergelijk beide "
                "versies."
            )
        if edited:
            notes.append(
                "Deze regel is buiten de open kolommen gewijzigd (Nummer, Actie, Casus, Contactpersoon of "
                "Deadline); alleen Status, Voortgang en Nieuwe deadline worden overgenomen."
            )
        return _with(
            base,
            state=RowState.CHANGE,
            conflict=conflict,
            changes=_changes(action, status, new_due, row.progress),
            messages=tuple(notes),
        )

    def _new_due(self, value: object, messages: list[str]) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            due = value.date()
        elif isinstance(value, date):
            due = value
        elif isinstance(value, str):
            try:
                due = parse_dutch_date(value, self.today())
            except ValueError as error:
                messages.append(f"De nieuwe deadline “{value.strip()[:30]}” is geen datum: {error}")
                return None
        else:
            messages.append(
                f"De nieuwe deadline “{str(value)[:30]}” is geen datum; schrijf bijvoorbeeld 15-01-2027."
            )
            return None
        if due < self.today():
            messages.append(f"De nieuwe deadline {short_date(due)} ligt in het verleden.")
            return None
        return due

    # --- apply -------------------------------------------------------------------------------

    def apply(self, preview: UpdatesPreview, accepted: Collection[RowKey]) -> ApplyResult:
        """Take in the rows whose key is in ``accepted`` (only rows that ``can_accept``), in one
        transaction; raises ``UpdatesChanged`` (nothing written) when the database moved on."""
        chosen = [
            (workbook, [row for row in workbook.rows if row.key in accepted])
            for workbook in preview.workbooks
        ]
        chosen = [(workbook, rows) for workbook, rows in chosen if rows]
        for _workbook, rows in chosen:
            for row in rows:
                if not row.can_accept:
                    raise ValueError(f"row {row.key} cannot be accepted ({row.state})")
        changed = (
            "{what} is gewijzigd sinds de bestanden zijn gelezen. Er is niets overgenomen; lees de "
            "bestanden opnieuw in."
        )
        references: list[str] = []
        with self.transaction() as session:
            for workbook, rows in chosen:
                dispatch = session.get(PartnerDispatch, workbook.dispatch_id)
                if dispatch is None or dispatch.token != workbook.token:
                    raise UpdatesChanged(changed.format(what=f"De actielijst {workbook.file_name}"))
                for row in rows:
                    assert row.action_id is not None and row.status is not None and row.current is not None
                    action = session.get(Action, row.action_id)
                    if (
                        action is None
                        or action.version != row.current.version
                        or action.owner_organisation_id != dispatch.organisation_id
                        or _already_taken_in(
                            session, action.id, dispatch, row.status, row.new_due_date, row.note
                        )
                    ):
                        raise UpdatesChanged(changed.format(what=f"Actie {row.reference}"))
                    self.actions.record_update_in(
                        session, action.id, row.status, note=row.note, new_due_date=row.new_due_date
                    )
                    references.append(row.reference)
                dispatch.imported_at = utcnow()
                audit.record(
                    session,
                    AuditKind.IMPORT,
                    "partner_dispatch",
                    dispatch.id,
                    f"{counted(len(rows), 'actie', 'acties')} bijgewerkt uit de actielijst van "
                    f"{short_date(dispatch.sent_on)}",
                )
        return ApplyResult(applied=len(references), workbooks=len(chosen), references=tuple(references))


# --- helpers ---------------------------------------------------------------------------------


def _with(row: RowPreview, **changes: object) -> RowPreview:
    return replace(row, **changes)  # type: ignore[arg-type]


def _invalid(row: RowPreview, message: str) -> RowPreview:
    return _with(row, state=RowState.INVALID, messages=(message,))


def _status(text: str, current: ActionStatus, messages: list[str]) -> ActionStatus | None:
    """The status the partner chose (an empty cell: unchanged); None and a message when unknown."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return current
    for status in ActionStatus:
        if wanted in (status.label.casefold(), status.value.casefold()):
            return status
    messages.append(
        f"Onbekende status “{text[:30]}”; kies {', '.join(fmt.STATUS_CHOICES[:-1])} of "
        f"{fmt.STATUS_CHOICES[-1]}."
    )
    return None


def _note(organisation: str, sent_on: date, progress: str) -> str:
    """The update's note: who answered, through which list, and what they wrote."""
    source = f"{organisation} via actielijst van {sent_on:%d-%m}"
    return f"{source}: {progress.strip()}" if progress.strip() else source


def _snapshot(session: Session, action: Action) -> ActionSnapshot:
    last = session.scalar(
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action.id)
        .order_by(ActionUpdate.updated_on.desc(), ActionUpdate.id.desc())
        .limit(1)
    )
    text = ""
    if last is not None:
        note = f" — {_excerpt(last.note)}" if last.note else ""
        text = f"{short_date(last.updated_on)} {last.status.label}{note}"
    return ActionSnapshot(action.version, action.status, action.due_date, text)


def _already_taken_in(
    session: Session,
    action_id: int,
    dispatch: PartnerDispatch,
    status: ActionStatus,
    new_due: date | None,
    note: str,
) -> bool:
    """Whether this very answer (same status, deadline and note) was recorded since the list went out."""
    stmt = select(ActionUpdate.id).where(
        ActionUpdate.action_id == action_id,
        ActionUpdate.status == status,
        ActionUpdate.note == note,
        ActionUpdate.updated_on >= dispatch.sent_on,
    )
    stmt = stmt.where(
        ActionUpdate.new_due_date.is_(None) if new_due is None else ActionUpdate.new_due_date == new_due
    )
    return session.scalar(stmt.limit(1)) is not None


def _updated_since(session: Session, action_id: int, dispatch: PartnerDispatch) -> bool:
    """Progress recorded in the program after the list was made (a note alone leaves the version)."""
    stmt = select(ActionUpdate.id).where(
        ActionUpdate.action_id == action_id, ActionUpdate.created_at > dispatch.created_at
    )
    return session.scalar(stmt.limit(1)) is not None


def _status_when_sent(session: Session, action_id: int, dispatch: PartnerDispatch) -> ActionStatus:
    """The status written into the list: that of the last update before it was made (new: open)."""
    stmt = (
        select(ActionUpdate.status)
        .where(ActionUpdate.action_id == action_id, ActionUpdate.created_at <= dispatch.created_at)
        .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())
        .limit(1)
    )
    return session.scalar(stmt) or ActionStatus.OPEN


def _changes(action: Action, status: ActionStatus, new_due: date | None, progress: str) -> tuple[str, ...]:
    lines: list[str] = []
    if status != action.status:
        lines.append(f"Status: {action.status.label} → {status.label}")
    if new_due is not None:
        lines.append(f"Deadline: {short_date(action.due_date) or 'geen'} → {short_date(new_due)}")
    if progress.strip():
        lines.append(f"Voortgang: {_excerpt(progress)}")
    return tuple(lines)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


def _newest_counts(workbooks: list[WorkbookPreview]) -> list[WorkbookPreview]:
    """An action answered in several chosen lists: only the newest list's row counts."""
    newest: dict[int, tuple[date, int]] = {}
    for workbook in workbooks:
        for row in workbook.rows:
            if row.action_id is not None and row.state is not RowState.INVALID:
                stamp = (workbook.sent_on, workbook.dispatch_id)
                newest[row.action_id] = max(newest.get(row.action_id, stamp), stamp)
    result: list[WorkbookPreview] = []
    for workbook in workbooks:
        stamp = (workbook.sent_on, workbook.dispatch_id)
        rows = tuple(
            _invalid(row, "Deze actie staat ook in een nieuwere actielijst; alleen die telt.")
            if row.action_id is not None
            and row.state is not RowState.INVALID
            and newest.get(row.action_id, stamp) != stamp
            else row
            for row in workbook.rows
        )
        result.append(_with_rows(workbook, rows))
    return result


def _with_rows(workbook: WorkbookPreview, rows: tuple[RowPreview, ...]) -> WorkbookPreview:
    return replace(workbook, rows=rows)
