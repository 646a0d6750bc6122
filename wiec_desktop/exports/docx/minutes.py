"""The minutes (verslag) of a meeting as a Word document, on the chair's template (no Qt).

Built on ``resources/templates/verslag-sjabloon.docx`` or a chair's own ``.docx``: its header
(letterhead), footer, page setup and styles are kept, the body is written anew in its styles —
Title, Subtitle, Heading 1/2, List Bullet, Caption, Table Grid, Strong, Emphasis, and "Markering"
for CONCEPT — never with direct character formatting. A style the template lacks falls back to the
nearest one it has (in the end the template's default paragraph style).

Content: CONCEPT marking (header and title area) until the minutes are approved, then "Vastgesteld
op …" with the corrections; title with kind, area(s) and long date; details table; the lists
Aanwezig, Afwezig met bericht and Afwezig (guests among them, marked "(gast)"), and whoever was
invited but never marked; per agenda item a numbered heading, the minutes (a paragraph per line),
"Besluit: …" lines and the actions made under it; parked and not-reached items marked; the
"Actielijst" table under "Stand van de acties op …" (for approved minutes: as kept at approval,
or, for minutes approved before that was kept, today's with a note saying so); the footer with
"Pagina X van Y" (PAGE/NUMPAGES fields), the confidentiality marking and the next meeting's date.
The ``DocumentWriter`` makes the text safe; the file is written all or nothing.

Approved minutes give the same file every time: the document properties carry the approval date
instead of the time of export, and the .docx package's entries are dated the same way.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject

from wiec_desktop.domain.enums import ActionStatus, AgendaItemKind, AgendaItemState
from wiec_desktop.exports.docx.fit import table_metrics
from wiec_desktop.exports.docx.writer import (
    CONCEPT,
    DocumentWriter,
    Note,
    Safe,
    lines,
    mark_internal,
    safe_text,
    set_core_properties,
    visible,
)
from wiec_desktop.exports.protection import write_package
from wiec_desktop.services.formatting import clock, long_date, short_date
from wiec_desktop.services.meetings.minutes_data import (
    ActionLine,
    MeetingInfo,
    MinutesData,
    MinutesItem,
    Person,
)

ACTION_HEADERS = ("Nr.", "Actie", "Wie", "Deadline", "Status")
# 16.6 cm, the template's text width: the widths on the shipped template (9 pt), where "A-2026-010"
# and "04-08-2026" stay on one line also in a wider fallback font than Arial (DejaVu Sans, as
# LibreOffice without Arial uses). ``action_widths`` widens the number, deadline and status columns
# for a chair's template with a larger table font or wider cell padding, and never narrows them.
ACTION_WIDTHS_CM = (2.4, 6.1, 3.8, 2.3, 2.0)
TEXT_WIDTH_CM = sum(ACTION_WIDTHS_CM)
SAMPLE_DATE = "00-00-0000"  # dd-mm-jjjj: every date has this width (digits are equally wide)
WHO_MAX_CM = 5.0  # the "Wie" column widens for its longest word up to this
WHO_MAX_SHARE = 0.45  # and up to this share of what "Actie" and "Wie" have together
DETAIL_WIDTHS_CM = (3.4, 13.2)
STATE_NOTES = {
    AgendaItemState.PARKED: "Geparkeerd: dit punt schuift door naar het volgende overleg.",
    AgendaItemState.NOT_REACHED: "Niet aan toegekomen: dit punt schuift door naar het volgende overleg.",
}


# --- the minutes ------------------------------------------------------------------------------------


def build_minutes_document(data: MinutesData, template: Path | str | None = None) -> DocumentObject:
    """The minutes as a python-docx Document (not saved). ``TemplateError`` for an unusable template."""
    writer = DocumentWriter(template)
    meeting = data.meeting
    concept = not data.approved
    heading = f"Verslag {meeting.heading}"

    writer.paragraph(heading, writer.title)
    writer.paragraph(long_date(meeting.date), writer.subtitle)
    writer.details(DETAIL_WIDTHS_CM, _details(meeting, data))

    _attendance(writer, data)

    for item in data.items:
        _item(writer, item, data)
    if data.loose_actions:
        writer.paragraph("Overige nieuwe acties", writer.heading1)
        writer.bullets(_action_text(a) for a in data.loose_actions)

    writer.paragraph("Actielijst", writer.heading1)
    writer.keep_with_next(writer.note(action_list_note(data)))
    if data.actions:
        widths = action_widths(writer, data.actions)
        writer.table(widths, ACTION_HEADERS, (_action_row(a) for a in data.actions))
    else:
        writer.paragraph("Er staan geen acties open.")

    footer = [f"{heading}, {short_date(meeting.date)}"]
    if data.next_meeting is not None:
        nxt = data.next_meeting
        footer.append(f"Volgend overleg: {long_date(nxt.date)}, {clock(nxt.start_time)} uur")
    writer.decorate(footer, concept=concept)
    state = "vastgesteld" if data.approved else "concept"
    set_core_properties(writer.document, heading, f"Verslag {short_date(meeting.date)} ({state})")
    dated = document_date(data)
    if dated is not None:
        properties = writer.document.core_properties
        properties.created = properties.modified = dated
    return writer.document


def write_minutes_docx(
    data: MinutesData,
    target: Path | str,
    template: Path | str | None = None,
    *,
    internal: bool = False,
    password: str | None = None,
) -> Path:
    """Write the minutes to ``target`` (.docx), replacing it only with a complete file.
    ``template``: a chair's own .docx (None: the shipped house style); ``internal``: the intern
    variant, marked on every page; ``password``: encrypt the file with it."""
    document = build_minutes_document(data, template)
    if internal:
        mark_internal(document)
    target = Path(target)
    buffer = io.BytesIO()
    document.save(buffer)
    package = buffer.getvalue()
    dated = document_date(data)
    if dated is not None:
        package = _dated_package(package, dated)
    write_package(target, lambda stream: stream.write(package), password)
    return target


def document_date(data: MinutesData) -> datetime | None:
    """The date approved minutes carry instead of the time of export (their approval date); None
    for minutes not yet approved."""
    if not data.approved or data.approved_on is None:
        return None
    return datetime(data.approved_on.year, data.approved_on.month, data.approved_on.day)


def action_list_note(data: MinutesData) -> str:
    """The line above the action table: whose actions it holds and on which day their statuses
    were taken — today's for concept minutes, kept at approval for approved ones (and said so
    when minutes approved before that was kept show today's)."""
    scope = (
        "de openstaande acties van dit overleg en de eerdere overleggen in deze reeks, en de acties die "
        "in dit overleg zijn gemaakt of besproken."
    )
    stand = f"Stand van de acties op {long_date(data.as_of)}"
    if not data.approved:
        return f"{stand}: {scope}"
    current = " De actuele stand staat in de actielijst."
    if data.frozen:
        return f"{stand}, bij de vaststelling van dit verslag: {scope}{current}"
    approved = long_date(data.approved_on) if data.approved_on is not None else ""
    return (
        f"{stand}: {scope} De stand bij de vaststelling op {approved} is niet bewaard; "
        f"dit verslag is vastgesteld voordat WIEC Desktop die bewaarde.{current}"
    )


def _attendance(writer: DocumentWriter, data: MinutesData) -> None:
    """Aanwezig, Afwezig met bericht, Afwezig ("Niemand." when empty, "Niet vastgelegd." when no
    attendance was recorded at all); then who was invited but never marked, if anyone."""
    empty = "Niemand." if data.present or data.excused or data.absent else "Niet vastgelegd."
    for title, people in (
        ("Aanwezig", data.present),
        ("Afwezig met bericht", data.excused),
        ("Afwezig", data.absent),
    ):
        writer.paragraph(title, writer.heading2)
        writer.bullets((person_text(p) for p in people), empty=empty)
    if data.unrecorded:
        writer.paragraph("Uitgenodigd, aanwezigheid niet vastgelegd", writer.heading2)
        writer.bullets(person_text(p) for p in data.unrecorded)


def _dated_package(package: bytes, when: datetime) -> bytes:
    """The .docx package with every entry dated ``when`` (python-docx dates them at saving), in
    the same order and compression, so that the same document gives the same bytes."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = entry.compress_type
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def _details(meeting: MeetingInfo, data: MinutesData) -> list[tuple[str, str | list[str]]]:
    rows = [
        ("Datum", long_date(meeting.date)),
        ("Tijd", f"{clock(meeting.start_time)} – {clock(meeting.end_time)} uur"),
        ("Locatie", or_dash(meeting.location)),
        ("Voorzitter", or_dash(meeting.chair)),
        ("Notulist", or_dash(meeting.minute_taker)),
    ]
    if says_more(meeting):
        rows.insert(0, ("Overleg", meeting.title))
    if data.next_meeting is not None:
        nxt = data.next_meeting
        where = f", {nxt.location}" if nxt.location else ""
        rows.append(("Volgend overleg", f"{long_date(nxt.date)}, {clock(nxt.start_time)} uur{where}"))
    if data.approved and data.approved_on is not None:
        rows.append(("Status verslag", f"Vastgesteld op {long_date(data.approved_on)}"))
        corrections = lines(data.corrections)
        if corrections:
            rows.append(("Correcties", corrections))  # type: ignore[arg-type]
    else:
        rows.append(("Status verslag", f"{CONCEPT} – nog niet vastgesteld"))
    return rows


def _item(writer: DocumentWriter, item: MinutesItem, data: MinutesData) -> None:
    writer.paragraph(f"{item.number}. {item.title}", writer.heading1)
    note = STATE_NOTES.get(item.state)
    if note:
        writer.note(note)
    writer.text_block(item.minutes)
    if item.kind == AgendaItemKind.PREVIOUS_MINUTES:
        for approved in data.approved_here:
            writer.paragraph(
                f"Het verslag van het {approved.heading} van {long_date(approved.meeting_date)} "
                "is vastgesteld."
            )
            corrections = lines(approved.corrections)
            if corrections:
                writer.labelled("Correcties:", "")
                writer.bullets(corrections)
    for decision in item.decisions:
        writer.labelled("Besluit: ", decision)
    if item.new_actions:
        writer.labelled("Nieuwe acties:", "")
        for action in item.new_actions:
            paragraph = writer.paragraph("", writer.bullet)
            writer.strong_run(paragraph, action.reference)
            writer.run(paragraph, f" {action.description} — {_owner_due(action)}")


def says_more(meeting: MeetingInfo) -> bool:
    """Whether the meeting's own title says more than the heading (kind and area), so that the
    details table names it."""
    return visible(meeting.title) and safe_text(meeting.title).strip() != safe_text(meeting.heading).strip()


def person_text(person: Person) -> Safe:
    """Name and organisation ("Anna de Vries, Politie"), "(gast)" after a guest; safe text."""
    name, organisation = safe_text(person.name), safe_text(person.organisation)
    text = f"{name}, {organisation}" if name.strip() and organisation.strip() else name + organisation
    return Safe(f"{text} (gast)" if person.is_guest else text)


def or_dash(value: str) -> Safe:
    """The value as safe text, or "—" when nothing visible is left."""
    text = safe_text(value)
    return text if text.strip() else Safe("—")


def _owner_due(action: ActionLine) -> str:
    due = f"deadline {short_date(action.due_date)}" if action.due_date else "geen deadline"
    return f"{action.who or 'nog niemand'}, {due}"


def _action_text(action: ActionLine) -> str:
    return f"{action.reference} {action.description} — {_owner_due(action)}"


def action_widths(writer: DocumentWriter, actions: Sequence[ActionLine]) -> tuple[float, ...]:
    """The action table's column widths (cm, 16.6 in all) on ``writer``'s template: the number,
    deadline and status columns hold their longest text and their header on one line at the
    template's table font size and padding (``exports/docx/fit``); "Wie" holds its longest word
    (up to 5 cm and 45 % of the two); "Actie" gets the rest. On the shipped template these are
    ``ACTION_WIDTHS_CM`` but for "Wie", which holds "(Bewonersvereniging" too."""
    metrics = table_metrics(writer.document, writer.table_style)
    nr_min, what_base, who_base, due_min, status_min = ACTION_WIDTHS_CM
    number = metrics.fit_cm((a.reference for a in actions), header=ACTION_HEADERS[0], minimum=nr_min)
    due = metrics.fit_cm((SAMPLE_DATE, "verlopen", "—"), header=ACTION_HEADERS[3], minimum=due_min)
    status = metrics.fit_cm(
        (member.label for member in ActionStatus), header=ACTION_HEADERS[4], minimum=status_min
    )
    rest = TEXT_WIDTH_CM - number - due - status
    words = [word for a in actions for word in safe_text(a.who).split()]
    who = round(rest * who_base / (what_base + who_base), 2)
    who = min(max(who, metrics.fit_cm(words, minimum=who)), WHO_MAX_CM, rest * WHO_MAX_SHARE)
    who = round(who, 2)
    return (number, round(rest - who, 2), who, due, status)


def deadline_text(action: ActionLine) -> list[str]:
    """The deadline (dd-mm-jjjj, "—" without one) and "verlopen" below it when it has passed."""
    due = short_date(action.due_date) or "—"
    return [due, Note("verlopen")] if action.overdue else [due]


def _action_row(action: ActionLine) -> tuple[str, Sequence[str], str, Sequence[str], str]:
    what: list[str] = [action.description]
    note = safe_text(action.update_note).strip()
    if note:
        what.append(Note(f"Besproken: {note}"))
    elif action.made_here:
        what.append(Note("Nieuw in dit overleg"))
    return (
        action.reference,
        what,
        action.who,
        deadline_text(action),
        action.status.label,
    )


__all__ = [
    "ACTION_HEADERS",
    "ACTION_WIDTHS_CM",
    "action_list_note",
    "action_widths",
    "build_minutes_document",
    "deadline_text",
    "document_date",
    "or_dash",
    "person_text",
    "write_minutes_docx",
]
