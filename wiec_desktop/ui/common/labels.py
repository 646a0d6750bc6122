"""Texts from the data (names of organisations, themes, templates, files) shown on menus, buttons,
check boxes and tabs, where Qt reads a single ``&`` as the mnemonic of the next letter: "Welzijn & Zorg"
would show as "Welzijn _Zorg". ``plain`` keeps such a text exactly as written."""

from __future__ import annotations


def plain(text: str) -> str:
    """``text`` for a menu, button, check box or tab label, its ampersands shown as they are."""
    return text.replace("&", "&&")
