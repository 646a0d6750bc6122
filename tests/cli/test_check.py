"""``wiec-desktop check --db PATH``: exit 0 with an intact log, 1 and the first broken entry if not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wiec_desktop.cli.check import CHECKS, CheckResult, run_checks
from wiec_desktop.cli.main import main
from wiec_desktop.storage import migrate
from wiec_desktop.storage.database import open_database


def test_an_intact_demo_database_passes(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"Schemaversie: {migrate.SCHEMA_HEAD}" in out
    counts = next(line for line in out if line.startswith("Aantallen: "))
    assert "26 casussen" in counts and "logboekregels" in counts
    assert any(line.startswith("Logboek: ") and line.endswith(" regels, keten intact") for line in out)


def test_an_edited_entry_fails_with_its_number(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_path) as con:
        con.execute("UPDATE audit_event SET detail = 'niets verstuurd' WHERE sequence = 3")
    assert main(["check", "--db", str(demo_path)]) == 1
    assert "Logboek gebroken bij regel 3 (gewijzigd)" in capsys.readouterr().out.splitlines()


def test_a_removed_entry_fails(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(demo_path) as con:
        con.execute("DELETE FROM audit_event WHERE sequence = 5")
    assert main(["check", "--db", str(demo_path)]) == 1
    assert "Logboek gebroken bij regel 5 (ontbreekt)" in capsys.readouterr().out.splitlines()


def test_a_missing_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "weg.sqlite")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "weg.sqlite").exists()


def test_the_checks_are_a_list_that_can_grow(demo_path: Path) -> None:
    database = open_database(demo_path)
    try:
        names = [result.name for result in run_checks(database)]
        expected = ["schema", "integrity", "foreign_keys", "enum_values", "counts", "audit_chain"]
        expected.append("search_index")
        assert names == expected and len(CHECKS) == 7
        extra = run_checks(
            database, [*CHECKS, lambda _db, _options: CheckResult("extra", False, ("Extra: fout",))]
        )
    finally:
        database.close()
    assert [result.ok for result in extra] == [True] * 7 + [False]


def test_an_anchor_notices_a_log_cut_short_at_its_end(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(demo_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    anchor = next(line for line in lines if line.startswith("Laatste hash: ")).removeprefix("Laatste hash: ")
    entries = int(next(line for line in lines if line.startswith("Logboek: ")).split()[1])
    assert main(["check", "--db", str(demo_path), "--anchor", anchor]) == 0
    assert f"De opgegeven hash is die van regel {entries}." in capsys.readouterr().out
    with sqlite3.connect(demo_path) as con:
        con.execute("DELETE FROM audit_event WHERE sequence = (SELECT max(sequence) FROM audit_event)")
    assert main(["check", "--db", str(demo_path)]) == 0  # without the anchor it cannot be seen
    capsys.readouterr()
    assert main(["check", "--db", str(demo_path), "--anchor", anchor]) == 1
    out = capsys.readouterr().out
    assert f"Logboek: {entries - 1} regels, keten intact, maar de regel met hash" in out and "ingekort" in out
