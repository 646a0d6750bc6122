"""``--intern`` and ``--password-file`` on the exports: the policymakers' variant by default with
the number of replacements per kind printed (never an original), the intern variant only when
asked (its name says so), a password read from a file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import DEMO_TODAY
from tests.services.privacy.deduce_cache import use_test_cache
from wiec_desktop.cli.main import main
from wiec_desktop.domain import AgendaItem, Meeting
from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.domain.inventory import Address, Resident
from wiec_desktop.exports.protection import decrypt, is_protected
from wiec_desktop.services.privacy.redaction import INTERNAL_FILE_SUFFIX, INTERNAL_MARK
from wiec_desktop.storage.database import open_database

TEXT = "Emine Sitaldin (Ruinenlaan 39, 06-27254302, emine@example.nl) belde over buurman Piet Jansen."


@pytest.fixture(scope="module", autouse=True)
def lookup_ready() -> None:
    """deduce's lookup tables from the tests' stable cache (built once per machine)."""
    use_test_cache()


@pytest.fixture
def held(demo_path: Path) -> int:
    database = open_database(demo_path)
    try:
        with database.session_factory.begin() as session:
            meeting = session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)).first()
            assert meeting is not None
            item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
            assert item is not None
            item.minutes = TEXT
            address = Address(street="Ruinenlaan", number=39, addition="", postcode="2573 XK")
            session.add(address)
            session.flush()
            session.add(Resident(address_id=address.id, name="Emine Sitaldin", consent_on=DEMO_TODAY))
            return meeting.id
    finally:
        database.close()


def test_the_default_is_for_policymakers_and_prints_the_count_only(
    demo_path: Path, held: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "verslag.docx"
    assert main(["export", "minutes", "--db", str(demo_path), "--meeting", str(held), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "voor beleid: " in out and "vervangingen: " in out and "namen" in out and "1 telefoonnummer" in out
    for original in ("Sitaldin", "Piet Jansen", "27254302", "emine@example.nl", "Ruinenlaan 39"):
        assert original not in out
    assert target.is_file() and not (tmp_path / f"verslag-{INTERNAL_FILE_SUFFIX}.docx").exists()


def test_intern_with_a_password_file(
    demo_path: Path, held: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password_file = tmp_path / "wachtwoord.txt"
    password_file.write_text("zomer-2026-blauw\n", encoding="utf-8")
    target = tmp_path / "acties.xlsx"
    command = ["export", "actions", "--db", str(demo_path), "-o", str(target)]
    assert main([*command, "--intern", "--password-file", str(password_file)]) == 0
    out = capsys.readouterr().out
    written = tmp_path / f"acties-{INTERNAL_FILE_SUFFIX}.xlsx"
    assert str(written) in out and "intern" in out and "wachtwoord" in out
    assert "zomer-2026-blauw" not in out
    assert is_protected(written) and not target.exists()
    workbook = load_workbook(io.BytesIO(decrypt(written, "zomer-2026-blauw")))
    assert all(sheet["A1"].value == INTERNAL_MARK for sheet in workbook.worksheets)


def test_an_empty_password_file_is_refused(
    demo_path: Path, held: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_text("\n", encoding="utf-8")
    target = tmp_path / "verslag.docx"
    command = ["export", "minutes", "--db", str(demo_path), "--meeting", str(held), "-o", str(target)]
    assert main([*command, "--password-file", str(empty)]) == 2
    assert "leeg" in capsys.readouterr().err
    assert not target.exists()


def test_reports_and_the_invitation_take_the_options(
    demo_path: Path, held: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "rapport.docx"
    assert main(["export", "report", "--db", str(demo_path), "-o", str(report), "--intern"]) == 0
    assert (tmp_path / f"rapport-{INTERNAL_FILE_SUFFIX}.docx").is_file()
    database = open_database(demo_path)
    with database.session_factory() as session:
        planned = session.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED)).first()
    database.close()
    invitation = tmp_path / "uitnodiging.ics"
    assert (
        main(["export", "ics", "--db", str(demo_path), "--meeting", str(planned), "-o", str(invitation)]) == 0
    )
    assert "voor beleid" in capsys.readouterr().out
    # a calendar file cannot have a password: argparse refuses the option
    ics = ["export", "ics", "--db", str(demo_path), "--meeting", str(planned), "-o", str(invitation)]
    assert main([*ics, "--password-file", str(tmp_path / "p")]) == 2
