"""How this process opens database files: a switch without imports, so the window can set it
before anything heavy is loaded (ui/shell/app.show_shell)."""

from __future__ import annotations

DEFER_DEEP_CHECKS = False
"""Whether ``open_database`` leaves the integrity checks of a large file for later (see
``integrity.DEFER_DEEP_CHECKS_FROM_BYTES``). The window switches it on and runs the checks off the
UI thread once the first page is shown; the command line keeps checking before it works on a file."""


def defer_deep_checks_of_large_files(defer: bool = True) -> None:
    """For this process: open large files after the cheap checks only (the window's start-up)."""
    global DEFER_DEEP_CHECKS
    DEFER_DEEP_CHECKS = defer
