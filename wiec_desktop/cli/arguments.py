"""Checks of command-line arguments shared by the commands: output files, templates, names, and
the ``--passphrase-file`` option of every command that opens a database."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

from wiec_desktop.cli.errors import UsageError


def checked_output(path: str, suffix: str) -> Path:
    """The output file, refused with one line when its name, folder or kind is wrong."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise UsageError(f"{target.name}: kies een bestandsnaam die op {suffix} eindigt.")
    if not target.parent.is_dir():
        raise UsageError(f"De map {target.parent} bestaat niet.")
    if target.is_dir():
        raise UsageError(f"{target} is een map; geef een bestandsnaam.")
    return target


def template_path(path: str | None) -> Path | None:
    """The chair's own Word template, refused when it does not exist."""
    if path is None:
        return None
    template = Path(path).expanduser()
    if not template.is_file():
        raise UsageError(f"Het sjabloon {template} bestaat niet.")
    return template


def by_name(name: str | None, options: Sequence[tuple[int, str]], what: str) -> int | None:
    """The id of the option called ``name`` (case and surrounding spaces ignored)."""
    if name is None:
        return None
    wanted = name.strip().casefold()
    for ident, label in options:
        if label.casefold() == wanted:
            return ident
    known = ", ".join(label for _i, label in options[:12]) + (", …" if len(options) > 12 else "")
    raise UsageError(f"{what.capitalize()} {name!r} bestaat niet; kies uit: {known or '(geen)'}.")


PASSPHRASE_FILE_HELP = "bestand met de wachtwoordzin van een versleutelde database (eerste regel)"


def add_passphrase_file(parsers: Iterable[argparse.ArgumentParser]) -> None:
    """``--passphrase-file`` on every command that opens a database (each one with ``--db``), unless
    it has its own (``demo``, ``encrypt``…)."""
    for parser in parsers:
        options = {option for action in parser._actions for option in action.option_strings}
        if "--db" in options and "--passphrase-file" not in options:
            parser.add_argument("--passphrase-file", metavar="BESTAND", help=PASSPHRASE_FILE_HELP)
