"""The program's entry point (``wiec-desktop`` and ``python -m wiec_desktop``): the command line,
which shows the window when no command is given. The one place that joins the command line to
the window, so that the command line itself never imports Qt.

When the arguments can only start the window (``--db``, ``--demo``, ``--smoke``…), the window's
empty shell is shown first, before the command line is even imported, so that it appears at once;
the command line then opens the database and hands it to that window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

WINDOW_FLAGS = frozenset({"--demo", "--smoke", "--read-only"})
WINDOW_OPTIONS = frozenset({"--db", "--passphrase-file"})  # each with a value


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    shown = opens_window(arguments)
    if shown:
        from wiec_desktop import gc_pause

        gc_pause.pause()  # before PySide6 is imported: the shell's own imports make no garbage either
        from wiec_desktop.ui.shell.app import show_shell

        show_shell()
    from wiec_desktop.cli.main import main as command_line

    try:
        return command_line(arguments, start_gui=start_gui)
    finally:
        if shown:  # the command line stopped before the window (a mistake in the arguments)
            from wiec_desktop.ui.shell.app import discard_shell

            discard_shell()


def opens_window(arguments: Sequence[str]) -> bool:
    """Whether ``arguments`` start the window: only the window's own options, in a combination the
    command line accepts. In doubt False: the window then comes after the command line as before."""
    seen: set[str] = set()
    tokens = iter(arguments)
    for token in tokens:
        name, with_value = token.split("=", 1)[0], "=" in token
        if name in WINDOW_FLAGS and not with_value:
            seen.add(name)
        elif name in WINDOW_OPTIONS:
            value = token.split("=", 1)[1] if with_value else next(tokens, None)
            if not value or value.startswith("-"):
                return False
            seen.add(name)
        else:  # a command, --help, --version, a mistake
            return False
    if "--db" in seen:
        return "--demo" not in seen
    return not seen & {"--passphrase-file", "--read-only"}


def start_gui(database: Database | None, smoke: bool) -> int:
    from wiec_desktop.ui.shell.start import start

    return start(database, smoke=smoke)


if __name__ == "__main__":
    sys.exit(main())
