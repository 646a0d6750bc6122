"""Builds ``verslag-sjabloon.docx``, the house-style template of the Word minutes and agendas.

Run from the repository root whenever the house style changes, and commit the result:

    .venv/bin/python resources/templates/make_template.py

The template is an ordinary ``.docx`` (Word refuses nothing, python-docx opens it), built on
python-docx's own default document so that every built-in style exists. It sets:

- A4 portrait, 2.2 cm side margins, Dutch as the proofing language;
- the styles the exports use — Normal, Title, Subtitle, Heading 1/2, List Bullet, Caption, Table
  Grid (light grey lines, a shaded bold header row), Header, Footer — in Arial with a dark-blue
  accent, plus "Markering" (bold red, for CONCEPT) and "Briefhoofd" (the letterhead line);
- a letterhead-like header: "Onafhankelijk voorzitter wijkaanpak" with the "Vertrouwelijk"
  marking on the right and a rule below; an empty footer the exports fill in.

A chair who wants their own letterhead copies this file, changes header and styles in Word and
saves it as ``.docx`` (not ``.dotx``); the exports keep whatever header, footer and styles it has.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

HERE = Path(__file__).resolve().parent
TARGET = HERE / "verslag-sjabloon.docx"

FONT = "Arial"
ACCENT = "1F3B57"  # dark blue of headings and the letterhead
TEXT = "222222"
MUTED = "5A6B7D"
LINE = "B7C0CC"
HEADER_FILL = "E9EDF2"
MARK = "B42318"  # CONCEPT
TEXT_WIDTH_TWIPS = 9412  # 21 cm - 2 × 2.2 cm = 16.6 cm

W = nsdecls("w")


def _fonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _set(style_element, ppr: str | None, rpr: str | None) -> None:  # type: ignore[no-untyped-def]
    """Replace the paragraph and run properties of a style (kept in schema order)."""
    for tag in ("w:pPr", "w:rPr"):
        for old in style_element.findall(qn(tag)):
            style_element.remove(old)
    anchor = None
    for tag in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        anchor = style_element.find(qn(tag))
        if anchor is not None:
            break
    for xml in (ppr, rpr):
        if xml is None:
            continue
        element = parse_xml(xml)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            style_element.append(element)


def _paragraph_style(document, name: str, ppr: str | None, rpr: str | None, base: str = "Normal"):  # type: ignore[no-untyped-def]
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    _set(style.element, ppr, rpr)
    return style


def build() -> Path:
    document = Document()

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)

    # Document defaults: Arial 10 pt, Dutch proofing, 6 pt after, 1.15 line spacing.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>{_fonts()}"
            '<w:sz w:val="20"/><w:szCs w:val="20"/>'
            '<w:lang w:val="nl-NL" w:eastAsia="nl-NL" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
            "</w:pPrDefault></w:docDefaults>"
        ),
    )

    right_tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
    _paragraph_style(document, "Normal", None, f'<w:rPr {W}><w:color w:val="{TEXT}"/></w:rPr>')
    _paragraph_style(
        document,
        "Title",
        f'<w:pPr {W}><w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/>'
        "<w:contextualSpacing/></w:pPr>",
        f'<w:rPr {W}>{_fonts()}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:kern w:val="28"/>'
        '<w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr>',
    )
    _paragraph_style(
        document,
        "Subtitle",
        f'<w:pPr {W}><w:spacing w:before="0" w:after="240"/></w:pPr>',
        f'<w:rPr {W}>{_fonts()}<w:color w:val="{MUTED}"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
    )
    _paragraph_style(
        document,
        "Heading 1",
        f"<w:pPr {W}><w:keepNext/><w:keepLines/>"
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="2" w:color="{LINE}"/></w:pBdr>'
        '<w:spacing w:before="320" w:after="100"/><w:outlineLvl w:val="0"/></w:pPr>',
        f'<w:rPr {W}>{_fonts()}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
        '<w:sz w:val="25"/><w:szCs w:val="25"/></w:rPr>',
    )
    _paragraph_style(
        document,
        "Heading 2",
        f'<w:pPr {W}><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>'
        '<w:outlineLvl w:val="1"/></w:pPr>',
        f'<w:rPr {W}>{_fonts()}<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
        '<w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>',
    )
    _paragraph_style(
        document,
        "List Bullet",
        f'<w:pPr {W}><w:numPr><w:numId w:val="1"/></w:numPr>'
        '<w:spacing w:after="40"/><w:ind w:left="357" w:hanging="357"/></w:pPr>',
        None,
    )
    _paragraph_style(
        document,
        "Caption",
        f'<w:pPr {W}><w:spacing w:before="60" w:after="60"/></w:pPr>',
        f'<w:rPr {W}><w:i/><w:iCs/><w:color w:val="{MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>',
    )
    small = f'<w:rPr {W}><w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'
    tight = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    _paragraph_style(document, "Header", f"<w:pPr {W}>{right_tab}{tight}</w:pPr>", small)
    _paragraph_style(document, "Footer", f"<w:pPr {W}>{right_tab}{tight}</w:pPr>", small)
    _paragraph_style(
        document,
        "Briefhoofd",
        # schema order inside pPr: pBdr before tabs before spacing (Word refuses other orders)
        f'<w:pPr {W}><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="4" w:color="{ACCENT}"/>'
        f'</w:pBdr>{right_tab}<w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr>',
        f'<w:rPr {W}><w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
        base="Header",
    )
    _paragraph_style(
        document,
        "Markering",
        f'<w:pPr {W}><w:spacing w:before="0" w:after="120"/></w:pPr>',
        f'<w:rPr {W}><w:b/><w:bCs/><w:caps/><w:color w:val="{MARK}"/><w:spacing w:val="20"/>'
        '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>',
    )

    # Table Grid: light lines, roomy cells, 9 pt, a shaded bold header row.
    grid = document.styles["Table Grid"].element
    for child in list(grid):
        if child.tag in (qn("w:pPr"), qn("w:rPr"), qn("w:tblPr"), qn("w:tblStylePr")):
            grid.remove(child)
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{LINE}"'
    for xml in (
        f'<w:pPr {W}><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
        f'<w:rPr {W}><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
        f'<w:tblPr {W}><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        f"<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>"
        f"<w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>',
        f'<w:tblStylePr {W} w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{ACCENT}"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr></w:tblStylePr>',
        f'<w:tblStylePr {W} w:type="firstCol"><w:rPr><w:b/><w:bCs/><w:color w:val="{ACCENT}"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F5F7FA"/></w:tcPr></w:tblStylePr>',
    ):
        grid.append(parse_xml(xml))

    header = section.header
    header.is_linked_to_previous = False
    letterhead = header.paragraphs[0]
    letterhead.style = document.styles["Briefhoofd"]
    letterhead.add_run("Onafhankelijk voorzitter wijkaanpak")
    letterhead.add_run("\tVertrouwelijk")
    footer = section.footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].style = document.styles["Footer"]

    body = document.add_paragraph(
        "Huisstijlsjabloon van WIEC Desktop voor verslagen en agenda's. De tekst in dit deel wordt "
        "bij het maken van een document weggelaten; kop- en voettekst en opmaakprofielen blijven."
    )
    body.style = document.styles["Caption"]

    properties = document.core_properties
    properties.title = "Verslag (sjabloon)"
    properties.author = "WIEC Desktop"
    properties.last_modified_by = "WIEC Desktop"
    properties.comments = ""
    properties.revision = 1
    document.save(TARGET)
    return TARGET


if __name__ == "__main__":
    path = build()
    sys.stdout.write(f"{path}\n")
