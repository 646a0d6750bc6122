"""The program's entry point (``wiec-desktop`` and ``python -m wiec_desktop``): the command line,
which shows the window when no command is given. The one place that joins the command line to
the window, so that the command line itself never imports Qt."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database


def main(argv: Sequence[str] | None = None) -> int:
    from wiec_desktop.cli.main import main as command_line

    return command_line(argv, start_gui=start_gui)


def start_gui(database: Database | None, smoke: bool) -> int:
    from wiec_desktop.ui.shell.start import start

    return start(database, smoke=smoke)


if __name__ == "__main__":
    sys.exit(main())
