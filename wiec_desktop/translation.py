"""Marking texts for translation where they are written down outside a widget class (column
titles, shortcut lists, labels of settings), in every layer and without Qt.

``QT_TRANSLATE_NOOP(context, text)`` returns ``text`` unchanged; Qt's ``lupdate`` finds the call by
its name and files ``text`` under ``context``. The window translates the text where it shows it,
with ``QCoreApplication.translate(context, text)`` in the same context.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` itself, marked for translation in ``context`` (the name is the one lupdate knows)."""
    return text


__all__ = ["QT_TRANSLATE_NOOP"]
