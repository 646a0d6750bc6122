"""The one document writer of every Word export: paragraphs, runs and tables in the template's
styles, the header and footer, fields, document properties and saving.

Text is made safe here, at the writer's edge, once per string: ``safe_text`` removes the characters
a ``.docx`` cannot hold (the C0 control characters python-docx refuses, ``\\x00``–``\\x08``,
``\\x0b``, ``\\x0c``, ``\\x0e``–``\\x1f``, the non-characters ``\\ufffe``/``\\uffff`` and lone
surrogates; tabs, line breaks, accents, emoji and right-to-left text are kept, ``\\r\\n`` and
``\\r`` become ``\\n``) and marks the result ``Safe``, so that text that was already made safe is
never cleaned twice. The document builders (minutes, agenda, reports) hand the writer plain text.

Styles are kept as style ids and set on the XML directly: python-docx's ``paragraph.style =`` scans
every style of the template per call. ``atomic_save`` writes a temporary file next to the target and
renames it over the target only when it is complete.

No Qt; import only from export code (python-docx takes 0.15 s to import). Never log document text.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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

from wiec_desktop.exports.docx.template import StyleBook, default_template, header_footer_text, open_template
from wiec_desktop.exports.protection import scrub_docx, write_package
from wiec_desktop.services.privacy.redaction import INTERNAL_MARK

_UNWRITABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEWLINES_RE = re.compile("\r\n?")
CONFIDENTIAL = "Vertrouwelijk"
CONCEPT = "CONCEPT"
CHART_WIDTH_CM = 15.0


# --- safe text -----------------------------------------------------------------------------------


class Safe(str):
    """Text that a Word document can hold (made by ``safe_text``; never cleaned again)."""

    __slots__ = ()


def safe_text(value: Any) -> Safe:
    """``value`` as text a Word document can hold ('' for ``None``)."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return Safe("")
    text = value if isinstance(value, str) else str(value)
    return Safe(_UNWRITABLE_RE.sub("", _NEWLINES_RE.sub("\n", text)))


def visible(value: Any) -> bool:
    """Whether ``value`` shows anything once made safe (for choices such as "—" for nothing)."""
    return bool(safe_text(value).strip())


def lines(value: Any) -> list[Safe]:
    """The non-blank lines of a multi-line text (a paragraph each), made safe, otherwise unchanged."""
    return [Safe(line) for line in safe_text(value).split("\n") if line.strip()]


class Note(str):
    """A remark in a table cell (set in the Emphasis character style)."""

    __slots__ = ()


# --- fields ---------------------------------------------------------------------------------------


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> Run:
    """Append a complex field (e.g. ``PAGE``, ``NUMPAGES``) to ``paragraph``; returns the result run.

    Written as begin / instruction / separate / result / end runs, the form Word itself writes, so
    that Word, LibreOffice and PDF converters all compute the value.
    """
    _field_char(paragraph, "begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    _field_char(paragraph, "separate")
    result = paragraph.add_run(placeholder)
    _field_char(paragraph, "end")
    return result


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def add_page_x_of_y(paragraph: Paragraph) -> None:
    """ "Pagina X van Y" with real PAGE and NUMPAGES fields."""
    paragraph.add_run("Pagina ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" van ")
    add_field(paragraph, "NUMPAGES")


# --- the writer ------------------------------------------------------------------------------------


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
        self.run(paragraph, text)
        return paragraph

    def run(self, paragraph: Paragraph, text: str) -> None:
        """Append ``text`` to ``paragraph`` in the paragraph's own style."""
        text = safe_text(text)
        if text:
            paragraph._p.add_r().text = text

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

    def details(self, widths_cm: Sequence[float], rows: Iterable[Sequence[str | Sequence[str]]]) -> Table:
        """The label/value table under a document's title (labels in the first-column look)."""
        return self.table(widths_cm, None, rows, label_column=True)

    def chart(self, draw: Callable[[], bytes], alt_text: str, caption: str) -> None:
        """A chart (PNG from ``draw``, held in memory) 15 cm wide, kept with its caption below it;
        ``alt_text`` becomes the picture's description (read aloud by screen readers)."""
        png = draw()
        paragraph = self.keep_with_next(self.paragraph())
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        for doc_pr in run._r.iter(qn("wp:docPr")):
            doc_pr.set("descr", safe_text(alt_text))
            doc_pr.set("title", safe_text(caption))
        self.note(caption)

    def bold_last_row(self, table: Table) -> None:
        """The totals row of ``table`` in the Strong character style."""
        row = table._tbl.tr_lst[-1]
        for r in row.iter(qn("w:r")):
            if self.strong is not None:
                r.style = self.strong

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
                _set_text(tc[1], safe_text(value), None)
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


def _set_text(p: CT_P, text: Safe, note: str | None, emphasis: str | None = None) -> None:
    """Fill the single run of a prototype paragraph (tabs and line breaks the python-docx way)."""
    r = p[0]
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


def set_core_properties(document: DocumentObject, title: str, subject: str) -> None:
    """Document properties Word shows under File > Info (no personal data: the author is the app;
    comments, keywords and the template's custom properties, company and manager are removed)."""
    properties = document.core_properties
    properties.title = safe_text(title)[:255]
    properties.subject = safe_text(subject)[:255]
    scrub_docx(document)
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)


# --- saving ---------------------------------------------------------------------------------------


def atomic_save(document: DocumentObject, target: Path | str, password: str | None = None) -> None:
    """Save ``document`` as ``target``, all or nothing (see ``wiec_desktop.atomic_file``), encrypted
    with ``password`` when one is given. Raises ``OSError`` (e.g. the file is open in Word on
    Windows, the disk is full) with the target untouched and no temporary file left behind."""
    write_package(target, document.save, password)


# --- the intern variant -----------------------------------------------------------------------------


def mark_internal(document: DocumentObject) -> None:
    """Put "Vertrouwelijk – intern" at the top of every header and footer of every section (first
    page and even pages too), so that every page of the intern variant says what it is."""
    settings_even = document.settings.odd_and_even_pages_header_footer
    for number, section in enumerate(document.sections):
        parts = [section.header, section.footer]
        if section.different_first_page_header_footer:
            parts += [section.first_page_header, section.first_page_footer]
        if settings_even:
            parts += [section.even_page_header, section.even_page_footer]
        for part in parts:
            if number > 0 and part.is_linked_to_previous:
                continue  # shows the previous section's, which is marked
            _mark(part)


def _mark(part: Any) -> None:
    paragraphs = part.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0]._p.r_lst:
        paragraph = paragraphs[0]  # the blank paragraph a new header or footer starts with
    elif paragraphs:
        paragraph = paragraphs[0].insert_paragraph_before()
    else:
        paragraph = part.add_paragraph()
    run = paragraph.add_run(INTERNAL_MARK)
    run.bold = True
