"""The minutes (verslag) of a meeting as a Word document, on the chair's template (no Qt).

Built on ``resources/templates/verslag-sjabloon.docx`` or a chair's own ``.docx``: its header
(letterhead), footer, page setup and styles are kept, the body is written anew in its styles —
Title, Subtitle, Heading 1/2, List Bullet, Caption, Table Grid, Strong, Emphasis, and "Markering"
for CONCEPT — never with direct character formatting. A style the template lacks falls back to the
nearest one it has (in the end the template's default paragraph style).

Content: CONCEPT marking (header and title area) until the minutes are approved, then "Vastgesteld
op …" with the corrections; title with kind, area(s) and long date; details table; present and
absent-with-notice lists; per agenda item a numbered heading, the minutes (a paragraph per line),
"Besluit: …" lines and the actions made under it; parked and not-reached items marked; the
"Actielijst" table; the footer with "Pagina X van Y" (PAGE/NUMPAGES fields), the confidentiality
marking and the next meeting's date. Text goes through ``docx_safe.safe_text``; the file is written
with ``docx_safe.atomic_save``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Length
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from wiec_desktop.domain.enums import AgendaItemKind, AgendaItemState
from wiec_desktop.exports.docx.writer import (
    StyleBook,
    add_page_x_of_y,
    atomic_save,
    header_footer_text,
    lines,
    open_template,
    safe_text,
    set_core_properties,
)
from wiec_desktop.resources import resource_path
from wiec_desktop.services.formatting import clock, long_date, short_date
from wiec_desktop.services.meetings.minutes_data import (
    ActionLine,
    MeetingInfo,
    MinutesData,
    MinutesItem,
    Person,
)

TEMPLATE_NAME = "verslag-sjabloon.docx"
CONFIDENTIAL = "Vertrouwelijk"
CONCEPT = "CONCEPT"
ACTION_HEADERS = ("Nr.", "Actie", "Wie", "Deadline", "Status")
ACTION_WIDTHS_CM = (2.1, 6.9, 3.8, 2.0, 1.8)  # 16.6 cm: the template's text width
DETAIL_WIDTHS_CM = (3.4, 13.2)
STATE_NOTES = {
    AgendaItemState.PARKED: "Geparkeerd: dit punt schuift door naar het volgende overleg.",
    AgendaItemState.NOT_REACHED: "Niet aan toegekomen: dit punt schuift door naar het volgende overleg.",
}


class Note(str):
    """A remark in a table cell (set in the Emphasis character style)."""

    __slots__ = ()


def default_template() -> Path:
    """The shipped house-style template."""
    return resource_path("templates", TEMPLATE_NAME)


class DocumentWriter:
    """A document on a template with its styles resolved once, and fast paragraph/table helpers.

    Styles are kept as style ids and set on the XML directly: python-docx's ``paragraph.style =``
    scans every style of the template per call to see whether it is the default one.
    """

    def __init__(self, template: Path | str | None = None) -> None:
        self.document: DocumentObject = open_template(template, default=default_template())
        book = StyleBook(self.document)
        self.title = _id(book.paragraph("Title", "Heading 1"))
        self.subtitle = _id(book.paragraph("Subtitle", "Heading 2"))
        self.heading1 = _id(book.paragraph("Heading 1"))
        self.heading2 = _id(book.paragraph("Heading 2", "Heading 1"))
        self.bullet = _id(book.paragraph("List Bullet", "List Paragraph"))
        self.caption = _id(book.paragraph("Caption"))
        self.mark = _id(book.paragraph("Markering"))
        self.header_style = _id(book.paragraph("Header"))
        self.footer_style = _id(book.paragraph("Footer"))
        self.table_style = _id(book.table("Table Grid"))
        self.strong = _id(book.character("Strong"))
        self.emphasis = _id(book.character("Emphasis"))
        self._body = self.document.element.body
        self._sect_pr = self._body.find(qn("w:sectPr"))

    # --- paragraphs ---------------------------------------------------------------------------

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """A new body paragraph with ``text`` (made safe) in the style with id ``style``."""
        p = OxmlElement("w:p")
        if self._sect_pr is not None:
            self._sect_pr.addprevious(p)
        else:
            self._body.append(p)
        return self._fill(p, text, style)

    def _fill(self, p: CT_P, text: str, style: str | None) -> Paragraph:
        if style is not None:
            p.style = style
        text = safe_text(text)
        if text:
            p.add_r().text = text
        return Paragraph(p, self.document._body)

    def labelled(self, label: str, text: str, style: str | None = None) -> Paragraph:
        """ "Label: text" with the label in the Strong character style (bold when it is missing)."""
        paragraph = self.paragraph("", style)
        self.strong_run(paragraph, label)
        text = safe_text(text)
        if text:
            paragraph._p.add_r().text = text
        return paragraph

    def strong_run(self, paragraph: Paragraph, text: str) -> None:
        self._styled_run(paragraph._p, text, self.strong, bold=True)

    def emphasis_run(self, paragraph: Paragraph, text: str) -> None:
        self._styled_run(paragraph._p, text, self.emphasis, italic=True)

    @staticmethod
    def _styled_run(
        p: CT_P, text: str, style: str | None, *, bold: bool = False, italic: bool = False
    ) -> None:
        r = p.add_r()
        r.text = safe_text(text)
        if style is not None:
            r.style = style
        else:  # the template lacks the character style: the nearest direct equivalent
            run = Run(r, None)  # type: ignore[arg-type]
            if bold:
                run.bold = True
            if italic:
                run.italic = True

    def note(self, text: str) -> Paragraph:
        """A short remark in the Caption style (italic run when the template has no Caption)."""
        if self.caption is not None:
            return self.paragraph(text, self.caption)
        paragraph = self.paragraph()
        self.emphasis_run(paragraph, text)
        return paragraph

    def marking(self, text: str) -> Paragraph:
        """The CONCEPT marking in the body, in "Markering" (Strong run when missing)."""
        if self.mark is not None:
            return self.paragraph(text, self.mark)
        paragraph = self.paragraph()
        self.strong_run(paragraph, text)
        return paragraph

    @staticmethod
    def keep_with_next(paragraph: Paragraph) -> Paragraph:
        """Keep ``paragraph`` on the page of what follows (a caption above a table)."""
        paragraph._p.get_or_add_pPr().keepNext_val = True
        return paragraph

    def bullets(self, texts: Iterable[str], empty: str = "") -> None:
        count = 0
        for text in texts:
            self.paragraph(text, self.bullet)
            count += 1
        if not count and empty:
            self.paragraph(empty)

    def text_block(self, text: str) -> int:
        """A paragraph per non-blank line of ``text``; returns how many."""
        count = 0
        for line in lines(text):
            self.paragraph(line)
            count += 1
        return count

    # --- tables -------------------------------------------------------------------------------

    def table(
        self,
        widths_cm: Sequence[float],
        header: Sequence[str] | None,
        rows: Iterable[Sequence[str | Sequence[str]]],
        *,
        label_column: bool = False,
    ) -> Table:
        """A table in the template's table style with fixed column widths; ``header`` (repeated on
        every page) gets the style's first-row look, ``label_column`` its first-column look (the
        details table's labels). Rows never break across pages. A cell value that is a sequence
        becomes a paragraph per element; ``Note`` elements are set in Emphasis.

        Rows are copies of one prototype row (lxml copies in C) whose text elements are filled in;
        python-docx's own row and cell objects are several times slower for long tables.
        """
        widths = [Cm(w) for w in widths_cm]
        table = self.document.add_table(rows=0, cols=len(widths))
        tbl = table._tbl
        if self.table_style is not None:
            tbl.tblPr.style = self.table_style
        _fixed_layout(tbl, widths, has_header=header is not None, label_column=label_column)
        prototype = _prototype_row(widths)
        if header is not None:
            tr = self._row(tbl, prototype, header)
            tr.trPr.append(OxmlElement("w:tblHeader"))
        for values in rows:
            self._row(tbl, prototype, values)
        return table

    def _row(self, tbl: CT_Tbl, prototype: CT_Row, values: Sequence[str | Sequence[str]]) -> CT_Row:
        tr = copy.deepcopy(prototype)
        tbl.append(tr)
        for tc, value in zip(tr.iterchildren(_TC), values, strict=True):
            if isinstance(value, str):
                _set_text(tc[1], value, None)
                continue
            first = True
            for part in value:
                text = safe_text(part)
                if first:
                    p = tc[1]
                    first = False
                elif not text:
                    continue
                else:
                    p = OxmlElement("w:p")
                    tc.append(p)
                    p.add_r()
                _set_text(p, text, part if isinstance(part, Note) else None, self.emphasis)
        return tr

    # --- header and footer --------------------------------------------------------------------

    def decorate(self, footer_lines: Sequence[str], *, concept: bool) -> None:
        """Add the CONCEPT marking to the headers (when ``concept``), the footer lines and
        "Pagina X van Y" to the footers, and the confidentiality marking to the footer unless the
        template's header or footer already carries it."""
        existing = header_footer_text(self.document).casefold()
        extra = [] if CONFIDENTIAL.casefold() in existing else [CONFIDENTIAL]
        section = self.document.sections[-1]
        headers = [section.header]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for header in headers:
            if concept:
                paragraph = header.add_paragraph()
                self._fill(paragraph._p, "", self.mark or self.header_style)
                self.strong_run(paragraph, f"{CONCEPT} – nog niet vastgesteld")
        texts = [" · ".join([*extra, *footer_lines[:1]]), *footer_lines[1:]]
        for footer in footers:
            paragraphs = footer.paragraphs
            blank = paragraphs[0] if len(paragraphs) == 1 and not paragraphs[0].text.strip() else None
            for number, text in enumerate(texts):
                paragraph = blank if number == 0 and blank is not None else footer.add_paragraph()
                self._fill(paragraph._p, text, self.footer_style)
                if number == 0:
                    paragraph.add_run("\t")
                    add_page_x_of_y(paragraph)


_TC = qn("w:tc")
_PRESERVE = qn("xml:space")


def _id(style: BaseStyle | None) -> str | None:
    return style.style_id if style is not None else None


def _prototype_row(widths: Sequence[Length]) -> CT_Row:
    """``<w:tr>`` with cantSplit and one cell per width, each holding ``<w:p><w:r><w:t/>``."""
    tr = OxmlElement("w:tr")
    tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for width in widths:
        tc = tr.add_tc()  # <w:tc><w:tcPr><w:tcW/></w:tcPr><w:p/></w:tc>
        tc.width = width
        r = tc[1].add_r()
        t = OxmlElement("w:t")
        t.set(_PRESERVE, "preserve")
        r.append(t)
    return tr


def _set_text(p: CT_P, text: str, note: str | None, emphasis: str | None = None) -> None:
    """Fill the single run of a prototype paragraph (tabs and line breaks the python-docx way)."""
    r = p[0]
    text = safe_text(text)
    if "\t" in text or "\n" in text or not len(r):
        r.text = text  # python-docx writes <w:tab/> and <w:br/>
    else:
        r[0].text = text
    if note is not None and text:
        if emphasis is not None:
            r.style = emphasis
        else:
            Run(r, None).italic = True  # type: ignore[arg-type]


def _fixed_layout(tbl: object, widths: Sequence[Length], *, has_header: bool, label_column: bool) -> None:
    """Fixed column widths (grid and table width) and the table-look flags for the style."""
    tbl_pr = tbl.tblPr  # type: ignore[attr-defined]
    grid = tbl.tblGrid  # type: ignore[attr-defined]
    for col, width in zip(grid.gridCol_lst, widths, strict=True):
        col.w = width
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(layout)
        look.set(qn("w:firstRow"), "1" if has_header else "0")
        look.set(qn("w:firstColumn"), "1" if label_column else "0")
        look.set(qn("w:val"), f"{0x400 | (0x20 if has_header else 0) | (0x80 if label_column else 0):04X}")
    else:
        tbl_pr.append(layout)


# --- the minutes ------------------------------------------------------------------------------------


def build_minutes_document(data: MinutesData, template: Path | str | None = None) -> DocumentObject:
    """The minutes as a python-docx Document (not saved). ``TemplateError`` for an unusable template."""
    writer = DocumentWriter(template)
    meeting = data.meeting
    concept = not data.approved
    heading = f"Verslag {meeting.heading}"

    writer.paragraph(heading, writer.title)
    writer.paragraph(long_date(meeting.date), writer.subtitle)
    writer.table(DETAIL_WIDTHS_CM, None, _details(meeting, data), label_column=True)

    writer.paragraph("Aanwezig", writer.heading2)
    writer.bullets((person_text(p) for p in data.present), empty="Niet vastgelegd.")
    writer.paragraph("Afwezig met bericht", writer.heading2)
    writer.bullets((person_text(p) for p in data.excused), empty="Niemand.")

    for item in data.items:
        _item(writer, item, data)
    if data.loose_actions:
        writer.paragraph("Overige nieuwe acties", writer.heading1)
        writer.bullets(_action_text(a) for a in data.loose_actions)

    writer.paragraph("Actielijst", writer.heading1)
    writer.keep_with_next(
        writer.note(
            f"Stand per {long_date(data.as_of)}: de openstaande acties van dit overleg en de eerdere "
            "overleggen in deze reeks, en de acties die in dit overleg zijn gemaakt of besproken."
        )
    )
    if data.actions:
        writer.table(ACTION_WIDTHS_CM, ACTION_HEADERS, (_action_row(a) for a in data.actions))
    else:
        writer.paragraph("Er staan geen acties open.")

    footer = [f"{heading}, {short_date(meeting.date)}"]
    if data.next_meeting is not None:
        nxt = data.next_meeting
        footer.append(f"Volgend overleg: {long_date(nxt.date)}, {clock(nxt.start_time)} uur")
    writer.decorate(footer, concept=concept)
    state = "vastgesteld" if data.approved else "concept"
    set_core_properties(writer.document, heading, f"Verslag {short_date(meeting.date)} ({state})")
    return writer.document


def write_minutes_docx(data: MinutesData, target: Path | str, template: Path | str | None = None) -> Path:
    """Write the minutes to ``target`` (.docx), replacing it only with a complete file.
    ``template``: a chair's own .docx (None: the shipped house style)."""
    document = build_minutes_document(data, template)
    target = Path(target)
    atomic_save(document, target)
    return target


def _details(meeting: MeetingInfo, data: MinutesData) -> list[tuple[str, str | list[str]]]:
    rows = [
        ("Datum", long_date(meeting.date)),
        ("Tijd", f"{clock(meeting.start_time)} – {clock(meeting.end_time)} uur"),
        ("Locatie", or_dash(meeting.location)),
        ("Voorzitter", or_dash(meeting.chair)),
        ("Notulist", or_dash(meeting.minute_taker)),
    ]
    if safe_text(meeting.title).strip() not in ("", safe_text(meeting.heading).strip()):
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
            paragraph.add_run(safe_text(f" {action.description} — {_owner_due(action)}"))


def person_text(person: Person) -> str:
    """Name and organisation ("Anna de Vries, Politie"), "(gast)" after a guest; safe text."""
    name, organisation = safe_text(person.name), safe_text(person.organisation)
    text = f"{name}, {organisation}" if name.strip() and organisation.strip() else name + organisation
    return f"{text} (gast)" if person.is_guest else text


def or_dash(value: str) -> str:
    """The value as safe text, or "—" when nothing visible is left."""
    text = safe_text(value)
    return text if text.strip() else "—"


def _owner_due(action: ActionLine) -> str:
    due = f"deadline {short_date(action.due_date)}" if action.due_date else "geen deadline"
    return f"{action.who or 'nog niemand'}, {due}"


def _action_text(action: ActionLine) -> str:
    return f"{action.reference} {action.description} — {_owner_due(action)}"


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
    "DocumentWriter",
    "Note",
    "build_minutes_document",
    "deadline_text",
    "default_template",
    "or_dash",
    "person_text",
    "write_minutes_docx",
]
