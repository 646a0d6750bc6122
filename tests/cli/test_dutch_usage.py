"""Mistakes on the command line are told in Dutch, in one line, like everything else there."""

from __future__ import annotations

import pytest

from wiec_desktop.cli.main import main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["list"], "ontbreekt: what, --db"),
        (["list", "meetings", "--db", "x.sqlite", "--bogus"], "onbekend: --bogus"),
        (["export", "actions", "--db"], "--db verwacht een waarde"),
        (["list", "cases", "--db", "x.sqlite"], "ongeldige keuze 'cases'"),
        (["nosuch"], "ongeldige keuze 'nosuch'"),
    ],
)
def test_a_usage_mistake_is_one_dutch_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    for english in ("required", "unrecognized", "expected", "invalid", "choose from"):
        assert english not in lines[0]
