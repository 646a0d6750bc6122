"""Editing and deleting a recorded house visit, and taking either back, inside the caller's transaction.

The problems of a visit are signals. Editing a visit changes, removes or adds those that are still
untriaged; a signal already triaged (linked or closed) stays as it is. Deleting a visit deletes its
untriaged signals with it and leaves the triaged ones without their visit. The consenting resident
is updated with the visit; when consent is withdrawn, or the visit deleted, a resident no other
visit refers to is deleted (AVG: nothing kept without need). Each change hands out a ``VisitChange``
with the rows as they were, and ``undo_in`` puts them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import HouseVisit, Resident, Signal, Theme
from wiec_desktop.domain.enums import AuditKind, SignalSource, SignalStatus
from wiec_desktop.services import audit
from wiec_desktop.services.undo import RowImage, image, put_back, require_free, too_late
from wiec_desktop.services.validation import Checker

if TYPE_CHECKING:
    from wiec_desktop.services.inventory.house_visits import ProblemNote

FOREIGN_PROBLEM = "Een probleem hoort niet (meer) bij dit bezoek; open het bezoek opnieuw."
TRIAGED_PROBLEM = "Probleem {number} is al beoordeeld en kan hier niet meer worden gewijzigd."


@dataclass(frozen=True)
class VisitProblem:
    """A problem noted at a visit: its signal, and whether that signal has been triaged already."""

    signal_id: int
    text: str
    theme_id: int | None
    triaged: bool


@dataclass(frozen=True)
class VisitChange:
    """A visit just edited or deleted, to take back while "Ongedaan maken" shows: the rows as they
    were (residents, the visit, its signals; parents first), its themes, and what the change made."""

    visit_id: int
    address_label: str
    deleted: bool
    version: int | None  # the visit's version after an edit
    before: tuple[RowImage, ...]
    theme_ids: tuple[int, ...]
    created_signal_ids: tuple[int, ...] = ()
    created_resident_id: int | None = None
    unlinked_signal_ids: tuple[int, ...] = ()  # triaged signals that lost the deleted visit


def visit_signals(session: Session, visit_id: int) -> list[Signal]:
    return list(session.scalars(select(Signal).where(Signal.house_visit_id == visit_id).order_by(Signal.id)))


def other_problems(problems: str, signals: Sequence[Signal]) -> list[str]:
    """Lines of a visit's problem text that are not the text of one of its signals (older notes)."""
    texts = {signal.text.strip() for signal in signals}
    return [line.strip() for line in problems.splitlines() if line.strip() and line.strip() not in texts]


def check_problem_notes(check: Checker, notes: Sequence[ProblemNote], signals: Sequence[Signal]) -> None:
    """Notes naming a signal must name one of this visit's, and may not change a triaged one."""
    by_id = {signal.id: signal for signal in signals}
    for number, note in enumerate(notes, start=1):
        if note.signal_id is None:
            continue
        signal = by_id.get(note.signal_id)
        if signal is None:
            check.add("problems", FOREIGN_PROBLEM)
        elif signal.status is not SignalStatus.NEW and (signal.text, signal.theme_id) != (
            note.text,
            note.theme_id,
        ):
            check.add("problems", TRIAGED_PROBLEM.format(number=number))


def change_problems(
    session: Session,
    visit: HouseVisit,
    notes: Sequence[ProblemNote],
    signals: Sequence[Signal],
    before: list[RowImage],
) -> tuple[str, list[int]]:
    """Bring the visit's untriaged signals in line with ``notes`` (images of the ones changed or
    deleted go to ``before``), make a signal of each new note; the visit's problem text, changed
    line by line (a signal's line edited or dropped, a new note added) so that nothing the chair
    did not touch changes, and the ids of the signals made."""
    lines = visit.problems.splitlines()

    def replace(old: str, new: str | None) -> None:
        index = next((i for i, line in enumerate(lines) if line.strip() == old.strip()), None)
        if index is not None:
            if new is None:
                del lines[index]
            else:
                lines[index] = new

    for signal in signals:
        if signal.status is not SignalStatus.NEW:
            continue  # triaged: it stays as it is
        note = next((n for n in notes if n.signal_id == signal.id), None)
        if note is None:
            before.append(image(signal))
            replace(signal.text, None)
            session.delete(signal)
            audit.record(session, AuditKind.DELETE, "signal", signal.id, f"met huisbezoek {visit.id}")
        elif (signal.text, signal.theme_id, signal.received_on) != (
            note.text,
            note.theme_id,
            visit.visited_on,
        ):
            before.append(image(signal))
            replace(signal.text, note.text)
            signal.text, signal.theme_id, signal.received_on = note.text, note.theme_id, visit.visited_on
            audit.record(session, AuditKind.UPDATE, "signal", signal.id, f"met huisbezoek {visit.id}")
    created = []
    for note in notes:
        if note.signal_id is None:
            lines.append(note.text)
            created.append(add_signal(session, visit, note.text, note.theme_id))
    session.flush()
    return "\n".join(lines), created


def add_signal(session: Session, visit: HouseVisit, text: str, theme_id: int | None) -> int:
    """A new untriaged signal from a problem noted at ``visit``; its id."""
    signal = Signal(
        received_on=visit.visited_on,
        source=SignalSource.HOUSE_VISIT,
        theme_id=theme_id,
        address_id=visit.address_id,
        street=visit.address.street,
        text=text,
        status=SignalStatus.NEW,
        house_visit_id=visit.id,
    )
    session.add(signal)
    session.flush()
    audit.record(session, AuditKind.CREATE, "signal", signal.id, f"uit huisbezoek {visit.id}")
    return signal.id


def find_resident(session: Session, address_id: int, name: str, phone: str) -> Resident | None:
    """The resident at the address with the same name (or the same phone when no name is given)."""
    candidates = session.scalars(select(Resident).where(Resident.address_id == address_id)).all()
    return next(
        (
            r
            for r in candidates
            if (name and (r.name or "").casefold() == name.casefold())
            or (not name and phone and r.phone == phone)
        ),
        None,
    )


def drop_resident_if_unused(
    session: Session, resident: Resident, before: list[RowImage], *, undoing: bool = False
) -> None:
    """Delete a resident no visit refers to any more (its image goes to ``before``)."""
    session.flush()
    uses = session.scalar(select(func.count(HouseVisit.id)).where(HouseVisit.resident_id == resident.id))
    if uses:
        return
    before.append(image(resident))
    session.delete(resident)
    if undoing:
        audit.record_undo(session, AuditKind.DELETE, "resident", resident.id, "met toestemming")
    else:
        audit.record(session, AuditKind.DELETE, "resident", resident.id, "zonder toestemming")


def delete_visit_in(session: Session, visit: HouseVisit) -> VisitChange:
    """Delete a visit with its untriaged signals (and its resident, when no other visit has them)."""
    visit_image = image(visit)
    theme_ids = tuple(sorted(theme.id for theme in visit.themes))
    label = visit.address.label
    resident = visit.resident
    signals = visit_signals(session, visit.id)
    signal_images = []
    unlinked = []
    for signal in signals:
        if signal.status is SignalStatus.NEW:
            signal_images.append(image(signal))
            session.delete(signal)
            audit.record(session, AuditKind.DELETE, "signal", signal.id, f"met huisbezoek {visit.id}")
        else:
            signal.house_visit_id = None
            unlinked.append(signal.id)
            audit.record(session, AuditKind.UPDATE, "signal", signal.id, f"zonder huisbezoek {visit.id}")
    session.delete(visit)
    session.flush()
    audit.record(session, AuditKind.DELETE, "house_visit", visit_image.row_id)
    residents: list[RowImage] = []
    if resident is not None:
        drop_resident_if_unused(session, resident, residents)
    return VisitChange(
        visit_id=visit_image.row_id,
        address_label=label,
        deleted=True,
        version=None,
        before=(*residents, visit_image, *signal_images),
        theme_ids=theme_ids,
        unlinked_signal_ids=tuple(unlinked),
    )


def undo_in(session: Session, token: VisitChange) -> None:
    """Put a visit back as it was before ``token``'s edit or deletion; refused (``too_late``) when it
    or one of its signals has changed since."""
    if token.deleted:
        require_free(session, next(row for row in token.before if row.model is HouseVisit))
    else:
        visit = session.get(HouseVisit, token.visit_id)
        if visit is None or visit.version != token.version:
            raise too_late()
    for row in token.before:
        if row.model is Signal:
            current = session.get(Signal, row.row_id)
            if current is not None and current.status is not SignalStatus.NEW:
                raise too_late()
    for signal_id in token.created_signal_ids:
        signal = session.get(Signal, signal_id)
        if signal is None:
            continue
        if signal.status is not SignalStatus.NEW:
            raise too_late()
        session.delete(signal)
        audit.record_undo(session, AuditKind.DELETE, "signal", signal_id, f"uit huisbezoek {token.visit_id}")
    session.flush()
    put_back(session, token.before)
    visit = session.get(HouseVisit, token.visit_id)
    assert visit is not None
    themes = list(session.scalars(select(Theme).where(Theme.id.in_(token.theme_ids))))
    if len(themes) != len(token.theme_ids):
        raise too_late()
    visit.themes = themes
    for signal_id in token.unlinked_signal_ids:
        signal = session.get(Signal, signal_id)
        if signal is not None and signal.house_visit_id is None:
            signal.house_visit_id = visit.id
    if token.created_resident_id is not None:
        resident = session.get(Resident, token.created_resident_id)
        if resident is not None:
            drop_resident_if_unused(session, resident, [], undoing=True)
    session.flush()
    what = "verwijderen" if token.deleted else "wijzigen"
    kind = AuditKind.CREATE if token.deleted else AuditKind.UPDATE
    audit.record_undo(session, kind, "house_visit", visit.id, f"{what} van huisbezoek {visit.id}")
