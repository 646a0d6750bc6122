"""The periodic report to policymakers: periods of the cadence against a fixed clock, due-ness before
and after sending, the documents (reopened with python-docx), all or nothing, no recipients, and the
mail through a real aiosmtpd server on 127.0.0.1 with the attachments."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from aiosmtpd.controller import Controller
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from tests.mail_doubles import Recorder, free_port
from wiec_desktop.domain import AuditEvent, Meeting
from wiec_desktop.domain.enums import AuditKind, MeetingStatus, ReportCadence
from wiec_desktop.domain.followup import PeriodicReport
from wiec_desktop.domain.organisations import Assignment
from wiec_desktop.exports import periodic_report
from wiec_desktop.exports.periodic_report import (
    make_periodic_report,
    minutes_name,
    progress_name,
    save_periodic_draft,
)
from wiec_desktop.services.followup.periodic import (
    NO_RECIPIENTS_MESSAGE,
    Period,
    calendar_period,
    periods_between,
    recent_periods,
)
from wiec_desktop.services.mail.settings import MailError, MailSettings
from wiec_desktop.services.registry import Services
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.database import Database

MONTHLY, WEEKLY = ReportCadence.MONTHLY, ReportCadence.WEEKLY
START, END = date(2026, 3, 15), date(2027, 3, 12)  # the demo assignment: a Sunday to a Friday
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def spans(periods: list[Period]) -> list[tuple[date, date]]:
    return [(p.start, p.end) for p in periods]


# --- periods against a fixed clock -----------------------------------------------------------------


def test_monthly_periods_are_calendar_months_within_the_assignment() -> None:
    assert spans(recent_periods(1, MONTHLY, START, END, date(2026, 11, 10))) == [
        (date(2026, 8, 1), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 31)),
    ]
    # The first month starts with the assignment; a month is due only once it has ended.
    assert spans(recent_periods(1, MONTHLY, START, END, date(2026, 3, 31))) == []
    assert spans(recent_periods(1, MONTHLY, START, END, date(2026, 4, 1))) == [
        (date(2026, 3, 15), date(2026, 3, 31))
    ]
    assert spans(recent_periods(1, MONTHLY, START, END, date(2026, 11, 30)))[-1][1] == date(2026, 10, 31)
    assert spans(recent_periods(1, MONTHLY, START, END, date(2026, 12, 1)))[-1] == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    # The last month ends with the assignment: due the day after, not at the month's end.
    assert spans(recent_periods(1, MONTHLY, START, END, date(2027, 3, 12)))[-1][0] == date(2027, 2, 1)
    assert spans(recent_periods(1, MONTHLY, START, END, date(2027, 3, 13))) == [
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 31)),
        (date(2027, 2, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2027, 3, 12)),
    ]
    # Not years back: an assignment long over has nothing due.
    assert recent_periods(1, MONTHLY, START, END, date(2028, 1, 1)) == []


def test_weekly_periods_run_monday_to_sunday() -> None:
    assert spans(recent_periods(1, WEEKLY, START, END, date(2026, 11, 18))) == [
        (date(2026, 10, 19), date(2026, 10, 25)),
        (date(2026, 10, 26), date(2026, 11, 1)),
        (date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 11, 9), date(2026, 11, 15)),
    ]
    # On Sunday the week has not ended; on Monday it has.
    assert spans(recent_periods(1, WEEKLY, START, END, date(2026, 11, 15)))[-1][1] == date(2026, 11, 8)
    assert spans(recent_periods(1, WEEKLY, START, END, date(2026, 11, 16)))[-1][1] == date(2026, 11, 15)
    # The assignment starts on a Sunday: its first week is that one day.
    assert spans(recent_periods(1, WEEKLY, START, END, date(2026, 3, 16))) == [
        (date(2026, 3, 15), date(2026, 3, 15))
    ]
    # Its last week ends on the Friday it ends.
    assert spans(recent_periods(1, WEEKLY, START, END, date(2027, 3, 13)))[-1] == (
        date(2027, 3, 8),
        date(2027, 3, 12),
    )


def test_labels_and_dates_in_dutch() -> None:
    november = Period(1, MONTHLY, date(2026, 11, 1), date(2026, 11, 30))
    assert november.label(date(2026, 12, 3)) == "november"
    assert november.label() == "november 2026"
    assert november.dates == "1 t/m 30 november 2026"
    december = Period(1, MONTHLY, date(2026, 12, 1), date(2026, 12, 31))
    assert december.label(date(2027, 1, 4)) == "december 2026"
    week = Period(1, WEEKLY, date(2026, 11, 16), date(2026, 11, 22))
    assert week.label(date(2026, 11, 25)) == "week 47"
    across = Period(1, WEEKLY, date(2026, 12, 28), date(2027, 1, 3))  # 2026 has 53 ISO weeks
    assert across.label(date(2027, 1, 6)) == "week 53 van 2026"
    assert across.dates == "28 december 2026 t/m 3 januari 2027"
    assert Period(1, WEEKLY, date(2026, 9, 28), date(2026, 10, 4)).dates == "28 september t/m 4 oktober 2026"


@settings(max_examples=150, deadline=None)
@given(
    cadence=st.sampled_from([MONTHLY, WEEKLY]),
    start=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    length=st.integers(0, 500),
)
def test_periods_cover_the_assignment_exactly_once(cadence: ReportCadence, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    periods = periods_between(1, cadence, start, end, date(2000, 1, 1), date(2100, 1, 1))
    assert periods[0].start == start and periods[-1].end == end
    for before, after in pairwise(periods):
        assert after.start == before.end + timedelta(days=1)
    for period in periods:
        first, last = calendar_period(cadence, period.start)
        assert first <= period.start <= period.end <= last  # inside one week or month
        if period.start != start:
            assert period.start == first  # only the first may start late
            assert period.start.weekday() == 0 if cadence is WEEKLY else period.start.day == 1


# --- due-ness in the database -----------------------------------------------------------------------


@pytest.fixture
def clock() -> list[date]:
    """The day the services see; a test moves it."""
    return [date(2026, 11, 10)]


@pytest.fixture
def services(demo_db: Database, clock: list[date]) -> Services:
    return Services(demo_db.session_factory, today=lambda: clock[0])


def set_cadence(database: Database, cadence: ReportCadence) -> None:
    with database.session_factory.begin() as session:
        session.execute(update(Assignment).values(report_cadence=cadence))


def periodic_rows(database: Database) -> list[PeriodicReport]:
    with database.session_factory() as session:
        rows = list(session.scalars(select(PeriodicReport).order_by(PeriodicReport.period_start)))
        session.expunge_all()
        return rows


def test_the_oldest_unsent_period_is_due_first_and_sending_moves_on(
    services: Services, demo_db: Database, clock: list[date]
) -> None:
    periodic = services.periodic_reports
    due = periodic.next_due()
    assert due is not None and due.more_due == 2
    assert (due.period.start, due.period.end) == (date(2026, 8, 1), date(2026, 8, 31))
    assert due.period.label(clock[0]) == "augustus"
    assert [m.date for m in due.meetings] == [date(2026, 8, 11)]  # the held meeting of August
    assert len(due.recipients) == 7

    periodic.record_sent(due.period, 7, ["a.docx"])
    following = periodic.next_due()
    assert following is not None and following.period.start == date(2026, 9, 1) and following.more_due == 1
    for period in periodic.due():
        periodic.record_sent(period, 7, ["a.docx", "b.docx"])
    assert periodic.due() == [] and periodic.next_due() is None
    rows = periodic_rows(demo_db)
    assert [(r.period_start, r.period_end, r.recipients) for r in rows] == [
        (date(2026, 8, 1), date(2026, 8, 31), 7),
        (date(2026, 9, 1), date(2026, 9, 30), 7),
        (date(2026, 10, 1), date(2026, 10, 31), 7),
    ]
    assert all(r.sent_at is not None and r.made_at is not None for r in rows)

    # A month later November is due, and only that.
    clock[0] = date(2026, 12, 2)
    assert [(p.start, p.end) for p in periodic.due()] == [(date(2026, 11, 1), date(2026, 11, 30))]


def test_an_unsent_record_does_not_count_and_weekly_follows_the_cadence(
    services: Services, demo_db: Database, clock: list[date]
) -> None:
    with demo_db.session_factory.begin() as session:
        session.add(
            PeriodicReport(assignment_id=1, period_start=date(2026, 8, 1), period_end=date(2026, 8, 31))
        )
    assert services.periodic_reports.due()[0].start == date(2026, 8, 1)  # made, never sent

    set_cadence(demo_db, WEEKLY)
    clock[0] = date(2026, 11, 4)  # a Wednesday: the week of the meeting of 3 November is not over
    weeks = services.periodic_reports.due()
    assert [(p.start, p.end) for p in weeks] == [
        (date(2026, 10, 5), date(2026, 10, 11)),
        (date(2026, 10, 12), date(2026, 10, 18)),
        (date(2026, 10, 19), date(2026, 10, 25)),
        (date(2026, 10, 26), date(2026, 11, 1)),
    ]
    assert [m.date for m in services.periodic_reports.meetings_in(weeks[0])] == [date(2026, 10, 6)]
    clock[0] = date(2026, 11, 9)
    last = services.periodic_reports.due()[-1]
    assert last.label(clock[0]) == "week 45" and last.dates == "2 t/m 8 november 2026"


def test_only_current_assignments_remind(services: Services, demo_db: Database) -> None:
    with demo_db.session_factory.begin() as session:
        session.execute(update(Assignment).values(is_current=False))
    assert services.periodic_reports.due() == []
    assert len(services.periodic_reports.due(assignment_id=1)) == 3  # asked for by id: still there


# --- the documents ----------------------------------------------------------------------------------


def texts_of(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_report_and_the_period_minutes_are_made_in_the_folder(services: Services, tmp_path: Path) -> None:
    period = services.periodic_reports.due()[-1]  # October: one held meeting (6 October)
    folder = tmp_path / "Rapportages"
    steps: list[tuple[int, int, str]] = []
    made = make_periodic_report(services, period, folder, progress=lambda *step: steps.append(step))
    meeting = services.periodic_reports.meetings_in(period)[0]
    assert [p.name for p in made.files] == [progress_name(period), minutes_name(meeting)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in made.files
    )  # nothing hidden left
    assert [s[:2] for s in steps] == [(0, 2), (1, 2), (2, 2)]

    report = texts_of(made.files[0])
    assert "1 oktober 2026" in report and "31 oktober 2026" in report
    assert "Onafhankelijk voorzitter wijkaanpak Wateringseveld" in report
    minutes = texts_of(made.files[1])
    assert "Casuïstiekoverleg Wateringseveld" in minutes and "6 oktober 2026" in minutes


def test_a_period_without_meetings_gives_only_the_report(
    services: Services, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session_factory.begin() as session:
        session.execute(
            update(Meeting).where(Meeting.date == date(2026, 10, 6)).values(status=MeetingStatus.CANCELLED)
        )
    period = services.periodic_reports.due()[-1]
    made = make_periodic_report(services, period, tmp_path)
    assert [p.name for p in made.files] == [progress_name(period)]
    subject, body = services.periodic_reports.texts(period)
    assert subject == "Rapportage over oktober 2026: Onafhankelijk voorzitter wijkaanpak Wateringseveld"
    assert "In deze periode is geen overleg gehouden" in body


def test_nothing_is_half_written_when_a_document_fails(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = services.periodic_reports.due()[-1]
    folder = tmp_path / "uit"
    folder.mkdir()
    earlier = folder / progress_name(period)
    earlier.write_bytes(b"de vorige rapportage")
    from wiec_desktop.exports.docx import minutes

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(minutes, "write_minutes_docx", broken)
    with pytest.raises(OSError):
        make_periodic_report(services, period, folder)
    assert [p.name for p in folder.iterdir()] == [earlier.name]
    assert earlier.read_bytes() == b"de vorige rapportage"  # the earlier file is untouched

    # A rename that fails half-way takes the renamed documents back.
    monkeypatch.undo()
    calls = {"n": 0}
    real_publish = periodic_report.StagedFile.publish

    def publish_then_fail(self: object) -> Path:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(13, "Permission denied")
        return real_publish(self)  # type: ignore[arg-type]

    monkeypatch.setattr(periodic_report.StagedFile, "publish", publish_then_fail)
    with pytest.raises(OSError):
        make_periodic_report(services, period, folder)
    assert [p.name for p in folder.iterdir()] == [earlier.name]
    assert earlier.read_bytes() == b"de vorige rapportage"


def test_no_recipients_is_said_plainly_and_nothing_is_made(
    services: Services, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session_factory.begin() as session:
        assignment = session.get(Assignment, 1)
        assert assignment is not None
        assignment.recipients.clear()
    due = services.periodic_reports.next_due()
    assert due is not None and due.recipients == ()
    with pytest.raises(ValidationError) as raised:
        make_periodic_report(services, due.period, tmp_path / "uit")
    assert raised.value.errors["recipients"] == NO_RECIPIENTS_MESSAGE
    assert "geen ontvangers" in NO_RECIPIENTS_MESSAGE
    assert not (tmp_path / "uit").exists()
    with pytest.raises(ValidationError):
        services.periodic_reports.compose(due.period, [])


def test_a_period_not_yet_over_is_refused(services: Services, tmp_path: Path) -> None:
    november = Period(1, MONTHLY, date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(ValidationError) as raised:
        make_periodic_report(services, november, tmp_path / "uit")
    assert "nog niet voorbij" in raised.value.errors["period"]
    assert not (tmp_path / "uit").exists()


# --- the mail ---------------------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[tuple[int, Recorder]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, recorder
    controller.stop()


def plain_settings(port: int) -> MailSettings:
    return MailSettings(
        host="127.0.0.1",
        port=port,
        security="none",
        sender_address="voorzitter@wiec.example.nl",
        sender_name="Marieke Verbeek",
        timeout=10,
    )


def send_events(database: Database) -> list[AuditEvent]:
    with database.session_factory() as session:
        events = list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.kind.in_([AuditKind.SEND, AuditKind.EXPORT]))
                .where(AuditEvent.entity_type == "assignment")
                .order_by(AuditEvent.id)
            )
        )
        session.expunge_all()
        return events


def test_the_report_goes_to_the_recipients_through_a_real_smtp_server(
    services: Services, demo_db: Database, tmp_path: Path, smtp: tuple[int, Recorder]
) -> None:
    port, recorder = smtp
    periodic = services.periodic_reports
    period = periodic.due()[0]  # August
    settings = plain_settings(port)
    made = make_periodic_report(services, period, tmp_path)
    message = periodic.compose(period, made.files, sender=settings)
    result = periodic.send(message, settings, None, period, made_at=made.made_at)

    recipients = [address for _name, address in periodic.recipients(1)]
    assert result.recorded and sorted(result.accepted) == sorted(recipients)
    assert len(recorder.envelopes) == 1
    envelope = recorder.envelopes[0]
    assert envelope.mail_from == "voorzitter@wiec.example.nl"
    assert sorted(envelope.rcpt_tos) == sorted(recipients)
    got = message_from_bytes(envelope.content, policy=policy.default)
    assert isinstance(got, EmailMessage)
    assert (
        got["Subject"] == "Rapportage over augustus 2026: Onafhankelijk voorzitter wijkaanpak Wateringseveld"
    )
    assert got["Bcc"] is None and "undisclosed-recipients" in str(got["To"])  # nobody sees the others
    body = got.get_body(("plain",)).get_content()
    assert "voortgangsrapportage over augustus (1 t/m 31 augustus 2026)" in body
    assert "Casuïstiekoverleg Wateringseveld van dinsdag 11 augustus 2026 (vastgesteld)" in body
    assert body.rstrip().endswith("Marieke Verbeek")
    parts = list(got.iter_attachments())
    assert [p.get_filename() for p in parts] == [f.name for f in made.files]
    assert [p.get_content_type() for p in parts] == [DOCX, DOCX]
    reopened = docx.Document(io.BytesIO(parts[0].get_content()))
    assert any("31 augustus 2026" in p.text for p in reopened.paragraphs)

    rows = periodic_rows(demo_db)
    assert [(r.period_start, r.period_end, r.recipients) for r in rows] == [
        (date(2026, 8, 1), date(2026, 8, 31), len(recipients))
    ]
    assert rows[0].sent_at is not None and rows[0].made_at <= rows[0].sent_at
    events = send_events(demo_db)
    assert len(events) == 1 and events[0].kind == AuditKind.SEND and events[0].entity_id == 1
    assert events[0].detail == (
        f"periodieke rapportage 2026-08-01 t/m 2026-08-31 verzonden (Word) aan {len(recipients)} ontvangers"
    )
    assert periodic.due()[0].start == date(2026, 9, 1)  # August is done


def test_a_failed_send_records_nothing(services: Services, demo_db: Database, tmp_path: Path) -> None:
    periodic = services.periodic_reports
    period = periodic.due()[0]
    made = make_periodic_report(services, period, tmp_path)
    settings = plain_settings(free_port())  # nobody listens
    with pytest.raises(MailError, match="niet bereikbaar"):
        periodic.send(periodic.compose(period, made.files), settings, None, period)
    assert periodic_rows(demo_db) == [] and send_events(demo_db) == []
    assert periodic.due()[0] == period


def test_a_draft_is_saved_beside_the_documents_and_counts(
    services: Services, demo_db: Database, tmp_path: Path
) -> None:
    periodic = services.periodic_reports
    period = periodic.due()[0]
    made = make_periodic_report(services, period, tmp_path)
    message = periodic.compose(period, made.files, blind=False)
    draft = save_periodic_draft(services, message, made, tmp_path)
    assert draft.name == "rapportage-2026-08-01-2026-08-31.eml"
    saved = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert saved["X-Unsent"] == "1" and len(saved["To"].addresses) == 7
    assert len(list(saved.iter_attachments())) == 2
    events = send_events(demo_db)
    assert len(events) == 1 and events[0].kind == AuditKind.EXPORT
    assert "concept-e-mail (Word) aan 7 ontvangers" in events[0].detail
    assert periodic.due()[0].start == date(2026, 9, 1)
