"""``wiec-desktop export minutes|agenda|ics``: files that reopen, one-line errors with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from sqlalchemy import select

from wiec_desktop.cli.main import main
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus
from wiec_desktop.storage.database import open_database


def _meetings(path: Path) -> tuple[int, int]:
    """(last held meeting, first planned meeting) of the demo database."""
    database = open_database(path)
    try:
        with database.session_factory() as session:
            held = session.scalars(
                select(Meeting.id).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.date.desc())
            ).first()
            planned = session.scalars(
                select(Meeting.id).where(Meeting.status == MeetingStatus.PLANNED).order_by(Meeting.date)
            ).first()
            return held, planned
    finally:
        database.close()


def test_minutes_agenda_and_invitation(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held, planned = _meetings(demo_path)
    minutes, agenda, invitation = (
        tmp_path / "verslag.docx",
        tmp_path / "agenda.docx",
        tmp_path / "uitnodiging.ics",
    )
    assert (
        main(["export", "minutes", "--db", str(demo_path), "--meeting", str(held), "-o", str(minutes)]) == 0
    )
    assert (
        main(["export", "agenda", "--db", str(demo_path), "--meeting", str(planned), "-o", str(agenda)]) == 0
    )
    assert (
        main(
            [
                "export",
                "ics",
                "--db",
                str(demo_path),
                "--meeting",
                str(planned),
                "-o",
                str(invitation),
                "--organiser",
                "Marieke Verbeek <voorzitter@example.nl>",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "Verslag geëxporteerd" in out and "Agenda geëxporteerd" in out and "Uitnodiging geëxporteerd" in out
    )

    headings = [p.text for p in Document(str(minutes)).paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Aanwezig") < headings.index("1. Opening")
    assert any("Actielijst" in h for h in headings)
    assert any(p.text for p in Document(str(agenda)).paragraphs)
    event = next(c for c in Calendar.from_ical(invitation.read_bytes()).walk("VEVENT"))
    assert "voorzitter@example.nl" in str(event["ORGANIZER"])

    database = open_database(demo_path)
    with database.session_factory() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.kind == AuditKind.EXPORT, AuditEvent.entity_type == "meeting")
        ).all()
    database.close()
    assert {e.entity_id for e in exports} >= {held, planned}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["minutes", "--meeting", "999", "-o", "{tmp}/v.docx"], "Overleg 999 bestaat niet"),
        (["minutes", "--meeting", "1", "-o", "{tmp}/v.pdf"], "op .docx eindigt"),
        (["agenda", "--meeting", "1", "-o", "{tmp}/nergens/a.docx"], "bestaat niet"),
        (["minutes", "--meeting", "1", "-o", "{tmp}/v.docx", "--template", "{tmp}/geen.docx"], "sjabloon"),
        (["ics", "--meeting", "1", "-o", "{tmp}/u.ics", "--organiser", "niemand"], "organisator"),
    ],
)
def test_bad_input_gives_one_line_and_writes_nothing(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    out = tmp_path / "uitvoer"
    out.mkdir()
    filled = [a.replace("{tmp}", str(out)) for a in arguments]
    assert main(["export", filled[0], "--db", str(demo_path), *filled[1:]]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert list(out.iterdir()) == []


def test_action_list_all_open_one_meeting_and_one_organisation(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    held, _planned = _meetings(demo_path)
    for name, extra in (
        ("open.xlsx", []),
        ("overleg.xlsx", ["--meeting", str(held)]),
        ("politie.xlsx", ["--organisation", "politie den haag – wijkteam berensteinlaan"]),
    ):
        target = tmp_path / name
        assert main(["export", "actions", "--db", str(demo_path), *extra, "-o", str(target)]) == 0
        workbook = load_workbook(target)
        assert workbook.sheetnames == ["Actielijst", "Per organisatie"]
    assert capsys.readouterr().out.count("Actielijst geëxporteerd") == 3

    assert (
        main(
            [
                "export",
                "actions",
                "--db",
                str(demo_path),
                "--organisation",
                "politie",
                "-o",
                str(tmp_path / "x.xlsx"),
            ]
        )
        == 2
    )
    assert "bestaat niet" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
    both = ["--meeting", "1", "--organisation", "x", "-o", str(tmp_path / "y.xlsx")]
    assert main(["export", "actions", "--db", str(demo_path), *both]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "y.xlsx").exists()


def test_minutes_of_a_planned_meeting_are_refused_and_point_to_the_agenda(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _held, planned = _meetings(demo_path)
    out = tmp_path / "uitvoer"
    out.mkdir()
    target = out / "verslag.docx"
    assert (
        main(["export", "minutes", "--db", str(demo_path), "--meeting", str(planned), "-o", str(target)]) == 2
    )
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and captured.out == ""
    assert f"Overleg {planned} is nog niet gehouden, dus er is nog geen verslag." in err[0]
    assert f"wiec-desktop export agenda --db {demo_path} --meeting {planned} -o AGENDA.docx" in err[0]
    assert list(out.iterdir()) == []


def test_minutes_of_a_cancelled_meeting_and_an_invitation_to_a_held_one_are_refused(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    held, planned = _meetings(demo_path)
    with sqlite3.connect(demo_path) as con:
        con.execute("UPDATE meeting SET status = 'cancelled' WHERE id = ?", (planned,))
    out = tmp_path / "uitvoer"
    out.mkdir()
    assert (
        main(["export", "minutes", "--db", str(demo_path), "--meeting", str(planned), "-o", f"{out}/v.docx"])
        == 2
    )
    assert capsys.readouterr().err.strip() == "wiec-desktop: Dit overleg is geannuleerd; er is geen verslag."
    assert main(["export", "ics", "--db", str(demo_path), "--meeting", str(held), "-o", f"{out}/u.ics"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "wiec-desktop: Dit overleg is al gehouden; een uitnodiging ervoor heeft geen zin meer."
    )
    assert list(out.iterdir()) == []
    # A cancelled meeting's .ics is the cancellation that takes it out of the calendars.
    assert (
        main(["export", "ics", "--db", str(demo_path), "--meeting", str(planned), "-o", f"{out}/u.ics"]) == 0
    )
    assert "STATUS:CANCELLED" in (out / "u.ics").read_text()
