"""Input the user must correct on the command line: one Dutch line on stderr and exit code 2.

The same goes for what the disk or the database does (full, read-only, locked, damaged…):
``known_line`` gives the storage vocabulary's sentence (``storage.errors``) for such an error, so
that ``main`` prints it and exits 2 instead of a traceback.
"""

from __future__ import annotations

import argparse
import errno
import re
import sys
from pathlib import Path
from typing import NoReturn

EXIT_USAGE = 2


class UsageError(Exception):
    """Input the user must correct; printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are ``UsageError``s (one line, not argparse's usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(dutch_usage_message(message))


# argparse's own mistakes come in English; the command line speaks Dutch like the window.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^the following arguments are required: (.*)$", r"ontbreekt: \1 (zie --help)"),
        (r"^unrecognized arguments: (.*)$", r"onbekend: \1 (zie --help)"),
        (r"^argument (.*?): expected one argument$", r"\1 verwacht een waarde"),
        (r"^argument (.*?): expected at least one argument$", r"\1 verwacht minstens één waarde"),
        (
            r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$",
            r"\1: ongeldige keuze \2 (kies uit \3)",
        ),
        (r"^argument (.*?): invalid (\S+) value: (.*)$", r"\1: ongeldige waarde \3"),
        (r"^argument (.*?): not allowed with argument (.*)$", r"\1 gaat niet samen met \2"),
        (r"^argument (.*?): ignored explicit argument (.*)$", r"\1 neemt geen waarde (\2)"),
        (r"^ambiguous option: (\S+) could match (.*)$", r"\1 is onduidelijk: bedoelt u \2?"),
    )
)


def dutch_usage_message(message: str) -> str:
    """argparse's English message in Dutch (the names of options and choices stay as they are)."""
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def fail(message: str) -> int:
    print(f"wiec-desktop: {message}", file=sys.stderr)
    return EXIT_USAGE


# File errors that are no storage condition, in Dutch (the system's own text is English).
_FILE_REASONS = {
    errno.ENOENT: "de map bestaat niet (meer). Kies een bestaande map.",
    errno.EISDIR: "dat is een map. Geef een bestandsnaam.",
    errno.ENOTDIR: "een deel van het pad is geen map. Kies een bestaande map.",
    errno.ENAMETOOLONG: "de naam is te lang. Kies een kortere naam.",
    errno.EBUSY: "het bestand is in gebruik. Sluit het en probeer het opnieuw.",
}


def file_not_written(target: Path, error: OSError) -> UsageError:
    """One line for a document that could not be written: the vocabulary's sentence for a full
    disk or a read-only file or folder, else the reason in Dutch where we know it."""
    from wiec_desktop.storage.errors import classify_os_error

    known = classify_os_error(error)
    if known is not None:
        return UsageError(f"{target} kon niet worden geschreven. {known.message}")
    reason = _FILE_REASONS.get(error.errno or 0) or f"{error.strerror or error}."
    return UsageError(f"{target} kon niet worden geschreven: {reason}")


def known_line(error: BaseException) -> str | None:
    """The one line for an error the disk or the database caused (``None``: a bug, re-raise it)."""
    from wiec_desktop.storage.errors import StorageError, classify

    if isinstance(error, StorageError):
        return error.message
    known = classify(error)
    if known is not None:
        return known.message
    if isinstance(error, OSError):
        filename = error.filename
        what = f"{filename}: " if filename else ""
        reason = _FILE_REASONS.get(error.errno or 0) or f"{error.strerror or type(error).__name__}."
        return f"{what}{reason}"
    return None
