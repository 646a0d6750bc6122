"""The large demo's meetings: five years of casuïstiekoverleggen per buurt, leefomgevingoverleggen
for the wijk and bewonersavonden, with their agendas, minutes, decisions and attendance.

Meetings before today are held (a few cancelled), later ones planned. Each held meeting's minutes
are approved at the next meeting of the same series; the last one of a series is still a draft.
A case item parked or not reached comes back at the next meeting of its series (``carried_from``).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from wiec_desktop.domain.enums import (
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    AuditKind,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.services.demo.large_world import STANDARD_ITEMS, CaseFacts, MeetingFacts, World, stamp

HEAD = ("opening", "announcements", "agenda", "previous_minutes", "action_review")
TAIL = ("any_other_business", "closing")
TIMEBOX = {
    "opening": 5,
    "announcements": 10,
    "agenda": 5,
    "previous_minutes": 5,
    "action_review": 20,
    "case": 15,
    "theme": 20,
    "any_other_business": 10,
    "closing": 5,
}
HOURS = {
    MeetingKind.CASE_MEETING: (9, 30),
    MeetingKind.ENVIRONMENT_MEETING: (14, 0),
    MeetingKind.RESIDENTS_EVENING: (19, 30),
}
ROTATION = ("case",) * 7 + ("environment",) * 2 + ("evening",)
FUTURE_DAYS = 42
assert len(HEAD) + len(TAIL) == STANDARD_ITEMS


class _Series:
    """Which series a meeting slot belongs to: a buurt's casuïstiekoverleg (0–7), the wijk's
    leefomgevingoverleg (8) or a buurt's bewonersavond (9–16)."""

    def __init__(self, buurten: int) -> None:
        self.buurten = buurten
        self.case_turn = 0
        self.evening_turn = 0

    def next(self, slot: int) -> tuple[int, MeetingKind, int | None]:
        kind = ROTATION[slot % len(ROTATION)]
        if kind == "case":
            buurt = self.case_turn % self.buurten
            self.case_turn += 1
            return buurt, MeetingKind.CASE_MEETING, buurt
        if kind == "environment":
            return self.buurten, MeetingKind.ENVIRONMENT_MEETING, None
        buurt = self.evening_turn % self.buurten
        self.evening_turn += 1
        return self.buurten + 1 + buurt, MeetingKind.RESIDENTS_EVENING, buurt


def make_meetings(world: World) -> None:
    """Meetings, agenda items, decisions and attendance, in date order."""
    rng, today = world.rng, world.today
    total = world.counts.meetings
    first, last = world.start + timedelta(days=10), today + timedelta(days=FUTURE_DAYS)
    step = (last - first).days / total
    series_of = _Series(len(world.buurten))
    plan: list[tuple[MeetingFacts, MeetingKind, int | None, bool]] = []
    for slot in range(total):
        day = first + timedelta(days=int(slot * step) + rng.randint(0, max(0, int(step) - 1)))
        day -= timedelta(days=max(0, day.weekday() - 3))  # Monday to Thursday
        series, kind, buurt = series_of.next(slot)
        held = day < today
        cancelled = held and rng.random() < 0.03
        plan.append((MeetingFacts(slot + 1, series, day, held and not cancelled), kind, buurt, cancelled))
    for facts, *_rest in plan:
        world.meetings.append(facts)
        world.meeting_series[facts.id] = facts.series
        if facts.held:
            world.series_days.setdefault(facts.series, []).append((facts.day, facts.id))
    rows = [_meeting_row(world, facts, kind, buurt, cancelled) for facts, kind, buurt, cancelled in plan]
    # Approved minutes point at a later meeting: insert the later ones first (foreign keys).
    world.stage("overleggen", world.writer.write("meeting", reversed(rows)))
    _agendas(world, plan)


def _meeting_row(
    world: World, facts: MeetingFacts, kind: MeetingKind, buurt: int | None, cancelled: bool
) -> dict[str, Any]:
    vocabulary = world.vocabulary
    place = world.buurten[buurt][1] if buurt is not None else vocabulary.district
    hour, minute = HOURS[kind]
    start = time(hour, minute)
    approval = world.next_held(facts.series, facts.day) if facts.held else None
    status = (
        MeetingStatus.HELD if facts.held else MeetingStatus.CANCELLED if cancelled else MeetingStatus.PLANNED
    )
    minutes = MinutesStatus.NONE
    if facts.held:
        minutes = MinutesStatus.APPROVED if approval else MinutesStatus.DRAFT
        world.audit.append(
            (
                stamp(facts.day + timedelta(days=2), 10, 15),
                AuditKind.EXPORT.value,
                "meeting",
                facts.id,
                "verslag (Word) en actielijst (Excel)",
            )
        )
        if approval:
            world.audit.append(
                (
                    stamp(facts.day + timedelta(days=2), 10, 20),
                    AuditKind.SEND.value,
                    "meeting",
                    facts.id,
                    f"verslag en actielijst aan {len(world.recipients)} ontvangers",
                )
            )
    locations = vocabulary.words("locations")
    started = stamp(facts.day, hour, minute) if facts.held else None
    return {
        "id": facts.id,
        "assignment_id": world.assignment_on(facts.day),
        "kind": kind.value,
        "title": f"{kind.label} {place}",
        "date": facts.day,
        "start_time": start,
        "planned_end_time": time(hour + 2, minute),
        "location": locations[(buurt or 0) % len(locations)]
        if kind is not MeetingKind.ENVIRONMENT_MEETING
        else locations[1],
        "chair": vocabulary.chair,
        "minute_taker": vocabulary.chair if facts.held else "",
        "status": status.value,
        "minutes_status": minutes.value,
        "minutes_approved_on": approval[0] if approval else None,
        "minutes_corrections": "",
        "minutes_approved_in_id": approval[1] if approval else None,
        "minutes_snapshot": None,
        "started_at": started,
        "ended_at": started + timedelta(hours=2, minutes=5) if started else None,
        "current_item_id": None,
        "closing_summary": "",
        "version": 1,
        "created_at": stamp(facts.day - timedelta(days=28), 11),
        "updated_at": stamp(facts.day + timedelta(days=1 if facts.held else -28), 11),
    }


def _agendas(world: World, plan: list[tuple[MeetingFacts, MeetingKind, int | None, bool]]) -> None:
    rng = world.rng
    meetings = len(plan)
    variable = world.counts.agenda_items - STANDARD_ITEMS * meetings
    extra = set(rng.sample(range(meetings), variable % meetings))
    by_buurt: dict[int | None, list[CaseFacts]] = {}
    builder = _AgendaBuilder(world)
    for index, (facts, kind, buurt, _cancelled) in enumerate(plan):
        slots = variable // meetings + (index in extra)
        key = buurt if kind is MeetingKind.CASE_MEETING else None
        if key not in by_buurt:
            by_buurt[key] = [case for case in world.cases if key is None or case.area == key]
        builder.agenda(facts, kind, slots, by_buurt[key])
    writer = world.writer
    world.stage("agendapunten en verslagen", writer.write("agenda_item", builder.items))
    world.stage("besluiten", writer.write("decision", builder.decisions))
    world.stage("aanwezigheid", writer.write("attendance", builder.attendance))


class _AgendaBuilder:
    """Builds the agenda items (with minutes), decisions and attendance of one meeting at a time."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.items: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.attendance: list[dict[str, Any]] = []
        self.carried: dict[int, list[tuple[int, CaseFacts]]] = {}  # series -> (item id, case)
        minutes = world.vocabulary.raw["minutes"]
        self.minutes: dict[str, list[str]] = minutes
        self.decision_texts = world.vocabulary.words("decisions")
        self.theme_titles = world.vocabulary.words("theme_items")

    def agenda(self, facts: MeetingFacts, kind: MeetingKind, slots: int, pool: list[CaseFacts]) -> None:
        rng, world = self.world.rng, self.world
        carried = [
            (item, case) for item, case in self.carried.pop(facts.series, []) if case.running_on(facts.day)
        ]
        case_slots = slots if kind is MeetingKind.CASE_MEETING else slots // 2
        if kind is MeetingKind.RESIDENTS_EVENING:
            case_slots = slots // 4
        chosen: list[tuple[int | None, CaseFacts]] = carried[:case_slots]
        taken = {case.id for _item, case in chosen}
        candidates = [case for case in running_cases_in(pool, facts.day) if case.id not in taken]
        more = rng.sample(candidates, min(len(candidates), case_slots - len(chosen)))
        chosen += [(None, case) for case in sorted(more, key=lambda c: c.id)]
        kinds = [*HEAD, *(["case"] * len(chosen)), *(["theme"] * (slots - len(chosen))), *TAIL]
        orgs: list[int] = [world.org_ids["stadsdeel"], world.org_ids["politie"]]
        last_variable = len(HEAD) + slots - 1
        for position, item_kind in enumerate(kinds):
            carried_from, case = chosen[position - len(HEAD)] if item_kind == "case" else (None, None)
            item_id = len(self.items) + 1
            lead = case.leads[0] if case and case.leads else None
            if lead is not None and lead not in orgs:
                orgs.append(lead)
            org_name = world.org_names[lead] if lead else world.org_names[rng.choice(orgs)]
            state, elapsed, text = AgendaItemState.PENDING, 0, ""
            timebox = TIMEBOX[item_kind]
            if facts.held:
                state = AgendaItemState.DONE
                if case is not None and rng.random() < 0.04:
                    state = AgendaItemState.PARKED
                elif position == last_variable and rng.random() < 0.05:
                    state = AgendaItemState.NOT_REACHED
                if state is not AgendaItemState.NOT_REACHED:
                    elapsed = max(0, timebox * 60 + rng.randint(-120, 300))
                    street = case.street if case else rng.choice(world.streets)[0]
                    text = world.filler.pick(self.minutes[item_kind], street, org_name)
                if state is not AgendaItemState.DONE and case is not None:
                    self.carried.setdefault(facts.series, []).append((item_id, case))
            if case is not None:
                title = f"{case.reference} {case.title}"[:200]
                contacts = world.org_contacts[lead] if lead else []
                presenter = contacts[0][1] if contacts else world.vocabulary.chair
            elif item_kind == "theme":
                theme = rng.choice(world.vocabulary.themes).name
                title, presenter = rng.choice(self.theme_titles).format(theme=theme), world.vocabulary.chair
            else:
                title, presenter = AgendaItemKind(item_kind).label, world.vocabulary.chair
            stamp_day = facts.day if facts.held else facts.day - timedelta(days=21)
            self.items.append(
                {
                    "id": item_id,
                    "meeting_id": facts.id,
                    "position": position,
                    "kind": item_kind,
                    "title": title,
                    "case_id": case.id if case else None,
                    "presenter": presenter,
                    "timebox_minutes": timebox,
                    "minutes": text,
                    "state": state.value,
                    "elapsed_seconds": elapsed,
                    "carried_from_id": carried_from,
                    "version": 1,
                    "created_at": stamp(facts.day - timedelta(days=21), 10),
                    "updated_at": stamp(stamp_day, 12),
                }
            )
            if state is AgendaItemState.DONE and item_kind in ("case", "theme"):
                self._decide(item_id, item_kind, org_name, case, facts)
            if facts.held and case is not None and state is not AgendaItemState.NOT_REACHED:
                world.case_items.append((facts.id, item_id, case))
        self._attend(facts, kind, orgs)

    def _decide(self, item_id: int, kind: str, org: str, case: CaseFacts | None, facts: MeetingFacts) -> None:
        rng, world = self.world.rng, self.world
        if rng.random() >= (0.45 if kind == "case" else 0.2):
            return
        street = case.street if case else rng.choice(world.streets)[0]
        for position in range(rng.randint(1, 2) if kind == "case" else 1):
            self.decisions.append(
                {
                    "id": len(self.decisions) + 1,
                    "agenda_item_id": item_id,
                    "position": position,
                    "text": world.filler.pick(self.decision_texts, street, org),
                    "created_at": stamp(facts.day, 11),
                    "updated_at": stamp(facts.day, 11),
                }
            )

    def _attend(self, facts: MeetingFacts, kind: MeetingKind, orgs: list[int]) -> None:
        rng, world = self.world.rng, self.world
        hour, minute = HOURS[kind]
        contacts: dict[int, None] = {}
        for org in orgs[:12]:
            people = world.org_contacts[org]
            contacts[people[0][0]] = None
            if len(people) > 1 and rng.random() < 0.3:
                contacts[rng.choice(people)[0]] = None
        created = stamp(facts.day - timedelta(days=28), 11)
        for contact in contacts:
            status, arrived = AttendanceStatus.INVITED, None
            if facts.held:
                roll = rng.random()
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.75
                    else AttendanceStatus.EXCUSED
                    if roll < 0.9
                    else AttendanceStatus.ABSENT
                )
                if status is AttendanceStatus.PRESENT:
                    arrived = time(hour, minute + rng.choice((0, 0, 0, 5, 10)))
            self.attendance.append(
                {
                    "id": len(self.attendance) + 1,
                    "meeting_id": facts.id,
                    "contact_id": contact,
                    "guest_name": None,
                    "guest_organisation": "",
                    "status": status.value,
                    "arrived_at": arrived,
                    "created_at": created,
                    "updated_at": created,
                }
            )


def running_cases_in(pool: list[CaseFacts], day: date) -> list[CaseFacts]:
    """The cases of ``pool`` (in the order opened) past aangemeld that ran on ``day``."""
    found = []
    for case in pool:
        if case.opened >= day:
            break
        if case.running_on(day) and case.status != "reported":
            found.append(case)
    return found
