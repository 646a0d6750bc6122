"""``wiec-desktop import updates``: the preview one line per action grouped per file, --accept-all
takes in what is no conflict, conflicts only with --accept-conflicts, refused files exit 2."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.followup.partner_workbook_fixture import (
    A1,
    A2,
    A3,
    TODAY,
    World,
    build_world,
    send_list,
    type_answer,
)
from wiec_desktop.cli.main import main
from wiec_desktop.domain import Action
from wiec_desktop.domain.enums import ActionStatus
from wiec_desktop.storage.database import open_database


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Path, Path, World]]:
    """A database (closed again) with the police's list sent and answered."""
    db_path = tmp_path / "wijk.sqlite"
    database = open_database(db_path, create=True)
    world = build_world(database)
    path = tmp_path / "politie.xlsx"
    send_list(database.session_factory, path, world.police, sent_on=TODAY)
    world.services.actions.record_update(world.refs[A2], ActionStatus.IN_PROGRESS, note="In overleg")
    database.close()
    type_answer(path, A1, status="Gereed", progress="Drie avonden gelopen")
    type_answer(path, A2, new_due=date(2027, 1, 15))
    yield db_path, path, world


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's clock on the fixture's day (dates in the past are refused)."""
    import wiec_desktop.services.registry as registry

    original = registry.Services.__init__

    def with_today(self: registry.Services, session_factory: object, today: object = None) -> None:
        original(self, session_factory, lambda: TODAY)  # type: ignore[arg-type]

    monkeypatch.setattr(registry.Services, "__init__", with_today)


def statuses(db_path: Path) -> dict[str, ActionStatus]:
    database = open_database(db_path)
    try:
        with database.session_factory() as session:
            return {action.reference: action.status for action in session.scalars(select(Action))}
    finally:
        database.close()


def test_the_preview_is_one_line_per_action_and_writes_nothing(
    setup: tuple[Path, Path, World], capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, path, _world = setup

    assert main(["import", "updates", "--db", str(db_path), str(path)]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "politie.xlsx — Politie Haaglanden, actielijst van 12-11-2026"
    assert out[1] == f"  {A1} — Wijziging — Status: Open → Gereed; Voortgang: Drie avonden gelopen"
    assert out[2] == (
        f"  {A2} — Conflict — Deadline: 15-12-2026 → 15-01-2027 — in het programma: status Loopt, "
        "deadline 15-12-2026, laatste voortgang 12-11-2026 Loopt — In overleg"
    )
    assert out[3] == f"  {A3} — Geen wijziging"
    assert out[4] == "Er is niets overgenomen. Neem 1 wijziging over met --accept-all."
    assert statuses(db_path)[A1] is ActionStatus.OPEN


def test_dry_run_says_so(setup: tuple[Path, Path, World], capsys: pytest.CaptureFixture[str]) -> None:
    db_path, path, _world = setup
    assert main(["import", "updates", "--db", str(db_path), "--dry-run", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Proefronde: er is niets overgenomen."


def test_accept_all_leaves_conflicts_unless_asked(
    setup: tuple[Path, Path, World], capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, path, _world = setup

    assert main(["import", "updates", "--db", str(db_path), "--accept-all", str(path)]) == 0

    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 wijziging overgenomen. 1 conflict niet overgenomen (zie --accept-conflicts)."
    )
    assert statuses(db_path)[A1] is ActionStatus.DONE

    args = ["import", "updates", "--db", str(db_path), "--accept-all", "--accept-conflicts", str(path)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  {A1} — Al ingelezen" in out  # the second import adds nothing for A1
    assert out[0].startswith(
        "politie.xlsx — Politie Haaglanden, actielijst van 12-11-2026 (eerder ingelezen op "
    )
    assert out[-1] == "1 wijziging overgenomen."


def test_a_refused_file_is_exit_2_and_nothing_is_written(
    setup: tuple[Path, Path, World], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, path, _world = setup
    other = tmp_path / "kapot.xlsx"
    other.write_bytes(b"geen werkmap")

    assert main(["import", "updates", "--db", str(db_path), "--accept-all", str(path), str(other)]) == 2

    captured = capsys.readouterr()
    assert captured.err.startswith(
        "wiec-desktop: kapot.xlsx: Het bestand is beschadigd of geen Excel-werkmap"
    )
    assert captured.out.splitlines()[-1] == "Er is niets overgenomen."
    assert statuses(db_path)[A1] is ActionStatus.OPEN


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        (["--accept-conflicts"], "wiec-desktop: --accept-conflicts gaat alleen samen met --accept-all."),
        (["--accept-all", "--dry-run"], "wiec-desktop: --dry-run gaat niet samen met --accept-all"),
        (["weg.xlsx"], "wiec-desktop: weg.xlsx bestaat niet of is geen bestand."),
    ],
)
def test_bad_input_is_exit_2(
    setup: tuple[Path, Path, World],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    start: str,
) -> None:
    db_path, path, _world = setup
    monkeypatch.chdir(path.parent)
    assert main(["import", "updates", "--db", str(db_path), *extra, path.name]) == 2
    assert capsys.readouterr().err.startswith(start)
    assert statuses(db_path)[A1] is ActionStatus.OPEN
