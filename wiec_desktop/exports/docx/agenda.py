"""The agenda of a meeting as a Word document for the invitation, on the chair's template (no Qt).

Same template, styles and safety rules as the minutes (``writer.DocumentWriter``): title with
kind, area(s) and long date; details table; the agenda as a table (number, planned start time,
item, presenter, minutes), carried-over items marked, and below it a warning in bold when the
timeboxes run past the planned end ("De agenda loopt 9 minuten uit (16:09, gepland tot 16:00).",
``AgendaData.totals``); the invitees; the action list the meeting
will review (the open actions from the earlier meetings of the series); footer with "Pagina X van
Y" fields and the confidentiality marking.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Pt

from wiec_desktop.domain.enums import AgendaItemKind, MinutesStatus
from wiec_desktop.exports.docx.minutes import (
    ACTION_HEADERS,
    ACTION_WIDTHS_CM,
    DETAIL_WIDTHS_CM,
    deadline_text,
    or_dash,
    person_text,
    says_more,
)
from wiec_desktop.exports.docx.writer import (
    DocumentWriter,
    Note,
    atomic_save,
    mark_internal,
    set_core_properties,
    visible,
)
from wiec_desktop.services.formatting import clock, long_date, short_date
from wiec_desktop.services.meetings.minutes_data import ActionLine, AgendaData, AgendaLine

AGENDA_HEADERS = ("Nr.", "Tijd", "Agendapunt", "Inbreng", "Min.")
AGENDA_WIDTHS_CM = (1.2, 1.6, 9.0, 3.6, 1.2)  # 16.6 cm


def build_agenda_document(data: AgendaData, template: Path | str | None = None) -> DocumentObject:
    """The agenda as a python-docx Document (not saved). ``TemplateError`` for an unusable template."""
    writer = DocumentWriter(template)
    meeting = data.meeting
    heading = f"Agenda {meeting.heading}"

    writer.paragraph(heading, writer.title)
    writer.paragraph(long_date(meeting.date), writer.subtitle)
    details = [
        ("Datum", long_date(meeting.date)),
        ("Tijd", f"{clock(meeting.start_time)} – {clock(meeting.end_time)} uur"),
        ("Locatie", or_dash(meeting.location)),
        ("Voorzitter", or_dash(meeting.chair)),
    ]
    if visible(meeting.minute_taker):
        details.append(("Notulist", meeting.minute_taker))
    if says_more(meeting):
        details.insert(0, ("Overleg", meeting.title))
    writer.details(DETAIL_WIDTHS_CM, details)

    writer.paragraph("Agenda", writer.heading1)
    if data.items:
        writer.table(AGENDA_WIDTHS_CM, AGENDA_HEADERS, (_agenda_row(line, data) for line in data.items))
        overrun = data.totals.overrun_text()
        if overrun:
            warning = writer.paragraph()
            warning.paragraph_format.space_before = Pt(6)  # not glued to the table
            writer.strong_run(warning, overrun)
    else:
        writer.paragraph("De agenda is nog leeg.")

    writer.paragraph("Genodigden", writer.heading2)
    writer.bullets((person_text(p) for p in data.invited), empty="Nog niemand uitgenodigd.")

    review = next((line for line in data.items if line.kind == AgendaItemKind.ACTION_REVIEW), None)
    writer.paragraph("Actielijst", writer.heading1)
    where = f", te bespreken bij agendapunt {review.number}" if review is not None else ""
    writer.keep_with_next(
        writer.note(
            f"Stand van de acties op {long_date(data.as_of)}: de openstaande acties uit de eerdere "
            f"overleggen van deze reeks{where}."
        )
    )
    if data.actions:
        writer.table(ACTION_WIDTHS_CM, ACTION_HEADERS, (_action_row(a) for a in data.actions))
    else:
        writer.paragraph("Er staan geen acties open.")

    writer.decorate([f"{heading}, {short_date(meeting.date)}"], concept=False)
    set_core_properties(writer.document, heading, f"Agenda {short_date(meeting.date)}")
    return writer.document


def write_agenda_docx(
    data: AgendaData,
    target: Path | str,
    template: Path | str | None = None,
    *,
    internal: bool = False,
    password: str | None = None,
) -> Path:
    """Write the agenda to ``target`` (.docx), replacing it only with a complete file.
    ``template``: a chair's own .docx (None: the shipped house style); ``internal``: the intern
    variant, marked on every page; ``password``: encrypt the file with it."""
    document = build_agenda_document(data, template)
    if internal:
        mark_internal(document)
    target = Path(target)
    atomic_save(document, target, password)
    return target


def _agenda_row(line: AgendaLine, data: AgendaData) -> tuple[str, str, Sequence[str], str, str]:
    what = [line.title]
    if line.carried_from is not None:
        what.append(Note(f"Doorgeschoven uit het overleg van {long_date(line.carried_from)}"))
    if line.kind == AgendaItemKind.PREVIOUS_MINUTES and data.previous_meeting is not None:
        state = (
            "vastgesteld" if data.previous_minutes_status == MinutesStatus.APPROVED else "ter vaststelling"
        )
        what.append(Note(f"Verslag van {long_date(data.previous_meeting)} ({state})"))
    minutes = str(line.timebox_minutes) if line.timebox_minutes else ""
    return (f"{line.number}.", clock(line.start), what, line.presenter, minutes)


def _action_row(action: ActionLine) -> tuple[str, str, str, Sequence[str], str]:
    return (action.reference, action.description, action.who, deadline_text(action), action.status.label)


__all__ = ["AGENDA_HEADERS", "build_agenda_document", "write_agenda_docx"]
