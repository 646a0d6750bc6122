"""What every Word export needs: text that python-docx and Word accept, fields, styles, safe saving.

- ``safe_text`` removes the characters a ``.docx`` cannot hold: the C0 control characters python-docx
  refuses (``\\x00``–``\\x08``, ``\\x0b``, ``\\x0c``, ``\\x0e``–``\\x1f``), the non-characters
  ``\\ufffe``/``\\uffff`` and lone surrogates. Tabs and line breaks, accents, emoji and
  right-to-left text are kept; ``\\r\\n`` and ``\\r`` become ``\\n``.
- ``add_field`` puts a real Word field (``PAGE``, ``NUMPAGES``…) in a paragraph: Word and LibreOffice
  fill in the value when the page is laid out.
- ``StyleBook`` finds a template's styles once by name, with fallbacks, so that a chair's own
  template without e.g. "List Bullet" still gives a document (in the nearest style that exists).
- ``open_template`` opens the shipped or a chair's ``.docx`` and empties its body (headers, footers,
  styles and page setup stay); ``TemplateError`` (a ``ValueError``) explains in Dutch what is wrong.
- ``atomic_save`` writes the document to a temporary file next to the target and renames it over the
  target only when it is complete.

No Qt; import only from export code (python-docx takes 0.15 s to import). Never log document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from wiec_desktop.atomic_file import write_atomically

_UNWRITABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEWLINES_RE = re.compile("\r\n?")
TEMPLATE_SUFFIXES = (".docx",)
WORD_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class TemplateError(ValueError):
    """A template that cannot be used; the message is Dutch and tells the chair what to do."""


def safe_text(value: Any) -> str:
    """``value`` as text a Word document can hold ('' for ``None``)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _UNWRITABLE_RE.sub("", _NEWLINES_RE.sub("\n", text))


def lines(value: Any) -> list[str]:
    """The non-blank lines of a multi-line text (a paragraph each), made safe, otherwise unchanged."""
    return [line for line in safe_text(value).split("\n") if line.strip()]


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


# --- styles ---------------------------------------------------------------------------------------


class StyleBook:
    """The template's styles by name, looked up once (python-docx searches all styles per lookup)."""

    def __init__(self, document: DocumentObject) -> None:
        self._by_name: dict[tuple[str, WD_STYLE_TYPE], BaseStyle] = {}
        for style in document.styles:
            name = style.name
            if name is not None:
                self._by_name.setdefault((name.casefold(), style.type), style)

    def find(self, kind: WD_STYLE_TYPE, *names: str) -> BaseStyle | None:
        """The first of ``names`` the template has (case-insensitive), else None (default style)."""
        for name in names:
            style = self._by_name.get((name.casefold(), kind))
            if style is not None:
                return style
        return None

    def paragraph(self, *names: str) -> BaseStyle | None:
        return self.find(WD_STYLE_TYPE.PARAGRAPH, *names)

    def character(self, *names: str) -> BaseStyle | None:
        return self.find(WD_STYLE_TYPE.CHARACTER, *names)

    def table(self, *names: str) -> BaseStyle | None:
        return self.find(WD_STYLE_TYPE.TABLE, *names)


# --- templates ------------------------------------------------------------------------------------


def open_template(template: Path | str | None, default: Path | None = None) -> DocumentObject:
    """A new document on ``template`` (or ``default``; python-docx's own when both are None) with
    an empty body: the template's styles, page setup, headers and footers stay, sample text goes.

    Raises ``TemplateError`` (Dutch message) for a missing file, a Word template (``.dotx``), a
    macro document or anything that is not a Word document.
    """
    path = Path(template) if template is not None else default
    if path is None:
        return Document()
    name = path.name
    if not path.is_file():
        raise TemplateError(f"Het sjabloon '{name}' is niet gevonden. Kies een bestaand .docx-bestand.")
    suffix = path.suffix.casefold()
    if suffix in (".dotx", ".dotm", ".dot"):
        raise TemplateError(
            f"'{name}' is een Word-sjabloon ({suffix}). Open het in Word en sla het op als "
            "Word-document (.docx); kies dat bestand als sjabloon."
        )
    if suffix not in TEMPLATE_SUFFIXES:
        raise TemplateError(f"'{name}' is geen Word-document (.docx). Kies een .docx-bestand als sjabloon.")
    try:
        document = Document(str(path))
    except ValueError as error:  # python-docx: "file ... is not a Word file, content type is ..."
        raise TemplateError(
            f"'{name}' is geen gewoon Word-document (misschien een sjabloon of een document met "
            "macro's). Sla het in Word op als Word-document (.docx) en kies dat bestand."
        ) from error
    except Exception as error:  # a corrupt or foreign package: whatever python-docx raises
        raise TemplateError(
            f"'{name}' kan niet als Word-document worden gelezen. Kies een ander sjabloon."
        ) from error
    clear_body(document)
    return document


def clear_body(document: DocumentObject) -> None:
    """Remove all body content except the final section properties (page size, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def header_footer_text(document: DocumentObject) -> str:
    """All text in the headers and footers of the document (to see what the template already says)."""
    parts: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is not None:
                parts.append("".join(element.itertext()))
    return "\n".join(parts)


def set_core_properties(document: DocumentObject, title: str, subject: str) -> None:
    """Document properties Word shows under File > Info (no personal data: the author is the app)."""
    properties = document.core_properties
    properties.title = safe_text(title)[:255]
    properties.subject = safe_text(subject)[:255]
    properties.author = "WIEC Desktop"
    properties.last_modified_by = "WIEC Desktop"
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)


# --- saving ---------------------------------------------------------------------------------------


def atomic_save(document: DocumentObject, target: Path | str) -> None:
    """Save ``document`` as ``target``, all or nothing (see ``wiec_desktop.atomic_file``). Raises
    ``OSError`` (e.g. the file is open in Word on Windows, the disk is full) with the target
    untouched and no temporary file left behind."""
    write_atomically(target, document.save)


def join_dutch(parts: Iterable[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    items = [part for part in parts if part]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


__all__ = [
    "StyleBook",
    "TemplateError",
    "add_field",
    "add_page_x_of_y",
    "atomic_save",
    "clear_body",
    "header_footer_text",
    "join_dutch",
    "lines",
    "open_template",
    "safe_text",
    "set_core_properties",
]
