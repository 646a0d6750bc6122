"""How wide a short text prints, so that table columns that hold numbers, dates and single words
(an action's "A-2026-010", a deadline "04-08-2026", a header "Gemiddeld") can be made wide enough
to keep them on one line in Word and in LibreOffice, on the shipped template or a chair's own.

Widths are conservative: per character the wider of DejaVu Sans and DejaVu Serif (regular and bold),
the fonts LibreOffice falls back to when Arial or Calibri is missing and wider than both, so a
column that fits these fits the template's own font too. A character not in the table counts as
wide as the widest one. ``table_metrics`` reads the font size and cell padding a table style gives
(through its ``basedOn`` chain; the Normal style's size when it sets one and it is larger).

Fixed-layout tables ignore ``<w:noWrap>`` (it only steers Word's auto-fit), so the widths are what
keeps a token whole. No Qt; python-docx only for the style lookup.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

# Advance widths in 1/1000 em of _CHARS, the maximum of DejaVu Sans and DejaVu Serif.
_CHARS = "".join(map(chr, range(32, 127))) + "".join(map(chr, range(0xC0, 0x100))) + "–—…‘’“”•€"
_REGULAR = (
    318,
    402,
    460,
    838,
    637,
    951,
    891,
    275,
    391,
    391,
    500,
    838,
    318,
    361,
    318,
    337,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    337,
    337,
    838,
    838,
    838,
    537,
    1000,
    723,
    735,
    766,
    802,
    730,
    694,
    799,
    873,
    396,
    401,
    748,
    665,
    1024,
    875,
    820,
    673,
    820,
    753,
    686,
    667,
    843,
    723,
    1028,
    712,
    661,
    695,
    391,
    337,
    391,
    838,
    500,
    500,
    613,
    641,
    561,
    641,
    616,
    371,
    641,
    645,
    320,
    311,
    606,
    320,
    975,
    645,
    612,
    641,
    641,
    479,
    521,
    402,
    645,
    592,
    856,
    592,
    592,
    527,
    637,
    337,
    637,
    838,
    723,
    723,
    723,
    723,
    723,
    723,
    1001,
    766,
    730,
    730,
    730,
    730,
    396,
    396,
    396,
    396,
    808,
    875,
    820,
    820,
    820,
    820,
    820,
    838,
    820,
    843,
    843,
    843,
    843,
    661,
    676,
    668,
    613,
    613,
    613,
    613,
    613,
    613,
    982,
    561,
    616,
    616,
    616,
    616,
    320,
    320,
    320,
    320,
    612,
    645,
    612,
    612,
    612,
    612,
    612,
    838,
    612,
    645,
    645,
    645,
    645,
    592,
    641,
    592,
    500,
    1000,
    1000,
    318,
    318,
    519,
    519,
    590,
    637,
)
_BOLD = (
    349,
    457,
    521,
    838,
    696,
    1002,
    903,
    307,
    474,
    474,
    523,
    838,
    380,
    416,
    380,
    366,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    586,
    1000,
    776,
    846,
    796,
    868,
    763,
    710,
    855,
    945,
    468,
    474,
    870,
    704,
    1107,
    915,
    872,
    752,
    872,
    832,
    723,
    745,
    873,
    776,
    1124,
    776,
    725,
    730,
    474,
    366,
    474,
    838,
    500,
    500,
    675,
    716,
    609,
    716,
    679,
    436,
    716,
    728,
    380,
    362,
    693,
    380,
    1059,
    728,
    688,
    716,
    716,
    527,
    596,
    479,
    728,
    652,
    924,
    646,
    652,
    583,
    712,
    366,
    712,
    838,
    776,
    776,
    776,
    776,
    776,
    776,
    1085,
    796,
    763,
    763,
    763,
    763,
    468,
    468,
    468,
    468,
    875,
    915,
    872,
    872,
    872,
    872,
    872,
    838,
    872,
    873,
    873,
    873,
    873,
    725,
    757,
    760,
    675,
    675,
    675,
    675,
    675,
    675,
    1048,
    609,
    679,
    679,
    679,
    679,
    380,
    380,
    380,
    380,
    688,
    728,
    688,
    688,
    688,
    688,
    688,
    838,
    688,
    728,
    728,
    728,
    728,
    652,
    716,
    652,
    500,
    1000,
    1000,
    380,
    380,
    658,
    658,
    640,
    696,
)
_REGULAR_WIDTHS = dict(zip(_CHARS, _REGULAR, strict=True))
_BOLD_WIDTHS = dict(zip(_CHARS, _BOLD, strict=True))
_WIDEST_REGULAR = max(_REGULAR)
_WIDEST_BOLD = max(_BOLD)
CM_PER_POINT = 2.54 / 72
# Word's defaults when neither the table style nor the document says: 10 pt, 0.19 cm padding.
DEFAULT_SIZE_PT = 10.0
DEFAULT_PADDING_TWIPS = 108
# Room for kerning, rounding to twips and a border, on top of the measured text and the padding.
SLACK_CM = 0.12
STEP_CM = 0.05


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line at ``size_pt`` (conservative, see the module)."""
    widths, widest = (_BOLD_WIDTHS, _WIDEST_BOLD) if bold else (_REGULAR_WIDTHS, _WIDEST_REGULAR)
    em = sum(widths.get(char, widest) for char in text) / 1000
    return em * size_pt * CM_PER_POINT


@dataclass(frozen=True)
class TableMetrics:
    """The font size of a table's text and the padding left plus right of each cell."""

    size_pt: float = DEFAULT_SIZE_PT
    padding_cm: float = 2 * DEFAULT_PADDING_TWIPS / 1440 * 2.54

    def fit_cm(self, texts: Iterable[str] = (), *, header: str = "", minimum: float = 0.0) -> float:
        """The column width (cm) that holds each of ``texts`` (regular) and each word of ``header``
        (bold, the header row's look) on one line; at least ``minimum``; in steps of 0.05 cm."""
        widest = max(
            [text_width_cm(text, self.size_pt) for text in texts]
            + [text_width_cm(word, self.size_pt, bold=True) for word in header.split()]
            + [0.0]
        )
        needed = widest + self.padding_cm + SLACK_CM
        return max(minimum, round(math.ceil(round(needed / STEP_CM, 6)) * STEP_CM, 2))

    def fitted(
        self,
        widths_cm: Sequence[float],
        header: Sequence[str],
        *,
        flexible: int = 0,
        texts: Sequence[Iterable[str]] = (),
    ) -> tuple[float, ...]:
        """``widths_cm`` with every column but ``flexible`` widened where a word of its header (or
        one of its ``texts``, per column) needs it; the ``flexible`` column gives up what they
        gain, so the table keeps its width (a column that already fits keeps its width)."""
        columns = list(widths_cm)
        for index, (width, title) in enumerate(zip(widths_cm, header, strict=True)):
            if index != flexible:
                own = texts[index] if index < len(texts) else ()
                columns[index] = self.fit_cm(own, header=title, minimum=width)
        columns[flexible] = round(widths_cm[flexible] - (sum(columns) - sum(widths_cm)), 2)
        return tuple(columns)

    def holds(self, width_cm: float, text: str, *, bold: bool = False) -> bool:
        """Whether a column ``width_cm`` wide holds ``text`` on one line."""
        return text_width_cm(text, self.size_pt, bold=bold) + self.padding_cm + SLACK_CM <= width_cm + 1e-9


def table_metrics(document: DocumentObject, table_style: str | None) -> TableMetrics:
    """The font size and cell padding the table style with id ``table_style`` gives its text
    (Word's defaults for what neither it nor the document's defaults say)."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    size = _style_size(by_id, table_style)
    normal = next(
        (
            style.get(qn("w:styleId"))
            for style in by_id.values()
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on")
        ),
        None,
    )
    normal_size = _style_size(by_id, normal)
    defaults = _half_points(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    if size is None:
        size = normal_size if normal_size is not None else defaults
    elif normal_size is not None:
        size = max(size, normal_size)  # Word lets an explicit Normal size win in older compat modes
    left, right = _style_padding(by_id, table_style)
    return TableMetrics(
        size_pt=size if size is not None else DEFAULT_SIZE_PT,
        padding_cm=(left + right) / 1440 * 2.54,
    )


def _chain(by_id: dict[str | None, object], style_id: str | None) -> list[object]:
    """The style and the styles it is based on, nearest first (a loop is cut off)."""
    chain: list[object] = []
    while style_id is not None and style_id in by_id and len(chain) < 20:
        style = by_id[style_id]
        if style in chain:
            break
        chain.append(style)
        based = style.find(qn("w:basedOn"))  # type: ignore[attr-defined]
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def _half_points(r_pr: object | None) -> float | None:
    if r_pr is None:
        return None
    sz = r_pr.find(qn("w:sz"))  # type: ignore[attr-defined]
    try:
        return int(sz.get(qn("w:val"))) / 2 if sz is not None else None
    except (TypeError, ValueError):
        return None


def _style_size(by_id: dict[str | None, object], style_id: str | None) -> float | None:
    for style in _chain(by_id, style_id):
        size = _half_points(style.find(qn("w:rPr")))  # type: ignore[attr-defined]
        if size is not None:
            return size
    return None


def _style_padding(by_id: dict[str | None, object], style_id: str | None) -> tuple[int, int]:
    """Left and right cell margins (twips) of the table style, Word's default for a side not set."""
    found: dict[str, int] = {}
    for style in _chain(by_id, style_id):
        margins = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")  # type: ignore[attr-defined]
        if margins is None:
            continue
        for side, names in (("left", ("w:left", "w:start")), ("right", ("w:right", "w:end"))):
            for name in names:
                element = margins.find(qn(name))
                if side not in found and element is not None and element.get(qn("w:type"), "dxa") == "dxa":
                    try:
                        found[side] = int(element.get(qn("w:w")))
                    except (TypeError, ValueError):
                        continue
    return found.get("left", DEFAULT_PADDING_TWIPS), found.get("right", DEFAULT_PADDING_TWIPS)


__all__ = ["TableMetrics", "table_metrics", "text_width_cm"]
