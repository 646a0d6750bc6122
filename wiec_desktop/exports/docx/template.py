"""The Word templates documents are written on: the shipped house style or the chair's own .docx.

- ``open_template`` opens the shipped or a chair's ``.docx`` and empties its body (headers, footers,
  styles and page setup stay); ``TemplateError`` (a ``ValueError``) explains in Dutch what is wrong.
- ``StyleBook`` finds a template's styles once by name, with fallbacks, so that a chair's own
  template without e.g. "List Bullet" still gives a document (in the nearest style that exists).

No Qt; imported only when a document is written (python-docx takes 0.15 s to import).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle

from wiec_desktop.resources import resource_path

TEMPLATE_NAME = "verslag-sjabloon.docx"
TEMPLATE_SUFFIXES = (".docx",)


class TemplateError(ValueError):
    """A template that cannot be used; the message is Dutch and tells the chair what to do."""


def default_template() -> Path:
    """The shipped house-style template."""
    return resource_path("templates", TEMPLATE_NAME)


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
