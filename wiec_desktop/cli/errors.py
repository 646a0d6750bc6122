"""Input the user must correct on the command line: one Dutch line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

EXIT_USAGE = 2


class UsageError(Exception):
    """Input the user must correct; printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are ``UsageError``s (one line, not argparse's usage dump)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def fail(message: str) -> int:
    print(f"wiec-desktop: {message}", file=sys.stderr)
    return EXIT_USAGE


def file_not_written(target: Path, error: OSError) -> UsageError:
    return UsageError(f"{target} kon niet worden geschreven: {error.strerror or error}.")
