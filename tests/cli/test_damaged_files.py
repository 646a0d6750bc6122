"""The damage matrix through the command line: every damaged or foreign file is refused by whatever
opens it (``list meetings``, the window's ``--smoke``) with exit 2 and one line, no traceback, its
sha256 unchanged and nothing new beside it; ``check`` reports the problems of a damaged WIEC file
with exit 1 and one line per problem."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wiec_desktop.cli.main import main

PAGE = 4096
Maker = Callable[[Path, Path], None]


def _cut(missing: int) -> Maker:
    def make(demo: Path, target: Path) -> None:
        data = demo.read_bytes()
        target.write_bytes(data[: len(data) - missing])

    return make


def _header_only(demo: Path, target: Path) -> None:
    target.write_bytes(demo.read_bytes()[:100])


def _garbage_after_header(demo: Path, target: Path) -> None:
    data = demo.read_bytes()
    target.write_bytes(data[:100] + random.Random(13).randbytes(len(data) - 100))


def _text(_demo: Path, target: Path) -> None:
    target.write_text("Dit is een boodschappenlijstje, geen database.\n", encoding="utf-8")


def _empty(_demo: Path, target: Path) -> None:
    target.write_bytes(b"")


def _folder(_demo: Path, target: Path) -> None:
    target.mkdir()


def _sql(*statements: str) -> Maker:
    def make(demo: Path, target: Path) -> None:
        shutil.copyfile(demo, target)
        con = sqlite3.connect(target)
        with con:
            con.execute("PRAGMA ignore_check_constraints = ON")
            for statement in statements:
                con.execute(statement)
        con.close()

    return make


def _other_sqlite(_demo: Path, target: Path) -> None:
    con = sqlite3.connect(target)
    with con:
        con.execute("CREATE TABLE boodschappen (wat TEXT)")
    con.close()


NEWER = "UPDATE alembic_version SET version_num = '9999_toekomst'"
UNKNOWN_STATUS = 'UPDATE "case" SET status = \'XYZ\' WHERE id = (SELECT min(id) FROM "case")'

# name: (how to make it, what its one line says, the lines ``check`` prints or None: exit 2 there too)
MATRIX: dict[str, tuple[Maker, str, tuple[str, ...] | None]] = {
    "last byte cut": (_cut(1), "afgekapt: 1 byte te kort", ("Bestand is afgekapt: 1 byte te kort",)),
    "last 100 bytes cut": (
        _cut(100),
        "afgekapt: 100 bytes te kort",
        ("Bestand is afgekapt: 100 bytes te kort",),
    ),
    "half a page cut": (
        _cut(2000),
        "afgekapt: 2000 bytes te kort",
        ("Bestand is afgekapt: 2000 bytes te kort",),
    ),
    "last page cut": (
        _cut(PAGE),
        "afgekapt: 4096 bytes te kort",
        ("Bestand is afgekapt: 4096 bytes te kort",),
    ),
    "half the file cut": (_cut(70 * PAGE), "beschadigd", ("Bestand is afgekapt",)),
    "only the header": (_header_only, "beschadigd", ("Bestand is afgekapt",)),
    "garbage after the header": (
        _garbage_after_header,
        "beschadigd",
        ("SQLite kan het bestand niet lezen",),
    ),
    "unknown enum value": (
        _sql(UNKNOWN_STATUS),
        "onbekende waarde 'XYZ' in status",
        ("Tabel case: 1 rij met een onbekende waarde 'XYZ' in status",),
    ),
    "text file": (_text, "geen WIEC-database", None),
    "empty file": (_empty, "leeg bestand", None),
    "folder": (_folder, "geen bestand", None),
    "newer schema": (_sql(NEWER), "nieuwere versie", None),
    "not a WIEC database": (_other_sqlite, "geen WIEC-gegevens", None),
}


@pytest.fixture(scope="module")
def damaged_files(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case of the matrix once per module, each alone in its own folder."""
    files = {}
    for number, (name, (make, _line, _check)) in enumerate(MATRIX.items()):
        folder = tmp_path_factory.mktemp(f"case{number}")
        target = folder / "wijk.sqlite"
        make(demo_template, target)
        files[name] = target
    return files


def _state(path: Path) -> tuple[str | None, list[str]]:
    """The file's sha256 (None for a folder) and everything in its folder."""
    sha = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    return sha, sorted(os.listdir(path.parent))


def _no_window(_database: object, _smoke: bool) -> int:
    pytest.fail("the window was started on a file that should have been refused")


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("command", [["list", "meetings"], ["--smoke"]], ids=["list", "smoke"])
def test_every_damaged_file_is_refused_in_one_line(
    name: str, command: list[str], damaged_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_files[name]
    before = _state(path)
    code = main([*command, "--db", str(path)], start_gui=_no_window)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("wiec-desktop: "), err
    assert MATRIX[name][1] in err and "Traceback" not in err
    assert _state(path) == before  # the same bytes, and no -wal, -shm, -journal or lock beside it


@pytest.mark.parametrize("name", list(MATRIX))
def test_check_reports_the_problems_of_a_damaged_file(
    name: str, damaged_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = damaged_files[name]
    before = _state(path)
    expected = MATRIX[name][2]
    code = main(["check", "--db", str(path)])
    out, err = capsys.readouterr()
    assert _state(path) == before
    if expected is None:  # not a damaged WIEC database: nothing to check, bad input
        assert code == 2 and err.count("\n") == 1 and MATRIX[name][1] in err
        return
    lines = out.splitlines()
    assert code == 1 and err == "", err
    assert "De database is beschadigd; ze is alleen-lezen gecontroleerd en niet gewijzigd." in lines
    for wanted in expected:
        assert any(line.startswith(wanted) for line in lines), (wanted, lines)
    assert len(lines) == len(set(lines))  # one line per problem, none twice


def test_a_sound_database_still_passes_every_check(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(demo_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for line in ("Integriteitscontrole: in orde", "Verwijzingen: in orde", "Keuzewaarden: in orde"):
        assert line in lines


def test_a_real_process_says_one_line_for_a_file_missing_its_last_100_bytes(
    damaged_files: dict[str, Path],
) -> None:
    """The issue's case as the chair meets it: ``--smoke`` died with a LookupError traceback."""
    path = damaged_files["last 100 bytes cut"]
    before = _state(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "wiec_desktop", "--smoke", "--db", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    # the window's shell is shown before the database is opened: Qt's offscreen platform says so
    lines = [line for line in done.stderr.splitlines() if "does not support propagateSizeHints" not in line]
    assert len(lines) == 1 and "afgekapt: 100 bytes te kort" in done.stderr
    assert "Traceback" not in done.stderr and _state(path) == before


PASSPHRASE = "geheime zin voor de test"


@pytest.fixture(scope="module")
def encrypted_cuts(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo database encrypted, then cut short by a whole page and by 100 bytes."""
    from wiec_desktop.storage.encryption import encrypt_to

    folder = tmp_path_factory.mktemp("encrypted")
    whole = folder / "heel.sqlite"
    encrypt_to(demo_template, whole, PASSPHRASE)
    (folder / "zin.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    files = {}
    for name, missing in (("page", PAGE), ("100 bytes", 100)):
        target = tmp_path_factory.mktemp("encrypted-cut") / "wijk.sqlite"
        data = whole.read_bytes()
        target.write_bytes(data[: len(data) - missing])
        files[name] = target
    files["passphrase file"] = folder / "zin.txt"
    return files


@pytest.mark.parametrize("name", ["page", "100 bytes"])
def test_an_encrypted_file_cut_short_is_refused_and_checked(
    name: str, encrypted_cuts: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path, secret = encrypted_cuts[name], str(encrypted_cuts["passphrase file"])
    before = _state(path)
    assert main(["list", "meetings", "--db", str(path), "--passphrase-file", secret]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "wijk.sqlite is beschadigd" in err and PASSPHRASE not in err
    assert main(["check", "--db", str(path), "--passphrase-file", secret]) == 1
    out = capsys.readouterr().out
    assert "De database is beschadigd" in out and PASSPHRASE not in out
    assert _state(path) == before
