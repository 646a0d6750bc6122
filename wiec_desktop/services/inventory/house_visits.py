"""House visits (huisbezoeken) and inventory rounds: coverage per street and recording a visit.

A visit is recorded in one transaction together with a signal per problem noted at the door and,
only with the resident's consent, the resident's name and phone. Personal data is never logged and
never written to the audit log: audit entries carry references (ids) only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wiec_desktop.domain import Address, Area, HouseVisit, InventoryRound, Resident, Signal, Theme
from wiec_desktop.domain.enums import AuditKind, SignalSource, SignalStatus, VisitOutcome
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, get_or_raise
from wiec_desktop.services.formatting import short_date
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
    """A problem a resident named at the door; it becomes a signal."""

    text: str
    theme_id: int | None = None


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
        notes = [ProblemNote(note.text.strip(), note.theme_id) for note in problems]
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
        with self.transaction() as session:
            address = get_or_raise(session, Address, address_id, "Adres")
            if round_id is not None:
                inventory_round = _round_row(get_or_raise(session, InventoryRound, round_id, "Ronde"))
                if not inventory_round.contains(visited_on):
                    check.add("visited_on", _outside_round(inventory_round))
            theme_ids = list(dict.fromkeys(theme_ids))
            wanted = set(theme_ids) | {note.theme_id for note in notes if note.theme_id is not None}
            themes = {t.id: t for t in session.scalars(select(Theme).where(Theme.id.in_(wanted)))}
            if wanted - set(themes):
                check.add("themes", "Een gekozen thema bestaat niet (meer); kies opnieuw.")
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
            visit.themes = [themes[theme_id] for theme_id in theme_ids]
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
            signal_ids = []
            for note in notes:
                signal = Signal(
                    received_on=visited_on,
                    source=SignalSource.HOUSE_VISIT,
                    theme_id=note.theme_id,
                    address_id=address.id,
                    street=address.street,
                    text=note.text,
                    status=SignalStatus.NEW,
                    house_visit_id=visit.id,
                )
                session.add(signal)
                session.flush()
                audit.record(session, AuditKind.CREATE, "signal", signal.id, f"uit huisbezoek {visit.id}")
                signal_ids.append(signal.id)
            return VisitResult(visit.id, tuple(signal_ids))

    @staticmethod
    def _resident(
        session: Session,
        address_id: int,
        name: str,
        phone: str,
        consent_on: date,
        wants_to_participate: bool,
        may_be_contacted: bool,
    ) -> Resident:
        """The consenting resident at the address (same name, or same phone when no name), updated."""
        candidates = session.scalars(select(Resident).where(Resident.address_id == address_id)).all()
        resident = next(
            (
                r
                for r in candidates
                if (name and (r.name or "").casefold() == name.casefold())
                or (not name and phone and r.phone == phone)
            ),
            None,
        )
        kind = AuditKind.UPDATE
        if resident is None:
            resident = Resident(address_id=address_id)
            session.add(resident)
            kind = AuditKind.CREATE
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
            signal_ids = session.scalars(
                select(Signal.id).where(Signal.house_visit_id == visit_id).order_by(Signal.id)
            ).all()
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
                signal_ids=tuple(signal_ids),
            )

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
