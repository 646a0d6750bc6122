"""``wiec-desktop handover`` and ``handover-open``: a round trip with equal counts, and one Dutch
line with exit 2 (nothing written) for a wrong passphrase, a damaged or truncated package, an
existing output file, a missing folder and a missing passphrase."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.services.privacy.deduce_cache import use_test_cache
from wiec_desktop.cli.main import main

PASSPHRASE = "voor de nieuwe voorzitter"
TABLES = ("case", "action", "meeting", "organisation", "contact", "resident", "signal")


@pytest.fixture(scope="module", autouse=True)
def deduce_ready() -> None:
    use_test_cache()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "zin.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def package(
    demo_path: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    target = tmp_path / "overdracht"
    assert (
        main(
            ["handover", "--db", str(demo_path), "-o", str(target), "--passphrase-file", str(passphrase_file)]
        )
        == 0
    )
    capsys.readouterr()
    return tmp_path / "overdracht.wiec-overdracht"


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_handover_round_trip(
    demo_path: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    target = tmp_path / "overdracht"
    assert (
        main(
            ["handover", "--db", str(demo_path), "-o", str(target), "--passphrase-file", str(passphrase_file)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Overdracht gemaakt" in out and "26 casussen" in out and "overdracht-samenvatting.docx" in out
    package = tmp_path / "overdracht.wiec-overdracht"
    assert package.is_file() and (tmp_path / "overdracht-samenvatting.docx").is_file()
    folder = tmp_path / "ontvangen"
    folder.mkdir()
    assert (
        main(
            ["handover-open", str(package), "--into", str(folder), "--passphrase-file", str(passphrase_file)]
        )
        == 0
    )
    assert "Overdracht geopend" in capsys.readouterr().out
    (received,) = folder.iterdir()
    assert received.name == "demo-overgedragen.sqlite"
    assert _counts(received) == _counts(demo_path)
    assert main(["check", "--db", str(received)]) == 0
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before  # read, never changed


def test_a_wrong_passphrase_is_one_line_and_writes_nothing(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "fout.txt"
    wrong.write_text("een andere wachtwoordzin\n", encoding="utf-8")
    folder = tmp_path / "ontvangen"
    folder.mkdir()
    assert main(["handover-open", str(package), "--into", str(folder), "--passphrase-file", str(wrong)]) == 2
    assert "wachtwoordzin is onjuist" in _one_line(capsys)
    assert not list(folder.iterdir())


@pytest.mark.parametrize("damage", ["flipped", "truncated"])
def test_a_damaged_package_is_one_line_and_writes_nothing(
    package: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    data = bytearray(package.read_bytes())
    if damage == "flipped":
        data[len(data) // 3] ^= 0x10
    else:
        del data[-200:]
    package.write_bytes(bytes(data))
    folder = tmp_path / "ontvangen"
    folder.mkdir()
    assert (
        main(
            ["handover-open", str(package), "--into", str(folder), "--passphrase-file", str(passphrase_file)]
        )
        == 2
    )
    line = _one_line(capsys)
    assert ("beschadigd of gewijzigd" if damage == "flipped" else "onvolledig") in line
    assert not list(folder.iterdir())


def test_usage_errors_are_one_line(
    demo_path: Path, package: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw = ["--passphrase-file", str(passphrase_file)]
    assert main(["handover", "--db", str(demo_path), "-o", str(package), *pw]) == 2
    assert "bestaat al" in _one_line(capsys)
    assert main(["handover", "--db", str(demo_path), "-o", str(tmp_path / "nergens" / "x"), *pw]) == 2
    assert "bestaat niet" in _one_line(capsys)
    assert main(["handover", "--db", str(demo_path), "-o", str(tmp_path / "nieuw")]) == 2  # no terminal
    assert "wachtwoordzin van de overdracht is nodig" in _one_line(capsys)
    assert main(["handover-open", str(package), "--into", str(tmp_path / "nergens"), *pw]) == 2
    assert "bestaat niet" in _one_line(capsys)
    assert main(["handover-open", str(demo_path), "--into", str(tmp_path), *pw]) == 2
    assert "geen overdrachtsbestand" in _one_line(capsys)
    assert not (tmp_path / "nieuw.wiec-overdracht").exists()
