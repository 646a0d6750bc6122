"""deduce's lookup tables: where they are looked for, never built inside an export, built once
when two threads ask, and a read-only program folder that is only read. Without a real build
(the real one is ``deduce_ready``): ``_build`` is replaced where a build would happen."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from wiec_desktop.services.privacy import deidentify, lookup_cache
from wiec_desktop.services.privacy.deidentify import LookupNotReady
from wiec_desktop.services.privacy.redaction import PrivacyContext
from wiec_desktop.services.validation import ValidationError


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Nothing loaded, no cache anywhere: the override points at an empty folder."""
    monkeypatch.setattr(lookup_cache, "_state", lookup_cache._State())
    folder = tmp_path / "cache"
    monkeypatch.setenv(lookup_cache.CACHE_ENV, str(folder))
    yield folder


def _fake_cache(folder: Path) -> Path:
    path = lookup_cache._versioned(folder).joinpath(*lookup_cache._CACHE_FILE)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    return path


def test_not_ready_raises_a_dutch_validation_error_and_never_builds(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookup_cache, "_build", lambda progress: pytest.fail("built inside an export"))
    assert not deidentify.lookup_ready()
    with pytest.raises(LookupNotReady) as raised:
        deidentify.default_detectors(PrivacyContext())
    assert isinstance(raised.value, ValidationError)
    assert "De privacyfilter wordt nog voorbereid" in str(raised.value)


def test_a_running_build_is_reported_or_waited_for(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release, started = threading.Event(), threading.Event()
    model = object()

    def slow_build(progress: lookup_cache.Progress | None) -> object:
        lookup_cache._report(progress, 2, 5)
        started.set()
        release.wait(30)
        return model

    monkeypatch.setattr(lookup_cache, "_build", slow_build)
    builder = threading.Thread(target=deidentify.prepare_lookup)
    builder.start()
    assert started.wait(30)
    with pytest.raises(LookupNotReady) as raised:
        lookup_cache.model()
    assert (raised.value.done, raised.value.total) == (2, 5)
    assert "De privacyfilter wordt nog voorbereid (40%)" in str(raised.value)
    assert lookup_cache.preparing() == (2, 5)
    waiter_result: list[object] = []
    waiter = threading.Thread(target=lambda: waiter_result.append(lookup_cache.model(wait=30)))
    waiter.start()
    release.set()
    builder.join(30)
    waiter.join(30)
    assert waiter_result == [model]
    assert deidentify.lookup_ready()
    assert lookup_cache.preparing() is None


def test_two_threads_preparing_build_once(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[int] = []
    gate = threading.Barrier(2)

    def build(progress: lookup_cache.Progress | None) -> object:
        builds.append(1)
        return object()

    monkeypatch.setattr(lookup_cache, "_build", build)

    def prepare() -> None:
        gate.wait(30)
        deidentify.prepare_lookup()

    threads = [threading.Thread(target=prepare) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert builds == [1]
    progress: list[tuple[int, int]] = []
    deidentify.prepare_lookup(lambda done, total: progress.append((done, total)))
    assert builds == [1] and progress == [(1, 1)]


def test_a_damaged_cache_is_rebuilt_not_trusted(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_cache(fresh)
    assert lookup_cache.built_cache() is not None
    with pytest.raises(LookupNotReady):
        lookup_cache.model()
    built = object()
    monkeypatch.setattr(lookup_cache, "_build", lambda progress: built)
    deidentify.prepare_lookup()
    assert lookup_cache.model() is built


def test_cache_folders_in_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program, user = tmp_path / "program" / "privacy-cache", tmp_path / "user"
    monkeypatch.setattr(lookup_cache, "_program_folder", lambda: program)
    monkeypatch.setattr(lookup_cache, "user_folder", lambda: user)
    monkeypatch.setenv(lookup_cache.CACHE_ENV, str(tmp_path / "override"))
    assert lookup_cache.candidate_folders() == [tmp_path / "override"]
    assert lookup_cache.write_folder() == tmp_path / "override"
    monkeypatch.delenv(lookup_cache.CACHE_ENV)
    assert lookup_cache.candidate_folders() == [program, user]
    assert lookup_cache.write_folder() == user
    assert lookup_cache.built_cache() is None
    in_user = _fake_cache(user)
    assert lookup_cache.built_cache() == in_user
    in_program = _fake_cache(program)
    assert lookup_cache.built_cache() == in_program


def test_an_unwritable_cache_folder_only_costs_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "cache").mkdir()
    blocker = tmp_path / "cache" / "a file"
    blocker.write_text("")
    lookup_cache._save({"tables": 1}, blocker / "deduce-x", "x")  # its parent is a file: mkdir fails
    assert "kon niet worden bewaard" in caplog.text
    assert list((tmp_path / "cache").iterdir()) == [blocker]


@pytest.mark.usefixtures("deduce_ready")
def test_a_read_only_program_folder_with_a_built_cache_is_used_and_not_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = lookup_cache.built_cache()
    assert built is not None
    program = tmp_path / "program" / "privacy-cache"
    copy = lookup_cache._versioned(program).joinpath(*lookup_cache._CACHE_FILE)
    copy.parent.mkdir(parents=True)
    try:
        os.link(built, copy)
    except OSError:
        shutil.copyfile(built, copy)
    for folder in (copy.parent, copy.parent.parent, program, program.parent):
        folder.chmod(0o555)
    monkeypatch.setattr(lookup_cache, "_state", lookup_cache._State())
    monkeypatch.delenv(lookup_cache.CACHE_ENV)
    monkeypatch.setattr(lookup_cache, "_program_folder", lambda: program)
    monkeypatch.setattr(lookup_cache, "user_folder", lambda: tmp_path / "user")
    monkeypatch.setattr(
        lookup_cache, "_build", lambda progress: pytest.fail("built although a cache was there")
    )
    before = sorted(p.name for p in program.rglob("*"))
    try:
        assert deidentify.lookup_ready()
        deidentify.prepare_lookup()
        detectors = deidentify.default_detectors(PrivacyContext())
        assert detectors[1].find("Buurman Piet Jansen belde.")
        assert sorted(p.name for p in program.rglob("*")) == before
        assert not (tmp_path / "user").exists()
    finally:
        for folder in (program.parent, program, copy.parent.parent, copy.parent):
            folder.chmod(0o755)


@pytest.mark.usefixtures("deduce_ready")
def test_a_damaged_cache_in_the_program_folder_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = lookup_cache.built_cache()
    assert built is not None
    program, user = tmp_path / "program", tmp_path / "user"
    _fake_cache(program)
    good = lookup_cache._versioned(user).joinpath(*lookup_cache._CACHE_FILE)
    good.parent.mkdir(parents=True)
    try:
        os.link(built, good)
    except OSError:
        shutil.copyfile(built, good)
    monkeypatch.setattr(lookup_cache, "_state", lookup_cache._State())
    monkeypatch.delenv(lookup_cache.CACHE_ENV)
    monkeypatch.setattr(lookup_cache, "_program_folder", lambda: program)
    monkeypatch.setattr(lookup_cache, "user_folder", lambda: user)
    monkeypatch.setattr(
        lookup_cache, "_build", lambda progress: pytest.fail("built although a cache was there")
    )
    assert lookup_cache.built_caches()[0].is_relative_to(program)
    assert lookup_cache.model() is not None


def test_half_written_caches_of_an_interrupted_build_are_cleaned_up(tmp_path: Path) -> None:
    folder = lookup_cache._versioned(tmp_path).joinpath(*lookup_cache._CACHE_FILE).parent
    folder.mkdir(parents=True)
    stale, fresh = folder / "lookup_structs.pickle.1.2.partial", folder / "lookup_structs.pickle.3.4.partial"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(stale, (0, 0))
    lookup_cache._save({"tables": 1}, lookup_cache._versioned(tmp_path), "x")
    assert not stale.exists() and fresh.exists()
    assert (folder / "lookup_structs.pickle").is_file()


def test_prepare_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    calls: list[object] = []

    def fake_prepare(progress: lookup_cache.Progress | None = None) -> None:
        assert progress is not None
        progress(1, 4)
        progress(4, 4)
        calls.append(progress)

    monkeypatch.setattr(deidentify, "prepare_lookup", fake_prepare)
    assert deidentify._main(["--prepare"]) == 0
    assert calls and "Privacyfilter voorbereiden… 100%" in capsys.readouterr().err
    assert deidentify._main([]) == 2


def test_importing_deduce_leaves_the_root_logger_alone() -> None:
    """deduce calls ``logging.basicConfig(stdout, DEBUG)`` on import: in a program that configures
    logging later that would print every library's debug lines to stdout. Run in a fresh process,
    because pytest's own handlers make basicConfig a no-op here."""
    code = (
        "import logging\n"
        "from wiec_desktop.services.privacy import lookup_cache\n"
        "lookup_cache._import_deduce()\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), root.level)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["0", str(logging.WARNING)]
