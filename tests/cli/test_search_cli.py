"""``wiec-desktop search`` prints the hits grouped under Dutch headings, one line each; ``check``
finds a tampered search index and ``check --rebuild-search-index`` puts it right."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.services.search.data import build
from wiec_desktop.cli.main import main
from wiec_desktop.storage.database import open_database
from wiec_desktop.storage.search_index import FTS_TABLE


@pytest.fixture
def district_path(tmp_path: Path) -> Path:
    path = tmp_path / "wijk.sqlite"
    database = open_database(path, create=True)
    build(database.session_factory)
    database.close()
    return path


def test_hits_grouped_one_line_each(district_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(district_path), "bergingen"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Casussen (1)",
        "  2026-014 Overlast bij café De Hoek — Jongeren hangen 's avonds bij de bergingen van de Erasmusweg."
        " Erasmusweg",
        "",
        "Verslagen (1)",
        "  Casus café — 14-04-2026 Buurtavond Wateringseveld — De wijkagent vertelt over de scooters bij de"
        " bergingen en de glascontainer.",
    ]


def test_the_limit_shows_how_many_there_are(district_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(district_path) as con:
        for number in range(5):
            con.execute(
                "INSERT INTO signal (received_on, source, street, text, status, closed_reason, version,"
                " created_at, updated_at) VALUES ('2026-06-01', 'resident_phone', '', ?, 'new', '', 1,"
                " '2026-06-01', '2026-06-01')",
                (f"Glasbak {number} vol",),
            )
    assert main(["search", "--db", str(district_path), "--limit", "2", "glasbak"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Signalen (2 van 6)" and len(out) == 3


def test_nothing_found_is_not_an_error(district_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(district_path), "xylofoon  -piano"]) == 0
    assert capsys.readouterr().out == "Niets gevonden voor “xylofoon -piano”.\n"


@pytest.mark.parametrize("arguments", [["--", "-x"], ["--limit", "0", "weg"], ['"'], ["--", "- * :"]])
def test_bad_input_is_exit_2(
    district_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    assert main(["search", "--db", str(district_path), *arguments]) == 2
    assert capsys.readouterr().err.startswith("wiec-desktop: ")


def test_a_missing_database_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(tmp_path / "weg.sqlite"), "woord"]) == 2
    assert capsys.readouterr().out == ""


def test_check_finds_a_tampered_index_and_the_rebuild_fixes_it(
    district_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(district_path)]) == 0
    assert "Zoekindex: in orde" in capsys.readouterr().out.splitlines()
    with sqlite3.connect(district_path) as con:
        con.execute(
            f"UPDATE {FTS_TABLE} SET title = 'vervalst' WHERE rowid = (SELECT min(rowid) FROM {FTS_TABLE})"
        )
    assert main(["check", "--db", str(district_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "Zoekindex, casussen: 1 rij ontbreekt of heeft een andere tekst dan de tabel" in out
    assert main(["check", "--db", str(district_path), "--rebuild-search-index"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Zoekindex opnieuw opgebouwd: 9 records" and "Zoekindex: in orde" in out
    assert main(["search", "--db", str(district_path), "vervalst"]) == 0
    assert capsys.readouterr().out.startswith("Niets gevonden")
