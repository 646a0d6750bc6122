"""The one-page Word summary of a handover package: what is handed over to the successor chair.

On the chair's template in the house style (``writer.DocumentWriter``): title and subtitle, the
assignment table (client, period, date of handover), the counts, then the open cases (number,
title), the open actions (number, what, who, due) and the next meetings (date, title). The lists
are capped by the service (``services/handover/summary.py``) so the page stays one page; a note
says how many more there are. The data handed in is already made fit for its audience by the
caller (for policymakers: no residents' names). No Qt.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document as DocumentObject

from wiec_desktop.exports.docx.writer import DocumentWriter, atomic_save, set_core_properties
from wiec_desktop.services.formatting import long_date, short_date
from wiec_desktop.services.handover.summary import HandoverSummary

TITLE = "Overdracht aan de nieuwe voorzitter"
DETAIL_WIDTHS_CM = (4.5, 12.1)
CASE_WIDTHS_CM = (2.4, 14.2)
ACTION_WIDTHS_CM = (2.6, 7.4, 4.4, 2.2)
MEETING_WIDTHS_CM = (5.2, 11.4)


def build_summary_document(summary: HandoverSummary, template: Path | str | None = None) -> DocumentObject:
    """The summary as a python-docx Document (not saved)."""
    writer = DocumentWriter(template)
    counts = summary.counts
    writer.paragraph(TITLE, writer.title)
    writer.paragraph(summary.assignment or "Opdracht zonder naam", writer.subtitle)
    period = (
        f"{short_date(summary.period_start)} t/m {short_date(summary.period_end)}"
        if summary.period_start and summary.period_end
        else "—"
    )
    writer.details(
        DETAIL_WIDTHS_CM,
        [
            ("Opdrachtgever", summary.client or "—"),
            ("Periode", period),
            ("Overgedragen op", long_date(summary.made_on)),
            (
                "Omvang",
                f"{counts.cases} casussen ({counts.open_cases} open), {counts.open_actions} open acties "
                f"({counts.overdue_actions} over de termijn), {counts.meetings} overleggen "
                f"({counts.next_meetings} gepland), {counts.organisations} organisaties, "
                f"{counts.contacts} contactpersonen, {counts.agenda_templates} agendasjablonen",
            ),
        ],
    )

    writer.paragraph("Open casussen", writer.heading2)
    if summary.open_cases:
        writer.table(CASE_WIDTHS_CM, ("Nr.", "Casus"), ((c.reference, c.title) for c in summary.open_cases))
        _more(writer, counts.open_cases, len(summary.open_cases), "open casussen")
    else:
        writer.paragraph("Er zijn geen open casussen.")

    writer.paragraph("Open acties", writer.heading2)
    if summary.open_actions:
        writer.table(
            ACTION_WIDTHS_CM,
            ("Nr.", "Wat", "Wie", "Uiterlijk"),
            ((a.reference, a.description, a.who, short_date(a.due) or "—") for a in summary.open_actions),
        )
        _more(writer, counts.open_actions, len(summary.open_actions), "open acties")
    else:
        writer.paragraph("Er staan geen acties open.")

    writer.paragraph("Volgende overleggen", writer.heading2)
    if summary.next_meetings:
        writer.table(
            MEETING_WIDTHS_CM,
            ("Datum", "Overleg"),
            ((long_date(m.day), m.title) for m in summary.next_meetings),
        )
        _more(writer, counts.next_meetings, len(summary.next_meetings), "geplande overleggen")
    else:
        writer.paragraph("Er zijn geen overleggen gepland.")

    writer.decorate([f"Overdracht {summary.assignment}, {short_date(summary.made_on)}"], concept=False)
    set_core_properties(writer.document, TITLE, f"Overdracht {short_date(summary.made_on)}")
    return writer.document


def summary_docx_bytes(summary: HandoverSummary, template: Path | str | None = None) -> bytes:
    """The summary as the bytes of a .docx (for inside the package)."""
    buffer = io.BytesIO()
    build_summary_document(summary, template).save(buffer)
    return buffer.getvalue()


def write_summary_docx(
    summary: HandoverSummary, target: Path | str, template: Path | str | None = None
) -> Path:
    """Write the summary to ``target`` (.docx), all or nothing."""
    target = Path(target)
    atomic_save(build_summary_document(summary, template), target)
    return target


def _more(writer: DocumentWriter, total: int, shown: int, what: str) -> None:
    if total > shown:
        writer.note(f"En nog {total - shown} {what}; ze staan alle in de overgedragen database.")


__all__ = ["build_summary_document", "summary_docx_bytes", "write_summary_docx"]
