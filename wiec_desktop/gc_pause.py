"""Python's cycle collector switched off while the window starts, and on again after its first page.

The start imports PySide6, SQLAlchemy and the models and builds the first page: hundreds of thousands of
objects that all stay, and no garbage. Collecting while they are made walked them again and again
(about a fifth of the time to the first page's data). ``pause`` is called before the first heavy import
(``wiec_desktop.__main__`` when the arguments start the window, else when the shell is shown), ``resume``
once the first page is painted, and on every way out of the start. No Qt here: the entry point calls
it before PySide6 is imported.
"""

from __future__ import annotations

import gc

_PAUSED: list[bool] = []  # [True] while ``pause`` keeps the collector off


def pause() -> None:
    """The collector off, if it was on (a second call, or a collector switched off by someone else,
    changes nothing: ``resume`` only undoes what ``pause`` did)."""
    if gc.isenabled():
        gc.disable()
        _PAUSED.append(True)


def resume() -> None:
    """The collector on again, if ``pause`` switched it off."""
    if _PAUSED:
        _PAUSED.clear()
        gc.enable()
