"""The command line on encrypted databases: ``demo --passphrase-file`` makes an encrypted demo whose
bytes hold no names, streets or phone numbers; every command that opens a database takes
``--passphrase-file`` or asks on a terminal; without either one Dutch line and exit 2; ``encrypt``,
``decrypt`` and ``passphrase`` write new files or rekey, the original kept; a wrong passphrase
changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.mail_doubles import MemoryKeyring
from wiec_desktop.cli import opening
from wiec_desktop.cli.main import build_parser, main
from wiec_desktop.storage.database import Database, needs_passphrase, open_database
from wiec_desktop.storage.passphrase_store import remember_passphrase

PASSPHRASE = "paarse olifant op de fiets"
OTHER = "een heel andere zin 42"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def _side_files(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + s) for s in ("-wal", "-shm")) if p.exists()]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opening, "_interactive", lambda: False)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A terminal on which the chair types the passphrases in this list, in order."""
    typed: list[str] = []
    monkeypatch.setattr(opening, "_interactive", lambda: True)
    monkeypatch.setattr(opening, "ask_passphrase", lambda prompt: typed.pop(0))
    return typed


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "zin.txt", tmp_path / "andere-zin.txt"
    first.write_text(PASSPHRASE + "\n", encoding="utf-8")
    second.write_text(OTHER + "\r\n", encoding="utf-8")
    return first, second


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A plain and an encrypted demo database made by the ``demo`` command (once)."""
    folder = tmp_path_factory.mktemp("demos")
    secret = folder / "zin.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    plain, encrypted = folder / "plat.sqlite", folder / "versleuteld.sqlite"
    assert main(["demo", "--db", str(plain)]) == 0
    assert main(["demo", "--db", str(encrypted), "--passphrase-file", str(secret)]) == 0
    return plain, encrypted


@pytest.fixture
def encrypted(demos: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "demo-versleuteld.sqlite"
    target.write_bytes(demos[1].read_bytes())
    return target


def test_demo_with_a_passphrase_file_is_encrypted_to_the_last_byte(demos: tuple[Path, Path]) -> None:
    plain, encrypted = demos
    with sqlite3.connect(plain) as con:
        words = {
            value
            for (value,) in con.execute(
                "SELECT name FROM resident UNION SELECT phone FROM resident UNION SELECT street FROM address"
            )
            if value
        }
    raw_plain, raw_encrypted = plain.read_bytes(), encrypted.read_bytes()
    assert len(words) >= 15 and all(word.encode() in raw_plain for word in words)
    assert [word for word in words if word.encode() in raw_encrypted] == []
    assert needs_passphrase(encrypted) and not needs_passphrase(plain)
    assert _side_files(encrypted) == []


def test_list_with_a_passphrase_file_or_refused_in_one_line(
    capsys, encrypted: Path, files: tuple[Path, Path], no_terminal: None
) -> None:
    before = _digest(encrypted)
    assert main(["list", "meetings", "--db", str(encrypted)]) == 2
    assert "versleuteld" in _one_line_error(capsys)
    assert main(["list", "meetings", "--db", str(encrypted), "--passphrase-file", str(files[1])]) == 2
    assert "Onjuiste wachtwoordzin" in _one_line_error(capsys)
    missing = str(files[0].with_name("nee.txt"))
    assert main(["list", "meetings", "--db", str(encrypted), "--passphrase-file", missing]) == 2
    assert "bestaat niet" in _one_line_error(capsys)
    assert _digest(encrypted) == before and _side_files(encrypted) == []

    assert main(["list", "meetings", "--db", str(encrypted), "--passphrase-file", str(files[0])]) == 0
    assert "Casuïstiekoverleg" in capsys.readouterr().out


def test_the_refusal_names_the_option(capsys, encrypted: Path, no_terminal: None) -> None:
    assert main(["list", "meetings", "--db", str(encrypted)]) == 2
    err = _one_line_error(capsys)
    assert "--passphrase-file" in err and PASSPHRASE not in err


def test_a_terminal_asks_again_after_a_wrong_passphrase(capsys, encrypted: Path, terminal: list[str]) -> None:
    terminal.extend(["fout", PASSPHRASE])
    assert main(["list", "meetings", "--db", str(encrypted)]) == 0
    captured = capsys.readouterr()
    assert "Onjuiste wachtwoordzin" in captured.err and "Casuïstiekoverleg" in captured.out
    before = _digest(encrypted)
    terminal.extend(["fout", "nog fout", "weer fout"])
    assert main(["list", "meetings", "--db", str(encrypted)]) == 2
    assert "Onjuiste wachtwoordzin" in capsys.readouterr().err.splitlines()[-1]
    assert _digest(encrypted) == before and terminal == []


def test_a_kept_passphrase_is_used_without_asking(
    capsys, encrypted: Path, no_terminal: None, memory_keyring: MemoryKeyring
) -> None:
    remember_passphrase(encrypted, PASSPHRASE)
    assert main(["list", "meetings", "--db", str(encrypted)]) == 0


def test_encrypt_and_decrypt_into_new_files_keep_the_original(
    capsys, demos: tuple[Path, Path], tmp_path: Path, files: tuple[Path, Path], no_terminal: None
) -> None:
    plain = tmp_path / "plat.sqlite"
    plain.write_bytes(demos[0].read_bytes())
    before = _digest(plain)
    encrypted, decrypted = tmp_path / "versleuteld.sqlite", tmp_path / "terug.sqlite"
    assert (
        main(["encrypt", "--db", str(plain), "-o", str(encrypted), "--passphrase-file", str(files[0])]) == 0
    )
    assert "niet gewijzigd" in capsys.readouterr().out
    assert _digest(plain) == before and needs_passphrase(encrypted)
    encrypted_before = _digest(encrypted)
    assert (
        main(["decrypt", "--db", str(encrypted), "-o", str(decrypted), "--passphrase-file", str(files[0])])
        == 0
    )
    assert _digest(encrypted) == encrypted_before and not needs_passphrase(decrypted)
    copy = open_database(decrypted)
    assert copy.encrypted is False
    copy.close()

    # refused in one line, nothing written: an existing target, a second encryption, no passphrase
    assert (
        main(["encrypt", "--db", str(plain), "-o", str(decrypted), "--passphrase-file", str(files[0])]) == 2
    )
    assert "bestaat al" in _one_line_error(capsys)
    assert (
        main(
            [
                "encrypt",
                "--db",
                str(encrypted),
                "-o",
                str(tmp_path / "n.sqlite"),
                "--passphrase-file",
                str(files[0]),
            ]
        )
        == 2
    )
    assert "al versleuteld" in _one_line_error(capsys)
    assert main(["encrypt", "--db", str(plain), "-o", str(tmp_path / "n.sqlite")]) == 2
    _one_line_error(capsys)
    assert not (tmp_path / "n.sqlite").exists()


def test_encrypt_asks_the_new_passphrase_twice_on_a_terminal(
    capsys, demos: tuple[Path, Path], tmp_path: Path, terminal: list[str]
) -> None:
    target = tmp_path / "versleuteld.sqlite"
    terminal.extend([PASSPHRASE, PASSPHRASE + "?"])
    assert main(["encrypt", "--db", str(demos[0]), "-o", str(target)]) == 2
    assert "niet gelijk" in _one_line_error(capsys) and not target.exists()
    terminal.extend([PASSPHRASE, PASSPHRASE])
    assert main(["encrypt", "--db", str(demos[0]), "-o", str(target)]) == 0
    open_database(target, passphrase=PASSPHRASE).close()


def test_change_the_passphrase_then_only_the_new_one_opens(
    capsys, encrypted: Path, files: tuple[Path, Path], no_terminal: None, memory_keyring: MemoryKeyring
) -> None:
    old, new = (str(f) for f in files)
    before = _digest(encrypted)
    assert (
        main(["passphrase", "--db", str(encrypted), "--passphrase-file", new, "--new-passphrase-file", old])
        == 2
    )
    assert "Onjuiste wachtwoordzin" in _one_line_error(capsys) and _digest(encrypted) == before
    remember_passphrase(encrypted, PASSPHRASE)
    assert (
        main(["passphrase", "--db", str(encrypted), "--passphrase-file", old, "--new-passphrase-file", new])
        == 0
    )
    assert "gewijzigd" in capsys.readouterr().out
    assert list(memory_keyring.store.values()) == [OTHER]  # a kept passphrase follows the change
    assert main(["list", "meetings", "--db", str(encrypted), "--passphrase-file", old]) == 2
    _one_line_error(capsys)
    assert main(["list", "meetings", "--db", str(encrypted), "--passphrase-file", new]) == 0


def test_every_command_that_opens_a_database_takes_a_passphrase_file() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    exports = next(a for a in commands["export"]._actions if a.dest == "export_kind").choices
    with_db = [
        p
        for p in [parser, *commands.values(), *exports.values()]
        if any("--db" in a.option_strings for a in p._actions)
    ]
    assert len(with_db) >= 12
    for command in with_db:
        assert any("--passphrase-file" in a.option_strings for a in command._actions), command.prog


def test_a_passphrase_for_a_server_is_refused(capsys, files: tuple[Path, Path]) -> None:
    url = "postgresql://wiec@127.0.0.1:1/wiec"
    assert main(["list", "meetings", "--db", url, "--passphrase-file", str(files[0])]) == 2
    assert "PostgreSQL" in _one_line_error(capsys)


def test_the_window_gets_the_encrypted_database(encrypted: Path, files: tuple[Path, Path]) -> None:
    received: list[Database] = []

    def start_gui(database: Database | None, smoke: bool) -> int:
        assert database is not None
        received.append(database)
        database.close()
        return 0

    assert main(["--db", str(encrypted), "--passphrase-file", str(files[0])], start_gui=start_gui) == 0
    assert received[0].encrypted
