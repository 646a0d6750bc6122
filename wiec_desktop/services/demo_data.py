"""A fictitious demo neighbourhood (Wateringseveld, Den Haag, stadsdeel Escamp) to try the program with.

Every date is placed relative to ``today``, so the demo always looks current. The same ``seed`` and
``today`` give identical content: only ``random.Random(seed)`` is used, and lists are walked in a
fixed order. The words (streets, organisations, names, texts) come from
``resources/demo/wateringseveld.json``; all of them are made up.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import (
    Action,
    ActionUpdate,
    Address,
    AgendaItem,
    Area,
    Assignment,
    Attendance,
    AuditEvent,
    Case,
    CaseStatusChange,
    Contact,
    Decision,
    HouseVisit,
    InventoryRound,
    Involvement,
    Meeting,
    Organisation,
    Resident,
    Signal,
    Theme,
)
from wiec_desktop.domain.enums import (
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    AreaKind,
    AttendanceStatus,
    AuditKind,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    OrganisationKind,
    Priority,
    ReportCadence,
    SignalSource,
    SignalStatus,
    VisitOutcome,
)
from wiec_desktop.resources import resource_path
from wiec_desktop.services.base import storage_errors
from wiec_desktop.services.meetings.agenda import STANDARD_ITEMS

ADDRESSES = 200
ACTIONS = 80
ROUND_VISITS = (70, 50)
RESIDENTS_WITH_CONSENT = 8
SIGNALS = 150
STALE_UNTRIAGED = 6
# Statuses of the 25 cases, oldest first; the indexes below get no lead, or two leads.
CASE_PLAN = [CaseStatus(name) for name, n in (("closed", 4), ("monitoring", 4), ("in_progress", 9),
                                                 ("in_analysis", 4), ("reported", 4)) for _ in range(n)]
NO_LEAD = (13, 18, 23)
TWO_LEADS = 9
STANDARD_HEAD = [AgendaItemKind(k) for k in ("opening", "announcements", "previous_minutes", "action_review")]
STANDARD_TAIL = [AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING]
TIMEBOX = {"opening": 5, "announcements": 10, "previous_minutes": 5, "action_review": 20, "case": 15}


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind the demo holds."""

    organisations: int
    contacts: int
    themes: int
    areas: int
    cases: int
    meetings: int
    actions: int
    addresses: int
    house_visits: int
    residents: int
    signals: int


@dataclass
class _CaseInfo:
    case: Case
    theme: str
    leads: list[str]
    involved: list[str] = field(default_factory=list)


def load_vocabulary() -> dict[str, Any]:
    """The demo's words, from ``resources/demo/wateringseveld.json``."""
    return json.loads(resource_path("demo", "wateringseveld.json").read_text(encoding="utf-8"))


def build_demo(session_factory: sessionmaker[Session], today: date, seed: int = 2011) -> DemoSummary:
    """Fill an empty database with the demo neighbourhood, in one transaction."""
    vocabulary = load_vocabulary()
    with storage_errors(), session_factory.begin() as session:
        return _Builder(session, vocabulary, today, random.Random(seed)).build()


def _email(name: str, domain: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    first, *rest = plain.split()
    return f"{first[0]}.{''.join(rest)}@{domain}"


def _tuesday(day: date, *, later: bool) -> date:
    """The Tuesday on or after (``later``) or on or before ``day``: meetings are on Tuesdays."""
    shift = (1 - day.weekday()) % 7 if later else -((day.weekday() - 1) % 7)
    return day + timedelta(days=shift)


class _Builder:
    """Creates the records kind by kind; each step uses what the earlier steps made."""

    def __init__(self, session: Session, vocabulary: dict[str, Any], today: date, rng: random.Random):
        self.s, self.v, self.today, self.rng = session, vocabulary, today, rng
        self.theme_spec = {spec["name"]: spec for spec in vocabulary["themes"]}
        self.orgs: dict[str, Organisation] = {}
        self.org_contacts: dict[str, list[Contact]] = {}
        self.areas: dict[str, Area] = {}
        self.themes: dict[str, Theme] = {}
        self.contacts: list[Contact] = []
        self.addresses: list[Address] = []
        self.cases: list[_CaseInfo] = []
        self.meetings: list[Meeting] = []
        self.case_items: list[tuple[Meeting, AgendaItem, _CaseInfo]] = []
        self.actions: list[Action] = []
        self.visits: list[HouseVisit] = []
        self.residents: list[Resident] = []
        self.signals: list[Signal] = []

    def build(self) -> DemoSummary:
        for step in (self._organisations, self._areas_and_themes, self._assignment, self._addresses,
                     self._cases, self._meetings, self._actions, self._carry_over, self._inventory,
                     self._signals, self._report_log, self._near_duplicate):
            step()
        self.s.flush()
        return DemoSummary(
            organisations=len(self.orgs), contacts=len(self.contacts), themes=len(self.themes),
            areas=len(self.areas), cases=len(self.cases), meetings=len(self.meetings),
            actions=len(self.actions), addresses=len(self.addresses), house_visits=len(self.visits),
            residents=len(self.residents), signals=len(self.signals),
        )

    def _add(self, record: Any) -> Any:
        self.s.add(record)
        return record

    def _day(self, start: date, end: date) -> date:
        """A random day from ``start`` to ``end`` inclusive (``start`` when the range is empty)."""
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def _organisations(self) -> None:
        for spec in self.v["organisations"]:
            kind = OrganisationKind(spec["kind"])
            org = self._add(Organisation(name=spec["name"], kind=kind, notes=spec["notes"]))
            self.orgs[spec["key"]] = org
            self.org_contacts[spec["key"]] = []
            for name, function, reports in spec["contacts"]:
                contact = self._add(Contact(
                    organisation=org, name=name, function=function, email=_email(name, spec["domain"]),
                    phone=f"070-{self.rng.randint(3000000, 3999999)}", receives_reports=reports,
                ))
                self.org_contacts[spec["key"]].append(contact)
                self.contacts.append(contact)

    def _areas_and_themes(self) -> None:
        district = self._add(Area(name=self.v["district"], kind=AreaKind.DISTRICT))
        self.areas[district.name] = district
        for name in self.v["neighbourhoods"]:
            self.areas[name] = self._add(Area(name=name, kind=AreaKind.NEIGHBOURHOOD, parent=district))
        for name in self.theme_spec:
            self.themes[name] = self._add(Theme(name=name))

    def _assignment(self) -> None:
        self.start = self.today - timedelta(days=240)
        self.assignment = self._add(Assignment(
            title=self.v["assignment"]["title"], notes=self.v["assignment"]["notes"],
            client=self.orgs["stadsdeel"], start_date=self.start, end_date=self.today + timedelta(days=122),
            report_cadence=ReportCadence.MONTHLY, is_current=True, areas=list(self.areas.values()),
            recipients=[contact for contact in self.contacts if contact.receives_reports],
        ))

    def _addresses(self) -> None:
        streets = self.v["streets"]
        for street in streets:
            top = street["max_number"]
            for number in sorted(self.rng.sample(range(1, top + 1), ADDRESSES // len(streets))):
                addition = self.rng.choice(self.v["additions"]) if self.rng.random() < 0.12 else ""
                postcode = street["postcodes"][(number - 1) * len(street["postcodes"]) // top]
                self.addresses.append(self._add(Address(
                    street=street["name"], number=number, addition=addition, postcode=postcode,
                    area=self.areas[street["area"]],
                )))

    def _cases(self) -> None:
        specs = list(self.v["cases"])
        self.rng.shuffle(specs)
        ages = sorted(self.rng.sample(range(12, 270), len(specs)), reverse=True)
        numbers: dict[int, int] = {}
        path = list(CaseStatus)
        for index, (spec, age, status) in enumerate(zip(specs, ages, CASE_PLAN, strict=True)):
            opened = self.today - timedelta(days=age)
            street = self.rng.choice(self.v["streets"])
            numbers[opened.year] = numbers.get(opened.year, 0) + 1
            case = self._add(Case(
                year=opened.year, number=numbers[opened.year], opened_on=opened, status=status,
                title=spec["title"].format(street=street["name"]),
                description=spec["description"].format(street=street["name"]),
                assignment=self.assignment, area=self.areas[street["area"]], theme=self.themes[spec["theme"]],
                location=street["name"], priority=self.rng.choice(list(Priority)),
                expert_analysis="" if status is CaseStatus.REPORTED else self.rng.choice(self.v["analyses"]),
                outcome=self.rng.choice(self.v["outcomes"]) if status is CaseStatus.CLOSED else "",
            ))
            steps = path[: path.index(status) + 1]
            offsets = [0, *sorted(self.rng.sample(range(1, age), len(steps) - 1))]
            previous: CaseStatus | None = None
            for step, offset in zip(steps, offsets, strict=True):
                day = opened + timedelta(days=offset)
                case.status_changes.append(CaseStatusChange(
                    from_status=previous, to_status=step, changed_on=day,
                    changed_at=datetime.combine(day, time(9, 0)), note=self.v["case_notes"][step.value],
                ))
                previous = step
            case.closed_on = day if status is CaseStatus.CLOSED else None
            self.cases.append(self._involve(case, spec["theme"], index))

    def _involve(self, case: Case, theme: str, index: int) -> _CaseInfo:
        """Lead, partners and sometimes the stadsdeel as informed; a few cases break the rules."""
        spec = self.theme_spec[theme]
        leads = [self.rng.choice(spec["leads"])]
        others = [key for key in dict.fromkeys(spec["partners"] + spec["leads"]) if key not in leads]
        partners = self.rng.sample(others, self.rng.randint(1, min(3, len(others))))
        if index == TWO_LEADS:
            leads.append(partners.pop(0))
        if index in NO_LEAD:
            leads, partners = [], leads + partners
        informed = ["stadsdeel"] if "stadsdeel" not in leads + partners and self.rng.random() < 0.5 else []
        roles = [(InvolvementRole.LEAD, leads), (InvolvementRole.PARTNER, partners),
                 (InvolvementRole.INFORMED, informed)]
        for role, keys in roles:
            for key in keys:
                org, contact = self.orgs[key], self.rng.choice(self.org_contacts[key])
                texts = self.v["activities"]
                activity = texts[org.kind.value] if role is InvolvementRole.PARTNER else texts[role.value]
                involvement = Involvement(organisation=org, contact=contact, role=role, activity=activity)
                case.involvements.append(involvement)
        return _CaseInfo(case, theme, leads, leads + partners)

    def _meetings(self) -> None:
        held = [_tuesday(self.today - timedelta(days=7 + 28 * k), later=False) for k in range(5, -1, -1)]
        planned = [_tuesday(self.today + timedelta(days=days), later=True) for days in (14, 42)]
        kinds = [MeetingKind.CASE_MEETING, MeetingKind.ENVIRONMENT_MEETING] * 3
        # The next meeting continues the series of the last one held, so its agenda carries over.
        kinds += [MeetingKind.ENVIRONMENT_MEETING, MeetingKind.RESIDENTS_EVENING]
        hours = {MeetingKind.CASE_MEETING: (9, 30), MeetingKind.ENVIRONMENT_MEETING: (14, 0),
                 MeetingKind.RESIDENTS_EVENING: (19, 30)}
        invited = [c for cs in self.org_contacts.values() for c in cs if c is cs[0] or c.receives_reports]
        for index, (day, kind) in enumerate(zip(held + planned, kinds, strict=True)):
            is_held = index < len(held)
            approved = index < len(held) - 1
            start = time(*hours[kind])
            meeting = self._add(Meeting(
                assignment=self.assignment, kind=kind, title=f"{kind.label} {self.v['district']}", date=day,
                start_time=start, planned_end_time=time(start.hour + 2, start.minute),
                location=self.v["locations"][index % len(self.v["locations"])], chair=self.v["chair"],
                minute_taker=self.v["chair"] if is_held else "",
                status=MeetingStatus.HELD if is_held else MeetingStatus.PLANNED,
                minutes_status=(MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT)
                if is_held else MinutesStatus.NONE,
                minutes_approved_on=held[index + 1] if approved else None,
                minutes_corrections=self.v["minutes_correction"] if index == 2 else "",
            ))
            self.meetings.append(meeting)
            self._attendance(meeting, invited, is_held, with_guest=index == 3)
            self._agenda(meeting, is_held)

    def _carry_over(self) -> None:
        """The story of the last meeting (no randomness, so the rest of the demo is unchanged):
        its last case was parked and a theme item was not reached; both are already on the next
        meeting of the series, and planned meetings follow the standard order. Approved minutes
        point to the meeting that approved them (``minutes_approved_in_id``)."""
        self.s.flush()
        held = [m for m in self.meetings if m.status is MeetingStatus.HELD]
        for meeting in held[:-1]:
            meeting.minutes_approved_in_id = next(m.id for m in held if m.date == meeting.minutes_approved_on)
        for meeting in self.meetings:
            if meeting.status is MeetingStatus.PLANNED:
                self._standard_order(meeting)
        last = held[-1]
        later = [m for m in self.meetings if m.status is MeetingStatus.PLANNED and m.kind is last.kind]
        cases = [item for item in last.agenda_items if item.kind is AgendaItemKind.CASE]
        if not cases:
            return
        parked = cases[-1]
        parked.state = AgendaItemState.PARKED
        theme = parked.case.theme.name.lower() if parked.case and parked.case.theme else "leefbaarheid"
        skipped = AgendaItem(
            kind=AgendaItemKind.THEME, title=f"Thema {theme}: aanpak met bewoners",
            presenter=self.v["chair"], timebox_minutes=20, state=AgendaItemState.NOT_REACHED,
            elapsed_seconds=0, minutes="",
        )
        self._insert_before_tail(last, skipped)
        self.s.flush()
        if not later:
            return
        target = later[0]
        for source in (parked, skipped):
            same_case = [i for i in target.agenda_items if source.case_id and i.case_id == source.case_id]
            if same_case:
                same_case[0].carried_from_id = source.id
                continue
            self._insert_before_tail(target, AgendaItem(
                kind=source.kind, title=source.title, case=source.case, presenter=source.presenter,
                timebox_minutes=source.timebox_minutes, carried_from_id=source.id,
            ))

    def _standard_order(self, meeting: Meeting) -> None:
        """Planned meetings start from the standard order the agenda editor offers."""
        head, tail = STANDARD_ITEMS[:-2], STANDARD_ITEMS[-2:]
        items = meeting.agenda_items
        others = [item for item in items if item.kind is not AgendaItemKind.CASE]
        if len(others) != len(head) + len(tail):
            return
        for item, spec in zip(others, (*head, *tail), strict=True):
            item.kind, item.title, item.timebox_minutes = spec.kind, spec.title, spec.timebox_minutes
            item.presenter = spec.presenter or self.v["chair"]

    @staticmethod
    def _insert_before_tail(meeting: Meeting, item: AgendaItem) -> None:
        items = sorted(meeting.agenda_items, key=lambda each: each.position)
        index = len(items)
        while index and items[index - 1].kind in STANDARD_TAIL:
            index -= 1
        items.insert(index, item)
        for position, each in enumerate(items):
            each.position = position
        meeting.agenda_items.append(item)

    def _near_duplicate(self) -> None:
        """A case reported a few days ago by another team, nearly the same as a running one (the
        overlap the matrix flags). Made last, so that it changes nothing the random choices made."""
        spec = self.v["near_duplicate"]
        original = next(
            info.case for info in self.cases if self._from_template(info.case, spec["of"])
        )
        opened = self.today - timedelta(days=spec["days_ago"])
        street = original.location
        number = 1 + max(info.case.number for info in self.cases if info.case.year == opened.year)
        case = self._add(Case(
            year=opened.year, number=number, opened_on=opened, status=CaseStatus.REPORTED,
            title=spec["title"].format(street=street), description=spec["description"],
            assignment=self.assignment, area=original.area, theme=original.theme, location=street,
            priority=Priority.NORMAL,
        ))
        case.status_changes.append(CaseStatusChange(
            from_status=None, to_status=CaseStatus.REPORTED, changed_on=opened,
            changed_at=datetime.combine(opened, time(9, 0)), note=self.v["case_notes"]["reported"],
        ))
        texts = self.v["activities"]
        team = ((InvolvementRole.LEAD, [spec["lead"]]), (InvolvementRole.PARTNER, spec["partners"]))
        for role, keys in team:
            for key in keys:
                org, contact = self.orgs[key], self.org_contacts[key][0]
                activity = texts[org.kind.value] if role is InvolvementRole.PARTNER else texts[role.value]
                involvement = Involvement(organisation=org, contact=contact, role=role, activity=activity)
                case.involvements.append(involvement)
        involved = [spec["lead"], *spec["partners"]]
        self.cases.append(_CaseInfo(case, original.theme.name, [spec["lead"]], involved))

    @staticmethod
    def _from_template(case: Case, template: str) -> bool:
        return case.title == template.format(street=case.location)

    def _report_log(self) -> None:
        """The audit trail of the reports sent after each held meeting (references only)."""
        self.s.flush()
        recipients = len(self.assignment.recipients)
        for meeting in self.meetings:
            if meeting.status != MeetingStatus.HELD:
                continue
            sent = datetime.combine(meeting.date + timedelta(days=2), time(10, 15))
            for offset, kind, detail in (
                (0, AuditKind.EXPORT, "verslag (Word) en actielijst (Excel)"),
                (5, AuditKind.SEND, f"verslag en actielijst aan {recipients} ontvangers"),
            ):
                self._add(AuditEvent(occurred_at=sent + timedelta(minutes=offset), actor="voorzitter",
                                     kind=kind, entity_type="meeting", entity_id=meeting.id, detail=detail))

    def _attendance(self, meeting: Meeting, invited: list[Contact], held: bool, with_guest: bool) -> None:
        for contact in invited:
            status, arrived = AttendanceStatus.INVITED, None
            if held:
                roll = self.rng.random()
                status = (AttendanceStatus.PRESENT if roll < 0.75 else
                          AttendanceStatus.EXCUSED if roll < 0.9 else AttendanceStatus.ABSENT)
                if status is AttendanceStatus.PRESENT:
                    late = self.rng.choice([0, 0, 0, 5, 10])
                    arrived = time(meeting.start_time.hour, meeting.start_time.minute + late)
            meeting.attendances.append(Attendance(contact=contact, status=status, arrived_at=arrived))
        if with_guest:
            guest = self.v["guest"]
            meeting.attendances.append(Attendance(
                guest_name=guest["name"], guest_organisation=guest["organisation"],
                status=AttendanceStatus.PRESENT, arrived_at=meeting.start_time,
            ))

    def _agenda(self, meeting: Meeting, held: bool) -> None:
        """The standard agenda with 2–4 cases that were running on the day, minutes and decisions."""
        running = [info for info in self.cases if info.case.status is not CaseStatus.REPORTED
                   and info.case.opened_on < meeting.date
                   and (info.case.closed_on is None or info.case.closed_on > meeting.date)]
        chosen = self.rng.sample(running, min(len(running), self.rng.randint(2, 4)))
        chosen.sort(key=lambda info: (info.case.year, info.case.number))
        kinds = [*STANDARD_HEAD, *([AgendaItemKind.CASE] * len(chosen)), *STANDARD_TAIL]
        for position, kind in enumerate(kinds):
            info = chosen[position - len(STANDARD_HEAD)] if kind is AgendaItemKind.CASE else None
            lead_key = info.leads[0] if info and info.leads else None
            lead = self.orgs[lead_key] if lead_key else None
            timebox = TIMEBOX.get(kind.value, 10)
            item = AgendaItem(
                position=position, kind=kind, timebox_minutes=timebox,
                title=f"{info.case.reference} {info.case.title}" if info else kind.label,
                case=info.case if info else None,
                presenter=self.org_contacts[lead_key][0].name if lead_key else self.v["chair"],
            )
            meeting.agenda_items.append(item)
            if not held:
                continue
            item.state = AgendaItemState.DONE
            item.elapsed_seconds = max(0, timebox * 60 + self.rng.randint(-120, 300))
            lead_name = lead.name if lead else "De voorzitter"
            item.minutes = self.rng.choice(self.v["minutes"][kind.value]).format(lead=lead_name)
            if info:
                texts = [t for t in self.v["decisions"] if lead or "{lead}" not in t]
                for number, text in enumerate(self.rng.sample(texts, self.rng.randint(1, 2))):
                    item.decisions.append(Decision(position=number, text=text.format(lead=lead_name)))
                self.case_items.append((meeting, item, info))

    def _actions(self) -> None:
        """80 actions spread over the case items of the held meetings, then their updates."""
        per_item, extra = divmod(ACTIONS, len(self.case_items))
        numbers: dict[int, int] = {}
        for index, (meeting, item, info) in enumerate(self.case_items):
            for _ in range(per_item + (index < extra)):
                rng, day, case = self.rng, meeting.date, info.case
                key = info.leads[0] if info.leads and rng.random() < 0.7 else rng.choice(info.involved)
                due = None if rng.random() < 0.1 else day + timedelta(days=rng.choice([14, 21, 28, 42]))
                text = rng.choice(self.theme_spec[info.theme]["actions"]).format(street=case.location)
                numbers[day.year] = numbers.get(day.year, 0) + 1
                action = self._add(Action(
                    year=day.year, number=numbers[day.year], description=text, case=case, meeting=meeting,
                    agenda_item=item, owner_organisation=self.orgs[key], created_on=day, due_date=due,
                    owner_contact=rng.choice(self.org_contacts[key]) if rng.random() < 0.85 else None,
                ))
                self._action_state(action, case)
                self.actions.append(action)
        running = [action for action in self.actions if action.case.closed_on is None]
        self._force(running[0], ActionStatus.OPEN, running[0].created_on + timedelta(days=14))
        self._force(running[1], ActionStatus.CANCELLED, running[1].due_date)
        third = running[2]
        self._force(third, ActionStatus.DONE, third.due_date, third.created_on + timedelta(days=10))
        self._force(running[-1], ActionStatus.OPEN, self.today + timedelta(days=2))
        self._force(running[-2], ActionStatus.IN_PROGRESS, self.today + timedelta(days=5))
        self._force(running[-3], ActionStatus.OPEN, None)
        for action in self.actions:
            self._action_update(action)

    def _action_state(self, action: Action, case: Case) -> None:
        """Older actions are mostly done; actions of closed cases are all finished."""
        roll = self.rng.random()
        if case.closed_on is not None:
            status = ActionStatus.DONE if roll < 0.8 else ActionStatus.CANCELLED
        else:
            done = min(0.7, (self.today - action.created_on).days / 200)
            status = (ActionStatus.DONE if roll < done else ActionStatus.CANCELLED if roll < done + 0.07
                      else ActionStatus.IN_PROGRESS if roll < done + 0.35 else ActionStatus.OPEN)
        action.status, action.completed_on = status, None
        if status is ActionStatus.DONE:
            last = min(self.today, case.closed_on or self.today)
            action.completed_on = self._day(action.created_on + timedelta(days=1), last)

    @staticmethod
    def _force(action: Action, status: ActionStatus, due: date | None, completed: date | None = None) -> None:
        action.status, action.due_date, action.completed_on = status, due, completed

    def _action_update(self, action: Action) -> None:
        """Progress recorded at the next held meeting (or in between) for most non-open actions."""
        later = [m for m in self.meetings if action.created_on < m.date <= self.today]
        meeting = later[0] if later else None
        status = action.status
        if status is ActionStatus.DONE:
            if action.completed_on is None or self.rng.random() < 0.4:
                return
            day, meeting = action.completed_on, None
        elif status is ActionStatus.OPEN:
            if meeting is None or action.due_date is None or self.rng.random() < 0.6:
                return
            day = meeting.date
        else:
            day = meeting.date if meeting else min(self.today, action.created_on + timedelta(days=5))
        self.s.add(ActionUpdate(
            action=action, meeting=meeting, updated_on=day, status=status,
            new_due_date=action.due_date if status is ActionStatus.OPEN else None,
            note=self.rng.choice(self.v["update_notes"][status.value]),
        ))

    def _inventory(self) -> None:
        """Two rounds of house visits, every outcome, with a few residents who gave consent."""
        starts = (self.start + timedelta(days=14), self.today - timedelta(days=63))
        ends = (starts[0] + timedelta(days=35), None)
        outcomes = list(VisitOutcome) + self.rng.choices(
            list(VisitOutcome), weights=[25, 55, 8, 12], k=sum(ROUND_VISITS) - len(VisitOutcome)
        )
        self.rng.shuffle(outcomes)
        police = self.org_contacts["politie"][:2] + self.org_contacts["welzijn"][:1]
        for start, end, count in zip(starts, ends, ROUND_VISITS, strict=True):
            name = f"{self.v['seasons'][start.month - 1]} {start.year}"
            visit_round = self._add(InventoryRound(name=name, start_date=start, end_date=end))
            days = sorted(self._day(start, end or self.today - timedelta(days=2)) for _ in range(count))
            for day, address in zip(days, self.rng.sample(self.addresses, count), strict=True):
                outcome = outcomes.pop()
                visit = self._add(HouseVisit(
                    address=address, round=visit_round, visited_on=day, outcome=outcome,
                    visitors=f"{self.v['chair']} en {self.rng.choice(police).name}",
                ))
                if outcome is VisitOutcome.SPOKEN:
                    self._conversation(visit)
                self.visits.append(visit)

    def _conversation(self, visit: HouseVisit) -> None:
        rng = self.rng
        visit.rating = rng.choices(range(1, 11), weights=[1, 1, 2, 4, 7, 10, 12, 9, 4, 2])[0]
        names = rng.sample(list(self.themes), rng.randint(1, 2))
        visit.themes = [self.themes[name] for name in names]
        visit.experience = rng.choice(self.v["experiences"])
        visit.problems = " ".join(rng.choice(self.theme_spec[name]["problems"]) for name in names)
        visit.ideas = rng.choice(self.v["ideas"])
        visit.wants_to_participate = rng.random() < 0.2
        visit.may_be_contacted = visit.wants_to_participate or rng.random() < 0.25
        if visit.may_be_contacted and len(self.residents) < RESIDENTS_WITH_CONSENT:
            resident = self._add(Resident(
                address=visit.address, consent_on=visit.visited_on,
                name=f"{rng.choice(self.v['first_names'])} {rng.choice(self.v['last_names'])}",
                phone=f"06-{rng.randint(10000000, 99999999)}" if len(self.residents) % 2 else None,
                wants_to_participate=visit.wants_to_participate, may_be_contacted=True,
            ))
            visit.resident = resident
            self.residents.append(resident)

    def _signals(self) -> None:
        """Signals from every source: most triaged (linked or closed), some new, a few stale."""
        rng = self.rng
        sources = list(SignalSource) + rng.choices(
            list(SignalSource), weights=[30, 20, 15, 8, 17, 10], k=SIGNALS - len(SignalSource)
        )
        rng.shuffle(sources)
        spoken = [visit for visit in self.visits if visit.themes]
        drafts: list[tuple[SignalSource, date, HouseVisit | None]] = []
        for source in sources:
            visit = rng.choice(spoken) if source is SignalSource.HOUSE_VISIT else None
            received = visit.visited_on if visit else self.today - timedelta(days=rng.randint(0, 230))
            drafts.append((source, received, visit))
        candidates = [i for i, draft in enumerate(drafts) if 15 <= (self.today - draft[1]).days <= 60]
        stale = rng.sample(candidates, min(STALE_UNTRIAGED, len(candidates)))
        for index, (source, received, visit) in enumerate(drafts):
            theme = rng.choice(visit.themes).name if visit else rng.choice(list(self.themes))
            street = visit.address.street if visit else rng.choice(self.v["streets"])["name"]
            address = visit.address if visit else None
            if address is None and rng.random() < 0.35:
                address = rng.choice([a for a in self.addresses if a.street == street])
            signal = self._add(Signal(
                received_on=received, source=source, theme=self.themes[theme], address=address, street=street,
                text=rng.choice(self.theme_spec[theme]["signals"]).format(street=street), house_visit=visit,
                organisation=rng.choice(list(self.orgs.values())) if source is SignalSource.PARTNER else None,
            ))
            self._triage(signal, theme, fresh=(self.today - received).days <= 14, stale=index in stale)
            self.signals.append(signal)

    def _triage(self, signal: Signal, theme: str, fresh: bool, stale: bool) -> None:
        rng, received = self.rng, signal.received_on
        if stale or (fresh and rng.random() < 0.6):
            signal.status = SignalStatus.NEW
            return
        horizon = received + timedelta(days=30)
        cases = [i.case for i in self.cases if i.theme == theme and i.case.opened_on <= horizon]
        if cases and rng.random() < 0.6:
            case = rng.choice(cases)
            signal.status, signal.case = SignalStatus.LINKED, case
            start = max(received, case.opened_on)
            signal.triaged_on = min(self.today, start + timedelta(days=rng.randint(0, 5)))
        else:
            signal.status, signal.closed_reason = SignalStatus.CLOSED, rng.choice(self.v["closed_reasons"])
            signal.triaged_on = min(self.today, received + timedelta(days=rng.randint(0, 7)))
