"""``wiec-desktop export inventory|report``: both Word reports from the command line on the demo
database; bad dates, an unknown round and a wrong file name give one Dutch line and exit 2 with no
file written. Runs through ``wiec_desktop.cli.main.main`` once the sub-commands are wired into it, and
through an equivalent parser built from ``add_report_exports`` until then."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import pytest

from wiec_desktop.cli import main as cli
from wiec_desktop.cli.reports import parse_date


def _main(argv: Sequence[str]) -> int:
    return cli.main(list(argv))


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("wiec-desktop: ")
    return err.strip()


def test_inventory_report_from_the_command_line(demo_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "inventarisatie.docx"
    assert _main(["export", "inventory", "--db", str(demo_path), "-o", str(target)]) == 0
    assert "Inventarisatierapport geëxporteerd" in capsys.readouterr().out
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Inventarisatierapport"
    assert len(document.inline_shapes) == 3


def test_an_earlier_round_by_name(demo_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from wiec_desktop.services.registry import Services
    from wiec_desktop.storage.database import open_database

    database = open_database(demo_path)
    try:
        report_data = Services(database.session_factory, lambda: None).report_data  # type: ignore[arg-type,return-value]
        names = [name for _id, name in report_data.rounds()]
    finally:
        database.close()
    assert len(names) == 2
    target = tmp_path / "eerder.docx"
    assert (
        _main(["export", "inventory", "--db", str(demo_path), "--round", names[1].upper(), "-o", str(target)])
        == 0
    )
    assert names[1] in capsys.readouterr().out
    assert names[1] in docx.Document(str(target)).paragraphs[1].text


def test_progress_report_for_a_period(demo_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "voortgang.docx"
    argv = [
        "export",
        "report",
        "--db",
        str(demo_path),
        "--from",
        "01-06-2026",
        "--to",
        "2026-10-31",
        "-o",
        str(target),
    ]
    assert _main(argv) == 0
    assert "01-06-2026 t/m 31-10-2026" in capsys.readouterr().out
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Voortgangsrapportage"
    assert "Voortgangsrapportage 01-06-2026 t/m 31-10-2026" in document.sections[0].footer._element.xml
    assert len(document.inline_shapes) == 4


def test_progress_report_default_period(demo_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "voortgang.docx"
    assert _main(["export", "report", "--db", str(demo_path), "-o", str(target)]) == 0
    assert target.exists() and "Voortgangsrapportage geëxporteerd" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["--from", "31-02-2026", "--to", "31-03-2026"], "--from '31-02-2026' is geen geldige datum"),
        (["--from", "01-03-2026", "--to", "maart"], "--to 'maart' is geen geldige datum"),
        (["--from", "2026-05-01", "--to", "2026-04-01"],
         "De einddatum 01-04-2026 ligt voor de begindatum 01-05-2026"),
        (["--from", "2026-05-01"], "Geef --from en --to allebei"),
    ],
)  # fmt: skip
def test_bad_dates_are_refused(
    demo_path: Path, tmp_path: Path, capsys, dates: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "voortgang.docx"
    assert _main(["export", "report", "--db", str(demo_path), *dates, "-o", str(target)]) == 2
    assert message in _error_line(capsys)
    assert not target.exists()


def test_unknown_round_and_wrong_file_name_are_refused(demo_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "inventarisatie.docx"
    assert (
        _main(["export", "inventory", "--db", str(demo_path), "--round", "Zomer 1999", "-o", str(target)])
        == 2
    )
    assert "Inventarisatieronde 'Zomer 1999' bestaat niet" in _error_line(capsys)
    assert not target.exists()
    assert _main(["export", "report", "--db", str(demo_path), "-o", str(tmp_path / "rapport.pdf")]) == 2
    assert ".docx" in _error_line(capsys)


def test_parse_date_accepts_both_notations() -> None:
    assert (
        parse_date("05-11-2026", "--from")
        == parse_date("2026-11-05", "--from")
        == parse_date("5/11/2026", "x")
    )
