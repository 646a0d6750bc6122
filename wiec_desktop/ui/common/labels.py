"""Texts from the data shown where Qt would change them: on menus, buttons, check boxes and tabs a
single ``&`` is the mnemonic of the next letter ("Welzijn & Zorg" would show as "Welzijn _Zorg"; ``plain``
keeps the text as written), and a plain tooltip is one line however long (``tooltip`` wraps it)."""

from __future__ import annotations

from html import escape


def plain(text: str) -> str:
    """``text`` for a menu, button, check box or tab label, its ampersands shown as they are."""
    return text.replace("&", "&&")


TOOLTIP_WIDTH = 360  # pixels: a long tooltip wraps at this width, as a paragraph reads well


def tooltip(text: str) -> str:
    """``text`` (plain, with line breaks) as a tooltip that stays readable: a long one wraps at
    ``TOOLTIP_WIDTH`` instead of running across the screen (Qt sizes a plain tooltip to its
    longest line); the data is escaped, never read as markup."""
    if not text:
        return text
    body = escape(text).replace("\n", "<br>")
    if len(text) <= TOOLTIP_CHARS:
        return f"<p style='white-space:pre'>{body}</p>"
    return f"<table width={TOOLTIP_WIDTH}><tr><td>{body}</td></tr></table>"


TOOLTIP_CHARS = 70  # a tooltip up to this many characters keeps its own lines
