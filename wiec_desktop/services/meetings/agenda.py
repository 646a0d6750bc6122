"""Preparing a meeting: planning it with invitees, editing and ordering its agenda, templates,
copying the previous meeting of the series, suggestions and carry-over of unfinished items.

A *series* is the meetings of the same kind and the same assignment (``None`` matches ``None``).
Positions of a meeting's items are always contiguous 0..n-1 after every operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from wiec_desktop.domain import (
    Action,
    Address,
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    Area,
    Assignment,
    Attendance,
    Case,
    Contact,
    Involvement,
    Meeting,
    Organisation,
    Signal,
    case_reference,
)
from wiec_desktop.domain.enums import (
    OPEN_ACTION_STATUSES,
    AgendaItemKind,
    AgendaItemState,
    AttendanceStatus,
    AuditKind,
    CaseStatus,
    InvolvementRole,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    SignalStatus,
    SuggestionReason,
)
from wiec_desktop.domain.organisations import assignment_area
from wiec_desktop.services import audit
from wiec_desktop.services.base import Service, apply_changes, get_or_raise, retry_when_stale
from wiec_desktop.services.followup.escalation import escalated_per_case
from wiec_desktop.services.meetings.rows import agenda_rows
from wiec_desktop.services.meetings.series import meeting_ref as _ref
from wiec_desktop.services.meetings.series import neighbour
from wiec_desktop.services.meetings.series import previous_held as _previous_held
from wiec_desktop.services.meetings.views import (
    AgendaRow,
    AgendaTotals,
    InviteeRow,
    MeetingRef,
    Suggestion,
    TemplateInfo,
    TemplateItem,
)
from wiec_desktop.services.validation import Checker, InUse, ValidationError

STANDARD_TEMPLATE_NAME = "Standaard (opening t/m sluiting)"
STANDARD_ITEMS: tuple[TemplateItem, ...] = (
    TemplateItem(AgendaItemKind.OPENING, "Opening en mededelingen", 5),
    TemplateItem(AgendaItemKind.AGENDA, "Vaststellen agenda", 2),
    TemplateItem(AgendaItemKind.PREVIOUS_MINUTES, "Verslag vorige keer", 5),
    TemplateItem(AgendaItemKind.ACTION_REVIEW, "Actielijst", 15),
    TemplateItem(AgendaItemKind.ANY_OTHER_BUSINESS, "Rondvraag", 5),
    TemplateItem(AgendaItemKind.CLOSING, "Sluiting", 2),
)
# Case and theme items are inserted before these trailing kinds when no position is given.
TRAILING_KINDS = (AgendaItemKind.ANY_OTHER_BUSINESS, AgendaItemKind.CLOSING)
DEFAULT_NOT_DISCUSSED_WEEKS = 8


class AgendaStart:
    """How a new meeting's agenda starts: ``EMPTY``, ``STANDARD``, ``PREVIOUS`` or a template id."""

    EMPTY = "empty"
    STANDARD = "standard"
    PREVIOUS = "previous"


class AgendaService(Service):
    # --- planning -------------------------------------------------------------------------------

    def plan_meeting(
        self,
        kind: MeetingKind,
        title: str,
        on: date,
        start_time: time,
        planned_end_time: time,
        *,
        location: str = "",
        chair: str = "",
        minute_taker: str = "",
        assignment_id: int | None = None,
        invitee_ids: Sequence[int] = (),
        start_from: str | int = AgendaStart.STANDARD,
    ) -> int:
        """Create a planned meeting in one transaction: the meeting, its invitees (attendance
        INVITED), its agenda from ``start_from`` (AgendaStart value or an AgendaTemplate id) and the
        items carried over from the previous meeting of the series. Returns the meeting id.
        Raises ValidationError (title, planned_end_time, date, assignment, invitees, start_from)
        before writing anything; an unknown template id is a ValidationError on ``start_from``."""
        check = Checker()
        title = check.required("title", title, "Titel")
        check.max_length("title", title, 200, "Titel")
        if on is None:
            check.add("date", "Kies de datum van het overleg.")
        if start_time is None or planned_end_time is None:
            check.add("planned_end_time", "Vul de begin- en eindtijd in.")
        elif planned_end_time <= start_time:
            check.add("planned_end_time", "De eindtijd moet na de begintijd liggen.")
        valid_starts = (AgendaStart.EMPTY, AgendaStart.STANDARD, AgendaStart.PREVIOUS)
        if not isinstance(start_from, int) and start_from not in valid_starts:
            check.add("start_from", "Kies hoe de agenda begint.")
        check.raise_if_any()
        with self.transaction() as session:
            if assignment_id is not None and session.get(Assignment, assignment_id) is None:
                check.add("assignment", "Deze opdracht bestaat niet (meer).")
            wanted = list(dict.fromkeys(invitee_ids))
            if len(_existing_contacts(session, wanted)) != len(wanted):
                check.add("invitees", "Een of meer genodigden bestaan niet (meer); kies ze opnieuw.")
            template: AgendaTemplate | None = None
            if isinstance(start_from, int):
                template = session.get(AgendaTemplate, start_from)
                if template is None:
                    check.add("start_from", "Dit agendasjabloon bestaat niet (meer).")
            check.raise_if_any()
            meeting = Meeting(
                kind=kind,
                title=title,
                date=on,
                start_time=start_time,
                planned_end_time=planned_end_time,
                location=location.strip(),
                chair=chair.strip(),
                minute_taker=minute_taker.strip(),
                assignment_id=assignment_id,
                status=MeetingStatus.PLANNED,
                minutes_status=MinutesStatus.NONE,
            )
            session.add(meeting)
            session.flush()
            for contact_id in wanted:
                session.add(
                    Attendance(meeting_id=meeting.id, contact_id=contact_id, status=AttendanceStatus.INVITED)
                )
            items: list[AgendaItem] = []
            if template is not None:
                _append_template(session, meeting.id, items, _template_items(template))
            elif start_from == AgendaStart.STANDARD:
                _append_template(session, meeting.id, items, STANDARD_ITEMS)
            elif start_from == AgendaStart.PREVIOUS:
                self._copy_previous(session, meeting, items)
            self._carry_over(session, meeting, items)
            _renumber(items)
            audit.record(session, AuditKind.CREATE, "meeting", meeting.id)
            return meeting.id

    def invitees(self, meeting_id: int) -> list[InviteeRow]:
        """Contacts invited to (on the attendance list of) the meeting, by organisation and name."""
        with self.reading() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            rows = session.execute(
                select(Contact.id, Contact.name, Organisation.name)
                .join(Attendance, Attendance.contact_id == Contact.id)
                .join(Organisation, Organisation.id == Contact.organisation_id)
                .where(Attendance.meeting_id == meeting_id)
                .order_by(Organisation.name, Contact.name, Contact.id)
            )
            return [InviteeRow(contact_id, name, organisation) for contact_id, name, organisation in rows]

    def set_invitees(self, meeting_id: int, contact_ids: Sequence[int]) -> None:
        """Make the invited contacts exactly ``contact_ids`` (guests are kept; rows of contacts
        whose attendance was already recorded as present/excused/absent are kept too).
        Refused (ValidationError on "meeting") for held or cancelled meetings; unknown contacts
        give a ValidationError on "invitees"."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            _set_invitees(session, meeting_id, contact_ids)
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "invitees")

    def update_meeting(
        self, meeting_id: int, *, invitee_ids: Sequence[int] | None = None, **changes: Any
    ) -> None:
        """Change the meeting's fields (``MEETING_EDITABLE``) and, when given, its invitees, all in
        one transaction: either both are stored or neither."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            if changes:
                _checked_meeting(
                    changes.get("title", meeting.title),
                    changes.get("start_time", meeting.start_time),
                    changes.get("planned_end_time", meeting.planned_end_time),
                )
                apply_changes(meeting, changes, MEETING_EDITABLE)
            if invitee_ids is not None:
                _check_editable(meeting)
                _set_invitees(session, meeting_id, invitee_ids)
            detail = ",".join(sorted([*changes, *(["invitees"] if invitee_ids is not None else [])]))
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, detail)

    def delete_meeting(self, meeting_id: int) -> None:
        """Delete a planned (or cancelled) meeting with its agenda and attendance list; raises
        InUse when actions were made in it or it is in progress or held."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            if meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.HELD):
                raise InUse(
                    "Dit overleg is al begonnen of gehouden en kan niet worden verwijderd.",
                    [meeting.status.label],
                )
            actions = session.scalars(
                select(Action).where(Action.meeting_id == meeting_id).order_by(Action.year, Action.number)
            ).all()
            if actions:
                raise InUse(
                    "In dit overleg zijn acties gemaakt; het kan niet worden verwijderd.",
                    [action.reference for action in actions],
                )
            session.delete(meeting)
            session.flush()
            audit.record(session, AuditKind.DELETE, "meeting", meeting_id)

    def previous_meeting(self, meeting_id: int) -> MeetingRef | None:
        """The latest earlier held meeting of the same series (by date, start time, id)."""
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            previous = _previous_held(session, meeting)
            return _ref(previous) if previous else None

    def next_meeting(self, meeting_id: int) -> MeetingRef | None:
        """The first later planned meeting of the same series (by date, start time, id)."""
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            later = neighbour(session, meeting, later=True, statuses=(MeetingStatus.PLANNED,))
            return _ref(later) if later else None

    # --- the agenda -----------------------------------------------------------------------------

    def agenda(self, meeting_id: int) -> list[AgendaRow]:
        """The meeting's items by position, with case reference and number of decisions."""
        with self.reading() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            return list(agenda_rows(session, meeting_id))

    def totals(self, meeting_id: int) -> AgendaTotals:
        """The summed timeboxes of the items against the planned duration (end − start), with the
        start so the overrun can be told in clock times (``AgendaTotals.overrun_text``)."""
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            total = session.scalar(
                select(func.coalesce(func.sum(AgendaItem.timebox_minutes), 0)).where(
                    AgendaItem.meeting_id == meeting_id
                )
            )
            return AgendaTotals.of(*meeting_span(meeting), [int(total or 0)])

    @retry_when_stale
    def add_item(
        self,
        meeting_id: int,
        kind: AgendaItemKind,
        title: str = "",
        *,
        case_id: int | None = None,
        presenter: str = "",
        timebox_minutes: int = 10,
        position: int | None = None,
    ) -> int:
        """Insert an item at ``position`` (None: at the end, but case and theme items go before a
        trailing rondvraag/sluiting; clamped to 0..n). The title defaults to the case ("2026-014
        Overlast …") or the kind's label. Returns the item id. ValidationError: case item without
        case ("case"), negative timebox ("timebox"), unknown case ("case"), title too long
        ("title"); refused (ValidationError on "meeting") when the meeting is held or cancelled."""
        check = Checker()
        if kind == AgendaItemKind.CASE and case_id is None:
            check.add("case", "Kies de casus die besproken wordt.")
        _check_item_fields(check, title, timebox_minutes)
        check.raise_if_any()
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            case = _case_or_error(session, case_id)
            items = _items(session, meeting_id)
            item = AgendaItem(
                meeting_id=meeting_id,
                position=len(items),
                kind=kind,
                title=_default_title(title, kind, case),
                case_id=case_id,
                presenter=presenter.strip(),
                timebox_minutes=timebox_minutes,
                state=AgendaItemState.PENDING,
                elapsed_seconds=0,
                minutes="",
            )
            session.add(item)
            index = _insert_index(items, kind) if position is None else max(0, min(position, len(items)))
            items.insert(index, item)
            _renumber(items)
            session.flush()
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "agenda")
            return item.id

    @retry_when_stale
    def update_item(self, item_id: int, **changes: Any) -> None:
        """Change kind, title, case_id, presenter or timebox_minutes of an item (validated as in
        ``add_item``; a blank title becomes the default, and a title that was the default follows
        a changed case or kind). Other fields: TypeError."""
        unknown = set(changes) - ITEM_EDITABLE
        if unknown:
            raise TypeError(f"Cannot change {sorted(unknown)} on AgendaItem")
        check = Checker()
        _check_item_fields(check, changes.get("title", ""), changes.get("timebox_minutes", 0))
        check.raise_if_any()
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
            _check_editable(item.meeting)
            kind = changes.get("kind", item.kind)
            case_id = changes.get("case_id", item.case_id)
            if kind == AgendaItemKind.CASE and case_id is None:
                raise ValidationError({"case": "Kies de casus die besproken wordt."})
            case = _case_or_error(session, case_id)
            if "title" in changes:
                changes["title"] = _default_title(changes["title"], kind, case)
            elif item.title == _default_title("", item.kind, item.case):
                changes["title"] = _default_title("", kind, case)  # a default title follows the case
            apply_changes(item, changes, ITEM_EDITABLE)
            audit.record(session, AuditKind.UPDATE, "meeting", item.meeting_id, "agenda")

    @retry_when_stale
    def remove_item(self, item_id: int) -> None:
        """Remove an item (with its decisions) and close the gap; refused for held meetings
        (ValidationError on "meeting") and for items that have actions (InUse)."""
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
            meeting = item.meeting
            _check_editable(meeting)
            actions = session.scalars(
                select(Action).where(Action.agenda_item_id == item_id).order_by(Action.year, Action.number)
            ).all()
            if actions:
                raise InUse(
                    "Bij dit agendapunt zijn acties gemaakt; het kan niet worden verwijderd.",
                    [action.reference for action in actions],
                )
            if meeting.current_item_id == item_id:
                meeting.current_item_id = None
            session.delete(item)
            session.flush()
            _renumber(_items(session, meeting.id))
            audit.record(session, AuditKind.UPDATE, "meeting", meeting.id, "agenda")

    @retry_when_stale
    def move_item(self, item_id: int, new_position: int) -> None:
        """Move an item to ``new_position`` (clamped to 0..n-1); the others shift."""
        with self.transaction() as session:
            item = get_or_raise(session, AgendaItem, item_id, "Agendapunt")
            _check_editable(item.meeting)
            items = _items(session, item.meeting_id)
            items.remove(item)
            items.insert(max(0, min(new_position, len(items))), item)
            _renumber(items)
            audit.record(session, AuditKind.UPDATE, "meeting", item.meeting_id, "agenda: volgorde")

    @retry_when_stale
    def reorder(self, meeting_id: int, item_ids: Sequence[int]) -> None:
        """Set the whole order at once (drag and drop); ``item_ids`` must be exactly the meeting's
        items, otherwise ValidationError on "items"."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            by_id = {item.id: item for item in _items(session, meeting_id)}
            ids = list(item_ids)
            if len(ids) != len(by_id) or set(ids) != set(by_id):
                raise ValidationError(
                    {"items": "De agenda is intussen gewijzigd; laad hem opnieuw en probeer het nog eens."}
                )
            _renumber([by_id[item_id] for item_id in ids])
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "agenda: volgorde")

    # --- templates ------------------------------------------------------------------------------

    def templates(self) -> list[TemplateInfo]:
        """The built-in standard order (id None) first, then the chair's own by name."""
        with self.reading() as session:
            own = session.scalars(
                select(AgendaTemplate)
                .options(selectinload(AgendaTemplate.items))
                .order_by(AgendaTemplate.name)
            ).all()
            return [TemplateInfo(None, STANDARD_TEMPLATE_NAME, STANDARD_ITEMS)] + [
                TemplateInfo(template.id, template.name, _template_items(template)) for template in own
            ]

    def save_as_template(self, meeting_id: int, name: str, *, replace: bool = False) -> int:
        """Save the meeting's agenda as a template (case items are left out, their kinds and
        timeboxes are not generic). ValidationError on a blank name or, unless ``replace``, an
        existing name ("Er is al een sjabloon met deze naam.", compared case-insensitively; the
        standard template's name is always refused), and on "meeting" when no item is left.
        With ``replace`` the existing template keeps its id and gets the new items."""
        check = Checker()
        name = check.required("name", name, "Naam")
        check.max_length("name", name, 120, "Naam")
        if name.casefold() == STANDARD_TEMPLATE_NAME.casefold():
            check.add("name", "Deze naam is gereserveerd voor de standaardagenda.")
        check.raise_if_any()
        with self.transaction() as session:
            get_or_raise(session, Meeting, meeting_id, "Overleg")
            items = [item for item in _items(session, meeting_id) if item.kind != AgendaItemKind.CASE]
            if not items:
                raise ValidationError(
                    {"meeting": "Deze agenda heeft geen punten (buiten casussen) om te bewaren."}
                )
            existing = session.scalars(
                select(AgendaTemplate).where(func.lower(AgendaTemplate.name) == name.lower())
            ).first()
            if existing is not None and not replace:
                raise ValidationError({"name": "Er is al een sjabloon met deze naam."})
            template = existing or AgendaTemplate(name=name)
            template.name = name
            template.items.clear()
            session.add(template)
            session.flush()
            for position, item in enumerate(items):
                template.items.append(
                    AgendaTemplateItem(
                        position=position,
                        kind=item.kind,
                        title=item.title,
                        presenter=item.presenter,
                        timebox_minutes=item.timebox_minutes,
                    )
                )
            session.flush()
            kind = AuditKind.UPDATE if existing is not None else AuditKind.CREATE
            audit.record(session, kind, "agenda_template", template.id)
            return template.id

    def delete_template(self, template_id: int) -> None:
        """Delete one of the chair's templates (the standard order cannot be deleted)."""
        with self.transaction() as session:
            template = get_or_raise(session, AgendaTemplate, template_id, "Agendasjabloon")
            session.delete(template)
            audit.record(session, AuditKind.DELETE, "agenda_template", template_id)

    @retry_when_stale
    def apply_template(self, meeting_id: int, template_id: int | None) -> int:
        """Append the template's items (None: the standard order) to the agenda; returns count.
        Refused (ValidationError on "meeting") for held meetings; NotFound for an unknown id."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            if template_id is None:
                source = STANDARD_ITEMS
            else:
                source = _template_items(get_or_raise(session, AgendaTemplate, template_id, "Agendasjabloon"))
            items = _items(session, meeting_id)
            _append_template(session, meeting_id, items, source)
            _renumber(items)
            audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "agenda")
            return len(source)

    @retry_when_stale
    def copy_previous_agenda(self, meeting_id: int) -> int:
        """Append the items of the previous held meeting of the series (case items only for cases
        not closed and not yet on this agenda; no minutes, states reset). Parked and not-reached
        items that were not carried yet count as carried (``carried_from_id``), so ``carry_over``
        does not add them twice. Returns the number of items added (0 if none)."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            items = _items(session, meeting_id)
            added = self._copy_previous(session, meeting, items)
            _renumber(items)
            if added:
                audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "agenda")
            return added

    # --- suggestions and carry-over -------------------------------------------------------------

    def suggestions(self, meeting_id: int, *, weeks: int = DEFAULT_NOT_DISCUSSED_WEEKS) -> list[Suggestion]:
        """Open cases not yet on this agenda that deserve a place on it, most reasons first (then
        by reference). Only cases in the areas of the meeting's assignment (and their buurten) when
        the assignment has areas. The reasons:

        - overdue actions: open or running actions of the case with a due date before today;
        - escalated actions: open actions of the case whose deadline moved too often or that are
          long overdue (services/followup/escalation.py, the current assignment's thresholds);
        - untriaged signals: new (not yet triaged) signals with the case's theme that come from
          the case's area (the signal's address) or, without an address, from the case's street
          (``Signal.street`` equals ``Case.location``);
        - no lead: no organisation involved with role lead (trekker);
        - not discussed: no item about the case in another, not cancelled meeting dated in the
          ``weeks`` weeks up to this meeting's date.

        A fixed handful of grouped queries, however many cases there are."""
        with self.reading() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            candidates = _candidate_cases(session, meeting)
            ids = candidates.correlate(None)
            cases = session.execute(
                candidates.with_only_columns(
                    Case.id, Case.year, Case.number, Case.title, Case.theme_id, Case.area_id, Case.location
                )
            ).all()
            overdue = dict(
                session.execute(
                    select(Action.case_id, func.count(Action.id))
                    .where(
                        Action.case_id.in_(ids),
                        Action.status.in_(OPEN_ACTION_STATUSES),
                        Action.due_date < self.today(),
                    )
                    .group_by(Action.case_id)
                ).all()
            )
            untriaged = _untriaged_per_case(session, cases)
            escalated = escalated_per_case(session, self.today(), ids)
            with_lead = set(
                session.scalars(
                    select(Involvement.case_id)
                    .where(Involvement.case_id.in_(ids), Involvement.role == InvolvementRole.LEAD)
                    .distinct()
                )
            )
            since = meeting.date - timedelta(weeks=weeks)
            discussed = set(
                session.scalars(
                    select(AgendaItem.case_id)
                    .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                    .where(
                        AgendaItem.case_id.in_(ids),
                        Meeting.id != meeting.id,
                        Meeting.status != MeetingStatus.CANCELLED,
                        Meeting.date >= since,
                        Meeting.date <= meeting.date,
                    )
                    .distinct()
                )
            )
            result = []
            for case_id, year, number, title, *_where in cases:
                reasons, parts = _reasons(
                    overdue.get(case_id, 0),
                    untriaged.get(case_id, 0),
                    case_id not in with_lead,
                    case_id not in discussed,
                    weeks,
                    escalated=escalated.get(case_id, 0),
                )
                if reasons:
                    result.append(
                        (
                            year,
                            number,
                            Suggestion(case_id, case_reference(year, number), title, reasons, parts),
                        )
                    )
            result.sort(key=lambda row: (-len(row[2].reasons), row[0], row[1]))
            return [suggestion for _year, _number, suggestion in result]

    @retry_when_stale
    def carry_over(self, meeting_id: int) -> int:
        """Copy the parked and not-reached items of the previous held meeting of the series into
        this meeting (``carried_from_id`` set to the item copied from, title kept, before a
        trailing rondvraag/sluiting), each only once across all meetings. Items of closed cases
        are not carried; when the case is already on this agenda, that item is marked as the
        carried one instead of adding a second. Returns how many were added."""
        with self.transaction() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "Overleg")
            _check_editable(meeting)
            items = _items(session, meeting_id)
            added = self._carry_over(session, meeting, items)
            _renumber(items)
            if added:
                audit.record(session, AuditKind.UPDATE, "meeting", meeting_id, "agenda")
            return added

    # --- inside a transaction -------------------------------------------------------------------

    def _copy_previous(self, session: Session, meeting: Meeting, items: list[AgendaItem]) -> int:
        previous = _previous_held(session, meeting)
        if previous is None:
            return 0
        carried = _already_carried(session, previous.id)
        open_cases = _open_case_ids(session, previous.id)
        on_agenda = {item.case_id for item in items if item.case_id is not None}
        added = 0
        for source in _items(session, previous.id):
            if source.case_id is not None and (
                source.case_id not in open_cases or source.case_id in on_agenda
            ):
                continue
            unfinished = source.state in CARRIED_STATES and source.id not in carried
            copy = _copy(meeting.id, source, carried_from=source.id if unfinished else None)
            session.add(copy)
            items.append(copy)
            if source.case_id is not None:
                on_agenda.add(source.case_id)
            added += 1
        session.flush()
        return added

    def _carry_over(self, session: Session, meeting: Meeting, items: list[AgendaItem]) -> int:
        previous = _previous_held(session, meeting)
        if previous is None:
            return 0
        carried = _already_carried(session, previous.id)
        open_cases = _open_case_ids(session, previous.id)
        added = 0
        for source in _items(session, previous.id):
            if source.state not in CARRIED_STATES or source.id in carried:
                continue
            if source.case_id is not None:
                if source.case_id not in open_cases:
                    continue
                same_case = [i for i in items if i.case_id == source.case_id]
                if same_case:
                    if same_case[0].carried_from_id is None:
                        same_case[0].carried_from_id = source.id
                    continue
            copy = _copy(meeting.id, source, carried_from=source.id)
            session.add(copy)
            items.insert(_insert_index(items, AgendaItemKind.CASE), copy)
            added += 1
        session.flush()
        return added


MEETING_EDITABLE = {
    "kind", "title", "date", "start_time", "planned_end_time", "location", "chair",
    "minute_taker", "assignment_id",
}  # fmt: skip
ITEM_EDITABLE = {"kind", "title", "case_id", "presenter", "timebox_minutes"}
CARRIED_STATES = (AgendaItemState.PARKED, AgendaItemState.NOT_REACHED)
HELD_MESSAGE = "Dit overleg is al gehouden; de agenda kan niet meer worden gewijzigd."
CANCELLED_MESSAGE = "Dit overleg is geannuleerd; de agenda kan niet meer worden gewijzigd."


def _set_invitees(session: Session, meeting_id: int, contact_ids: Sequence[int]) -> None:
    wanted = list(dict.fromkeys(contact_ids))
    if len(_existing_contacts(session, wanted)) != len(wanted):
        raise ValidationError({"invitees": "Een of meer genodigden bestaan niet (meer); kies ze opnieuw."})
    rows = session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.contact_id.is_not(None))
    ).all()
    listed = {row.contact_id for row in rows}
    for row in rows:
        if row.contact_id not in wanted and row.status == AttendanceStatus.INVITED:
            session.delete(row)
    for contact_id in wanted:
        if contact_id not in listed:
            session.add(
                Attendance(meeting_id=meeting_id, contact_id=contact_id, status=AttendanceStatus.INVITED)
            )


def _checked_meeting(title: str, start: time, end: time) -> str:
    check = Checker()
    title = check.required("title", title, "Titel")
    if end <= start:
        check.add("planned_end_time", "De eindtijd moet na de begintijd liggen.")
    check.raise_if_any()
    return title


def _check_editable(meeting: Meeting) -> None:
    """Planned and running meetings can be edited (the chair adds an item during the meeting)."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError({"meeting": HELD_MESSAGE})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": CANCELLED_MESSAGE})


def _check_item_fields(check: Checker, title: str, timebox_minutes: int) -> None:
    check.max_length("title", (title or "").strip(), 200, "Titel")
    if timebox_minutes is None or timebox_minutes < 0:
        check.add("timebox", "De tijd voor een agendapunt kan niet negatief zijn.")


def _case_or_error(session: Session, case_id: int | None) -> Case | None:
    if case_id is None:
        return None
    case = session.get(Case, case_id)
    if case is None:
        raise ValidationError({"case": "Deze casus bestaat niet (meer)."})
    return case


def _default_title(title: str, kind: AgendaItemKind, case: Case | None) -> str:
    cleaned = (title or "").strip()
    if cleaned:
        return cleaned
    if case is not None:
        return f"{case.reference} {case.title}"[:200]
    return kind.label


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def _insert_index(items: list[AgendaItem], kind: AgendaItemKind) -> int:
    """The end, but case and theme items go before a trailing run of rondvraag/sluiting."""
    index = len(items)
    if kind in (AgendaItemKind.CASE, AgendaItemKind.THEME):
        while index > 0 and items[index - 1].kind in TRAILING_KINDS:
            index -= 1
    return index


def _template_items(template: AgendaTemplate) -> tuple[TemplateItem, ...]:
    return tuple(
        TemplateItem(item.kind, item.title, item.timebox_minutes, item.presenter) for item in template.items
    )


def _append_template(
    session: Session, meeting_id: int, items: list[AgendaItem], source: Sequence[TemplateItem]
) -> None:
    for template_item in source:
        item = AgendaItem(
            meeting_id=meeting_id,
            position=len(items),
            kind=template_item.kind,
            title=template_item.title,
            presenter=template_item.presenter,
            timebox_minutes=template_item.timebox_minutes,
            state=AgendaItemState.PENDING,
            elapsed_seconds=0,
            minutes="",
        )
        session.add(item)
        items.append(item)
    session.flush()


def _copy(meeting_id: int, source: AgendaItem, *, carried_from: int | None) -> AgendaItem:
    return AgendaItem(
        meeting_id=meeting_id,
        position=0,
        kind=source.kind,
        title=source.title,
        case_id=source.case_id,
        presenter=source.presenter,
        timebox_minutes=source.timebox_minutes,
        state=AgendaItemState.PENDING,
        elapsed_seconds=0,
        minutes="",
        carried_from_id=carried_from,
    )


def _already_carried(session: Session, meeting_id: int) -> set[int]:
    """Ids of the meeting's items that some item (in any meeting) was carried from."""
    source = aliased(AgendaItem)
    return set(
        session.scalars(
            select(AgendaItem.carried_from_id)
            .join(source, source.id == AgendaItem.carried_from_id)
            .where(source.meeting_id == meeting_id)
        )
    )


def _open_case_ids(session: Session, meeting_id: int) -> set[int]:
    """Cases on the meeting's agenda that are not closed."""
    return set(
        session.scalars(
            select(Case.id)
            .join(AgendaItem, AgendaItem.case_id == Case.id)
            .where(AgendaItem.meeting_id == meeting_id, Case.status != CaseStatus.CLOSED)
        )
    )


def _existing_contacts(session: Session, contact_ids: Sequence[int]) -> set[int]:
    if not contact_ids:
        return set()
    return set(session.scalars(select(Contact.id).where(Contact.id.in_(list(contact_ids)))))








def meeting_span(meeting: Meeting) -> tuple[datetime, datetime]:
    """The meeting's planned start and end (naive local time) for ``AgendaTotals.of``."""
    return (
        datetime.combine(meeting.date, meeting.start_time),
        datetime.combine(meeting.date, meeting.planned_end_time),
    )


def _untriaged_per_case(session: Session, cases: Sequence[Any]) -> dict[int, int]:
    """Per case: the new (untriaged) signals with its theme from its area (the signal's address)
    or, without an address, from its street (``Signal.street`` equals ``Case.location``).

    Counted per theme and area and per theme and street first (two grouped scans of the new
    signals), then looked up per case: joining every case to every signal of its theme instead
    took 9 s on five years of a busy district."""
    by_area: dict[tuple[int, int], int] = {
        (theme, area): count
        for theme, area, count in session.execute(
            select(Signal.theme_id, Address.area_id, func.count(Signal.id))
            .join(Address, Address.id == Signal.address_id)
            .where(Signal.status == SignalStatus.NEW, Signal.theme_id.is_not(None))
            .group_by(Signal.theme_id, Address.area_id)
        )
    }
    by_street: dict[tuple[int, str], int] = {
        (theme, street): count
        for theme, street, count in session.execute(
            select(Signal.theme_id, Signal.street, func.count(Signal.id))
            .where(
                Signal.status == SignalStatus.NEW,
                Signal.address_id.is_(None),
                Signal.theme_id.is_not(None),
                func.length(Signal.street) > 0,
            )
            .group_by(Signal.theme_id, Signal.street)
        )
    }
    counts: dict[int, int] = {}
    for case_id, _year, _number, _title, theme_id, area_id, location in cases:
        if theme_id is None:
            continue
        count = by_area.get((theme_id, area_id), 0) if area_id is not None else 0
        if location:
            count += by_street.get((theme_id, location), 0)
        if count:
            counts[case_id] = count
    return counts


def _candidate_cases(session: Session, meeting: Meeting) -> Select[Any]:
    """Cases not closed and not on this agenda, in the assignment's areas (when it has any)."""
    on_agenda = (
        select(AgendaItem.case_id)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.case_id.is_not(None))
        .correlate(None)
    )
    query = select(Case.id).where(Case.status != CaseStatus.CLOSED, Case.id.not_in(on_agenda))
    if meeting.assignment_id is not None:
        areas = list(
            session.scalars(
                select(assignment_area.c.area_id).where(
                    assignment_area.c.assignment_id == meeting.assignment_id
                )
            )
        )
        if areas:
            children = select(Area.id).where(Area.parent_id.in_(areas)).correlate(None)
            query = query.where(or_(Case.area_id.in_(areas), Case.area_id.in_(children)))
    return query


def _reasons(
    overdue: int, untriaged: int, no_lead: bool, not_discussed: bool, weeks: int, *, escalated: int = 0
) -> tuple[tuple[SuggestionReason, ...], str]:
    """The reasons and the short Dutch line, e.g. "2 acties over de deadline · geen trekker"."""
    reasons: list[SuggestionReason] = []
    parts: list[str] = []
    if overdue:
        reasons.append(SuggestionReason.OVERDUE_ACTIONS)
        parts.append(
            f"{overdue} actie over de deadline" if overdue == 1 else f"{overdue} acties over de deadline"
        )
    if escalated:
        reasons.append(SuggestionReason.ESCALATED_ACTIONS)
        parts.append(
            "1 actie vraagt aandacht van management"
            if escalated == 1
            else f"{escalated} acties vragen aandacht van management"
        )
    if untriaged:
        reasons.append(SuggestionReason.UNTRIAGED_SIGNALS)
        parts.append(
            f"{untriaged} nieuw signaal niet beoordeeld"
            if untriaged == 1
            else f"{untriaged} nieuwe signalen niet beoordeeld"
        )
    if no_lead:
        reasons.append(SuggestionReason.NO_LEAD)
        parts.append("geen trekker")
    if not_discussed:
        reasons.append(SuggestionReason.NOT_DISCUSSED)
        parts.append("1 week niet besproken" if weeks == 1 else f"{weeks} weken niet besproken")
    return tuple(reasons), " · ".join(parts)
