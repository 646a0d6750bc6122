"""The fault harness's own checks find what they look for (fast, no child processes): a harness
that cannot fail proves nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.fault.harness import (
    Figures,
    Run,
    databases_under,
    document_problems,
    schema,
    sqlite_problems,
    unexpected_files,
    wiec_check_problems,
)


def _truncated(source: Path, target: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def test_a_document_cut_short_does_not_open(tmp_path: Path) -> None:
    import docx
    import openpyxl

    document = tmp_path / "VERSLAG.docx"
    docx.Document().save(str(document))
    workbook = tmp_path / "ACTIES.xlsx"
    openpyxl.Workbook().save(workbook)
    assert document_problems(document) == [] and document_problems(workbook) == []
    assert document_problems(_truncated(document, tmp_path / "half.docx"))
    assert document_problems(_truncated(workbook, tmp_path / "half.xlsx"))


def test_a_damaged_database_fails_both_checks(demo_path: Path, tmp_path: Path) -> None:
    assert sqlite_problems(demo_path) == [] and wiec_check_problems(demo_path) == []
    cut = _truncated(demo_path, tmp_path / "cut.sqlite", keep=0.6)
    assert sqlite_problems(cut)
    assert wiec_check_problems(cut)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    assert sqlite_problems(garbage) and wiec_check_problems(garbage)


def test_a_damaged_backup_in_the_data_folder_is_found(demo_path: Path, tmp_path: Path) -> None:
    backups = tmp_path / "data" / "back-ups"
    backups.mkdir(parents=True)
    shutil.copyfile(demo_path, backups / "wijk-2026-11-10.sqlite")
    assert databases_under(tmp_path / "data") == []
    _truncated(demo_path, backups / "wijk-2026-11-11.sqlite", keep=0.6)
    assert databases_under(tmp_path / "data")


def test_a_file_under_a_name_not_expected_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "kill-01"
    folder.mkdir()
    for name in ("demo.sqlite", ".demo.sqlite.wordt-gemaakt", "demo.sqlite-wal", "demo.sqlite.wiec-lock"):
        (folder / name).write_bytes(b"")
    assert unexpected_files(folder, ("demo.sqlite", ".demo.sqlite.*")) == ["unexpected file demo.sqlite-wal"]


def test_the_schema_comparison_ignores_only_the_order_of_clauses(tmp_path: Path) -> None:
    import sqlite3

    first, second, third = tmp_path / "1.sqlite", tmp_path / "2.sqlite", tmp_path / "3.sqlite"
    for path, columns in (
        (first, "a INTEGER, b TEXT, CHECK (a > 0), UNIQUE (b)"),
        (second, "a INTEGER, b TEXT, UNIQUE (b), CHECK (a > 0)"),
        (third, "a INTEGER, b TEXT, CHECK (a > 0)"),
    ):
        with sqlite3.connect(path) as con:
            con.execute(f"CREATE TABLE t ({columns})")
    assert schema(first) == schema(second) != schema(third)


def test_figures_fail_a_child_that_broke_and_replay_their_moments(tmp_path: Path) -> None:
    folder = tmp_path / "kill-01"
    folder.mkdir()
    figures = Figures("x", seed=7)
    moments = [figures.moment(10.0) for _ in range(20)]
    assert all(0.0 <= moment <= 10.0 for moment in moments)
    replay = Figures("x", seed=7)
    assert [replay.moment(10.0) for _ in range(20)] == moments
    assert [Figures("y", seed=7).moment(10.0) for _ in range(3)] != moments[:3]

    figures.record(
        1, Run(1.0, False, 1, "", "Traceback (most recent call last):\n  boom", 0.0), False, [], folder
    )
    assert figures.kills == 1 and figures.alive == 0 and len(figures.failures) == 2
    assert folder.exists(), "the folder of a failed kill is kept for a look"
    passed = tmp_path / "kill-02"
    passed.mkdir()
    figures.record(2, Run(0.5, True, -9, "", "", 0.0), True, [], passed)
    assert figures.in_work == 1 and len(figures.failures) == 2 and not passed.exists()
