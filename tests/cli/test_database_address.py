"""An address that is no file and no usable database URL: one Dutch line and exit 2, never a
traceback (``--db "nosuch://x"`` and ``--db "://"`` ended in one)."""

from __future__ import annotations

import pytest

from wiec_desktop.cli.main import main


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("nosuch://x", "Onbekend soort database in 'nosuch://x'"),
        ("://", "'://' is geen geldig database-adres"),
        ("postgresql+nosuchdriver://u:geheim@h/db", "Onbekend soort database"),
    ],
)
def test_an_unusable_address_gets_one_line(
    address: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "meetings", "--db", address]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in captured.err and "geheim" not in captured.err
