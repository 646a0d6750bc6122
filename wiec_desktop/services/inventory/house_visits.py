"""House visits (huisbezoeken) and inventory rounds: coverage per street, recording, editing and
deleting a visit.

A visit is recorded in one transaction together with a signal per problem noted at the door and,
only with the resident's consent, the resident's name and phone. Personal data is never logged and
never written to the audit log: audit entries carry references (ids) only. Editing (``update_visit``)
and deleting (``delete_visit``) a visit each return a ``VisitChange`` token that ``undo`` takes back
in one transaction (the rules for its signals and resident are in ``visit_changes.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Area, HouseVisit, InventoryRound, Resident, Theme
from wiec_desktop.domain.enums import AuditKind, SignalStatus, VisitOutcome
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.inventory.visit_changes import (
    FOREIGN_PROBLEM,
    VisitChange,
    VisitProblem,
    add_signal,
    change_problems,
    check_problem_notes,
    delete_visit_in,
    drop_resident_if_unused,
    find_resident,
    other_problems,
    undo_in,
    visit_signals,
)
from wiec_desktop.services.undo import RowImage, image, too_late
from wiec_desktop.services.validation import Checker

NAME_LIMIT = 120
VISITORS_LIMIT = 200
RESIDENT_NAME_LIMIT = 200


@dataclass(frozen=True)
class RoundRow:
    """An inventory round with the number of visits recorded in it."""

    id: int
    name: str
    start_date: date
    end_date: date | None
    recommendations: str
    visits: int = 0

    def contains(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True)
class StreetRow:
    """A street's coverage: ``visited`` addresses have any visit (in the round), ``spoken`` a talk."""

    street: str
    area: str
    addresses: int
    visited: int
    spoken: int

    @property
    def coverage(self) -> float:
        """Share of addresses visited (0.0–1.0)."""
        return self.visited / self.addresses if self.addresses else 0.0


@dataclass(frozen=True)
class AddressVisitRow:
    """An address of a street with the outcome of its latest visit (``None``: not visited)."""

    address_id: int
    label: str
    postcode: str
    state: VisitOutcome | None
    last_visit_on: date | None
    visits: int


@dataclass(frozen=True)
class ProblemNote:
    """A problem a resident named at the door; it becomes a signal (``signal_id``: it is one already,
    when a recorded visit is edited)."""

    text: str
    theme_id: int | None = None
    signal_id: int | None = None


@dataclass(frozen=True)
class VisitResult:
    visit_id: int
    signal_ids: tuple[int, ...]


@dataclass(frozen=True)
class VisitRow:
    """One recorded visit (without the resident's name or phone)."""

    id: int
    address_id: int
    address_label: str
    round_id: int | None
    visited_on: date
    visitors: str
    outcome: VisitOutcome
    rating: int | None
    theme_ids: tuple[int, ...]
    experience: str
    problems: str
    ideas: str
    wants_to_participate: bool
    may_be_contacted: bool
    has_resident: bool
    signal_ids: tuple[int, ...]
    problem_notes: tuple[VisitProblem, ...] = ()
    other_problems: tuple[str, ...] = ()  # lines of ``problems`` that are no signal (older notes)


@dataclass(frozen=True)
class VisitResident:
    """The consenting resident of a visit, to fill in the form when the visit is edited."""

    name: str
    phone: str
    consent_on: date | None


def address_label(street: str, number: int, addition: str) -> str:
    """``Dreeflaan 12a``."""
    return f"{street} {number}{addition}".strip()


class HouseVisitService(Service):
    # --- rounds ------------------------------------------------------------------------------

    def rounds(self) -> list[RoundRow]:
        """All rounds, the most recent first."""
        counts = (
            select(HouseVisit.round_id, func.count(HouseVisit.id).label("visits"))
            .group_by(HouseVisit.round_id)
            .subquery()
        )
        stmt = (
            select(InventoryRound, func.coalesce(counts.c.visits, 0))
            .outerjoin(counts, counts.c.round_id == InventoryRound.id)
            .order_by(InventoryRound.start_date.desc(), InventoryRound.id.desc())
        )
        with self.reading() as session:
            return [_round_row(r, visits) for r, visits in session.execute(stmt)]

    def round(self, round_id: int) -> RoundRow:
        with self.reading() as session:
            return _round_row(get_or_raise(session, InventoryRound, round_id, "Ronde"))

    def current_round(self) -> RoundRow | None:
        """The round whose period contains today (the latest such), else the latest round."""
        rounds = self.rounds()
        today = self.today()
        running = [r for r in rounds if r.contains(today)]
        return (running or rounds or [None])[0]

    def create_round(self, name: str, start_date: date, end_date: date | None = None) -> int:
        with self.transaction() as session:
            name = self._check_round(session, None, name, start_date, end_date)
            inventory_round = InventoryRound(name=name, start_date=start_date, end_date=end_date)
            session.add(inventory_round)
            session.flush()
            audit.record(session, AuditKind.CREATE, "inventory_round", inventory_round.id)
            return inventory_round.id

    def update_round(
        self,
        round_id: int,
        *,
        name: str,
        start_date: date,
        end_date: date | None = None,
        recommendations: str | None = None,
    ) -> None:
        """Rename or re-period a round (and, if given, set its recommendations)."""
        with self.transaction() as session:
            inventory_round = get_or_raise(session, InventoryRound, round_id, "Ronde")
            name = self._check_round(session, round_id, name, start_date, end_date)
            inventory_round.name = name
            inventory_round.start_date = start_date
            inventory_round.end_date = end_date
            if recommendations is not None:
                inventory_round.recommendations = recommendations.strip()
            audit.record(session, AuditKind.UPDATE, "inventory_round", round_id)

    def set_recommendations(self, round_id: int, text: str) -> None:
        """The chair's recommendations (aanbevelingen) for the round's inventory report."""
        with self.transaction() as session:
            inventory_round = get_or_raise(session, InventoryRound, round_id, "Ronde")
            inventory_round.recommendations = text.strip()
            audit.record(session, AuditKind.UPDATE, "inventory_round", round_id, "aanbevelingen")

    def _check_round(
        self, session: Session, round_id: int | None, name: str, start: date, end: date | None
    ) -> str:
        check = Checker()
        name = check.required("name", name, "De naam van de ronde")
        check.max_length("name", name, NAME_LIMIT, "De naam")
        if end is not None and end < start:
            check.add("end_date", "De einddatum ligt vóór de begindatum.")
        if name:
            clash = session.scalars(
                select(InventoryRound.id).where(
                    func.lower(InventoryRound.name) == name.lower(), InventoryRound.id != (round_id or -1)
                )
            ).first()
            if clash is not None:
                check.add("name", "Er is al een ronde met deze naam.")
        if round_id is not None:
            outside = HouseVisit.visited_on < start
            if end is not None:
                outside = outside | (HouseVisit.visited_on > end)
            stmt = select(func.count(HouseVisit.id)).where(HouseVisit.round_id == round_id, outside)
            count = session.scalar(stmt) or 0
            if count:
                check.add(
                    "start_date",
                    (
                        f"{count} bezoeken van deze ronde vallen"
                        if count > 1
                        else "1 bezoek van deze ronde valt"
                    )
                    + " buiten de nieuwe periode; "
                    "kies een periode die alle bezoeken omvat.",
                )
        check.raise_if_any()
        return name

    # --- streets and addresses ---------------------------------------------------------------

    def streets(self, area_id: int | None = None, round_id: int | None = None) -> list[StreetRow]:
        """Every street with its number of addresses, visited and spoken-to addresses (per round)."""
        with self.reading() as session:
            stmt = select(Address.id, Address.street, Area.name).outerjoin(Area, Address.area_id == Area.id)
            if area_id is not None:
                children = select(Area.id).where(Area.parent_id == area_id)
                stmt = stmt.where((Address.area_id == area_id) | Address.area_id.in_(children))
            addresses = session.execute(stmt).all()
            visited, spoken = self._visited_addresses(session, round_id)
        per_street: dict[str, list[tuple[int, str | None]]] = {}
        for address_id, street, area in addresses:
            per_street.setdefault(street, []).append((address_id, area))
        rows = []
        for street, items in per_street.items():
            ids = {address_id for address_id, _ in items}
            areas = sorted({area for _, area in items if area})
            rows.append(
                StreetRow(
                    street=street,
                    area=", ".join(areas),
                    addresses=len(ids),
                    visited=len(ids & visited),
                    spoken=len(ids & spoken),
                )
            )
        return sorted(rows, key=lambda row: row.street.casefold())

    @staticmethod
    def _visited_addresses(session: Session, round_id: int | None) -> tuple[set[int], set[int]]:
        stmt = select(HouseVisit.address_id, HouseVisit.outcome).distinct()
        if round_id is not None:
            stmt = stmt.where(HouseVisit.round_id == round_id)
        visited: set[int] = set()
        spoken: set[int] = set()
        for address_id, outcome in session.execute(stmt):
            visited.add(address_id)
            if outcome is VisitOutcome.SPOKEN:
                spoken.add(address_id)
        return visited, spoken

    def addresses(self, street: str, round_id: int | None = None) -> list[AddressVisitRow]:
        """The addresses of ``street`` by number and addition, with their latest visit's outcome."""
        with self.reading() as session:
            addresses = session.execute(
                select(Address.id, Address.number, Address.addition, Address.postcode)
                .where(Address.street == street)
                .order_by(Address.number, Address.addition, Address.postcode)
            ).all()
            visits = select(
                HouseVisit.address_id, HouseVisit.visited_on, HouseVisit.outcome, HouseVisit.id
            ).where(HouseVisit.address_id.in_([row.id for row in addresses]))
            if round_id is not None:
                visits = visits.where(HouseVisit.round_id == round_id)
            latest: dict[int, tuple[date, int, VisitOutcome]] = {}
            counts: dict[int, int] = {}
            for address_id, visited_on, outcome, visit_id in session.execute(visits):
                counts[address_id] = counts.get(address_id, 0) + 1
                if address_id not in latest or (visited_on, visit_id) > latest[address_id][:2]:
                    latest[address_id] = (visited_on, visit_id, outcome)
        rows = []
        for row in addresses:
            last = latest.get(row.id)
            rows.append(
                AddressVisitRow(
                    address_id=row.id,
                    label=address_label(street, row.number, row.addition),
                    postcode=row.postcode,
                    state=last[2] if last else None,
                    last_visit_on=last[0] if last else None,
                    visits=counts.get(row.id, 0),
                )
            )
        return rows

    def last_visitors(self) -> str:
        """Who went along on the most recently recorded visit (to prefill the next one)."""
        stmt = select(HouseVisit.visitors).order_by(HouseVisit.id.desc()).limit(1)
        with self.reading() as session:
            return session.scalar(stmt) or ""

    # --- visits ------------------------------------------------------------------------------

    def record_visit(
        self,
        address_id: int,
        *,
        visited_on: date,
        round_id: int | None,
        visitors: str,
        outcome: VisitOutcome,
        rating: int | None = None,
        theme_ids: Sequence[int] = (),
        experience: str = "",
        problems: Sequence[ProblemNote] = (),
        ideas: str = "",
        wants_to_participate: bool = False,
        may_be_contacted: bool = False,
        resident_name: str | None = None,
        resident_phone: str | None = None,
        consent_on: date | None = None,
    ) -> VisitResult:
        """Record one visit, a signal per problem and (only with consent) the resident: one transaction."""
        check = Checker()
        visitors, notes, name, phone = self._checked_fields(
            check, visitors, visited_on, outcome, rating, problems, resident_name, resident_phone, consent_on
        )
        if any(note.signal_id is not None for note in notes):
            check.add("problems", FOREIGN_PROBLEM)
        with self.transaction() as session:
            address = get_or_raise(session, Address, address_id, "Adres")
            themes = self._checked_references(session, check, round_id, visited_on, theme_ids, notes)
            check.raise_if_any()

            visit = HouseVisit(
                address_id=address.id,
                round_id=round_id,
                visited_on=visited_on,
                visitors=visitors,
                outcome=outcome,
                rating=rating,
                experience=experience.strip(),
                problems="\n".join(note.text for note in notes),
                ideas=ideas.strip(),
                wants_to_participate=wants_to_participate,
                may_be_contacted=may_be_contacted,
            )
            visit.themes = themes
            if consent_on is not None:
                visit.resident = self._resident(
                    session, address.id, name, phone, consent_on, wants_to_participate, may_be_contacted
                )
            session.add(visit)
            session.flush()
            audit.record(
                session,
                AuditKind.CREATE,
                "house_visit",
                visit.id,
                f"ronde {round_id}; signalen: {len(notes)}",
            )
            signal_ids = [add_signal(session, visit, note.text, note.theme_id) for note in notes]
            return VisitResult(visit.id, tuple(signal_ids))

    def _checked_fields(
        self,
        check: Checker,
        visitors: str,
        visited_on: date,
        outcome: VisitOutcome,
        rating: int | None,
        problems: Sequence[ProblemNote],
        resident_name: str | None,
        resident_phone: str | None,
        consent_on: date | None,
    ) -> tuple[str, list[ProblemNote], str, str]:
        """The checks of a visit's own fields: the cleaned visitors, problems, name and phone."""
        today = self.today()
        visitors = check.required("visitors", visitors, "Wie er op bezoek gingen")
        check.max_length("visitors", visitors, VISITORS_LIMIT, "Bezoekers")
        if visited_on > today:
            check.add("visited_on", "De datum van het bezoek kan niet in de toekomst liggen.")
        if rating is not None:
            if outcome is not VisitOutcome.SPOKEN:
                check.add("rating", "Een rapportcijfer hoort alleen bij een gesprek (uitkomst ‘Gesproken’).")
            elif not 1 <= rating <= 10:
                check.add("rating", "Het rapportcijfer is een heel getal van 1 tot en met 10.")
        notes = [ProblemNote(note.text.strip(), note.theme_id, note.signal_id) for note in problems]
        empty = [str(index) for index, note in enumerate(notes, start=1) if not note.text]
        if empty:
            check.add(
                "problems", f"Probleem {', '.join(empty)} heeft geen tekst; vul die in of verwijder het."
            )
        name = (resident_name or "").strip()
        phone = check.phone("resident_phone", resident_phone)
        check.max_length("resident_name", name, RESIDENT_NAME_LIMIT, "De naam")
        if consent_on is None:
            if name or phone:
                check.add(
                    "consent_on",
                    "Naam en telefoonnummer worden alleen vastgelegd met toestemming van de bewoner: "
                    "vink de toestemming aan (met datum) of laat naam en telefoon leeg.",
                )
        else:
            if consent_on > today:
                check.add("consent_on", "De datum van de toestemming kan niet in de toekomst liggen.")
            if not (name or phone):
                check.add("resident_name", "Vul een naam of telefoonnummer in, of zet de toestemming uit.")
        return visitors, notes, name, phone

    @staticmethod
    def _checked_references(
        session: Session,
        check: Checker,
        round_id: int | None,
        visited_on: date,
        theme_ids: Sequence[int],
        notes: Sequence[ProblemNote],
    ) -> list[Theme]:
        """The round must hold the date and every theme must exist; the visit's themes, in order."""
        if round_id is not None:
            inventory_round = _round_row(get_or_raise(session, InventoryRound, round_id, "Ronde"))
            if not inventory_round.contains(visited_on):
                check.add("visited_on", _outside_round(inventory_round))
        chosen = list(dict.fromkeys(theme_ids))
        wanted = set(chosen) | {note.theme_id for note in notes if note.theme_id is not None}
        themes = {t.id: t for t in session.scalars(select(Theme).where(Theme.id.in_(wanted)))}
        if wanted - set(themes):
            check.add("themes", "Een gekozen thema bestaat niet (meer); kies opnieuw.")
            return []
        return [themes[theme_id] for theme_id in chosen]

    @staticmethod
    def _resident(
        session: Session,
        address_id: int,
        name: str,
        phone: str,
        consent_on: date,
        wants_to_participate: bool,
        may_be_contacted: bool,
        resident: Resident | None = None,
        before: list[RowImage] | None = None,
    ) -> Resident:
        """The consenting resident: ``resident`` if given, else the one at the address with the same
        name (or the same phone when no name), else a new one; filled in. The image of a resident
        that existed goes to ``before``."""
        resident = resident or find_resident(session, address_id, name, phone)
        kind = AuditKind.UPDATE
        if resident is None:
            resident = Resident(address_id=address_id)
            session.add(resident)
            kind = AuditKind.CREATE
        elif before is not None:
            before.append(image(resident))
        resident.consent_on = consent_on
        resident.name = name or resident.name
        resident.phone = phone or resident.phone
        resident.wants_to_participate = wants_to_participate
        resident.may_be_contacted = may_be_contacted
        session.flush()
        audit.record(session, kind, "resident", resident.id, "met toestemming")
        return resident

    def visit(self, visit_id: int) -> VisitRow:
        with self.reading() as session:
            visit = get_or_raise(session, HouseVisit, visit_id, "Huisbezoek")
            signals = visit_signals(session, visit_id)
            return VisitRow(
                id=visit.id,
                address_id=visit.address_id,
                address_label=visit.address.label,
                round_id=visit.round_id,
                visited_on=visit.visited_on,
                visitors=visit.visitors,
                outcome=visit.outcome,
                rating=visit.rating,
                theme_ids=tuple(sorted(theme.id for theme in visit.themes)),
                experience=visit.experience,
                problems=visit.problems,
                ideas=visit.ideas,
                wants_to_participate=visit.wants_to_participate,
                may_be_contacted=visit.may_be_contacted,
                has_resident=visit.resident_id is not None,
                signal_ids=tuple(signal.id for signal in signals),
                problem_notes=tuple(
                    VisitProblem(s.id, s.text, s.theme_id, s.status is not SignalStatus.NEW) for s in signals
                ),
                other_problems=tuple(other_problems(visit.problems, signals)),
            )

    def visit_resident(self, visit_id: int) -> VisitResident | None:
        """The name, phone and consent date of the visit's consenting resident (None: none), for the
        chair who edits the visit. Personal data: shown in the form, never logged."""
        with self.reading() as session:
            visit = get_or_raise(session, HouseVisit, visit_id, "Huisbezoek")
            resident = visit.resident
            if resident is None:
                return None
            return VisitResident(resident.name or "", resident.phone or "", resident.consent_on)

    # --- editing, deleting, undo -------------------------------------------------------------

    def update_visit(
        self,
        visit_id: int,
        *,
        visited_on: date,
        visitors: str,
        outcome: VisitOutcome,
        rating: int | None = None,
        theme_ids: Sequence[int] = (),
        experience: str = "",
        problems: Sequence[ProblemNote] = (),
        ideas: str = "",
        wants_to_participate: bool = False,
        may_be_contacted: bool = False,
        resident_name: str | None = None,
        resident_phone: str | None = None,
        consent_on: date | None = None,
    ) -> VisitChange:
        """Save a recorded visit as the form now has it (the same checks as recording; address and
        round stay), with its signals and resident: one transaction. The token takes it back."""
        check = Checker()
        visitors, notes, name, phone = self._checked_fields(
            check, visitors, visited_on, outcome, rating, problems, resident_name, resident_phone, consent_on
        )
        with self.transaction() as session:
            visit = get_or_raise(session, HouseVisit, visit_id, "Huisbezoek")
            signals = visit_signals(session, visit.id)
            themes = self._checked_references(session, check, visit.round_id, visited_on, theme_ids, notes)
            check_problem_notes(check, notes, signals)
            check.raise_if_any()

            visit_image = image(visit)
            old_themes = tuple(sorted(theme.id for theme in visit.themes))
            residents: list[RowImage] = []
            signal_rows: list[RowImage] = []
            created_resident = self._change_resident(
                session, visit, name, phone, consent_on, wants_to_participate, may_be_contacted, residents
            )
            visit.visited_on = visited_on
            visit.visitors = visitors
            visit.outcome = outcome
            visit.rating = rating
            visit.experience = experience.strip()
            visit.ideas = ideas.strip()
            visit.wants_to_participate = wants_to_participate
            visit.may_be_contacted = may_be_contacted
            visit.themes = themes
            visit.problems, created = change_problems(session, visit, notes, signals, signal_rows)
            session.flush()
            changed = sorted(
                key
                for key, value in visit_image.values
                if key not in ("version", "updated_at") and getattr(visit, key) != value
            )
            if tuple(sorted(theme.id for theme in themes)) != old_themes:
                changed.append("themes")
            audit.record(session, AuditKind.UPDATE, "house_visit", visit.id, ",".join(changed))
            return VisitChange(
                visit_id=visit.id,
                address_label=visit.address.label,
                deleted=False,
                version=visit.version,
                before=(*residents, visit_image, *signal_rows),
                theme_ids=old_themes,
                created_signal_ids=tuple(created),
                created_resident_id=created_resident,
            )

    def _change_resident(
        self,
        session: Session,
        visit: HouseVisit,
        name: str,
        phone: str,
        consent_on: date | None,
        wants_to_participate: bool,
        may_be_contacted: bool,
        before: list[RowImage],
    ) -> int | None:
        """The visit's resident as the form has it now (withdrawn consent removes them from the
        visit); the id of a resident made for it, if any."""
        old = visit.resident
        if consent_on is None:
            if old is not None:
                visit.resident = None
                drop_resident_if_unused(session, old, before)
            return None
        made = old is None and find_resident(session, visit.address_id, name, phone) is None
        visit.resident = self._resident(
            session,
            visit.address_id,
            name,
            phone,
            consent_on,
            wants_to_participate,
            may_be_contacted,
            resident=old,
            before=before,
        )
        if old is not None:  # the form shows this resident: what it holds now replaces what was kept
            old.name, old.phone = name or None, phone or None
        return visit.resident.id if made else None

    def delete_visit(self, visit_id: int) -> VisitChange:
        """Delete a visit with its untriaged signals (triaged ones stay, without the visit) and a
        resident no other visit has: one transaction. The token brings it all back."""
        with self.transaction() as session:
            visit = get_or_raise(session, HouseVisit, visit_id, "Huisbezoek")
            return delete_visit_in(session, visit)

    def undo(self, token: VisitChange) -> VisitRow:
        """Take an edit or deletion back: the visit, its signals and resident as they were, in one
        transaction; refused when the visit or one of its signals changed since."""
        try:
            with self.transaction() as session:
                undo_in(session, token)
        except IntegrityError:  # something it referred to is gone meanwhile
            raise too_late() from None
        return self.visit(token.visit_id)

    def visits_at(self, address_id: int, round_id: int | None = None) -> list[VisitRow]:
        """The visits of one address (in a round), the latest first."""
        stmt = select(HouseVisit.id).where(HouseVisit.address_id == address_id)
        if round_id is not None:
            stmt = stmt.where(HouseVisit.round_id == round_id)
        with self.reading() as session:
            ids = session.scalars(stmt.order_by(HouseVisit.visited_on.desc(), HouseVisit.id.desc())).all()
        return [self.visit(visit_id) for visit_id in ids]


def _round_row(inventory_round: InventoryRound, visits: int = 0) -> RoundRow:
    return RoundRow(
        id=inventory_round.id,
        name=inventory_round.name,
        start_date=inventory_round.start_date,
        end_date=inventory_round.end_date,
        recommendations=inventory_round.recommendations or "",
        visits=visits,
    )


def _outside_round(inventory_round: RoundRow) -> str:
    period = short_date(inventory_round.start_date) + (
        f" t/m {short_date(inventory_round.end_date)}" if inventory_round.end_date else " en later"
    )
    return f"Deze datum valt buiten de ronde ‘{inventory_round.name}’ ({period})."
