"""How fast are the Word minutes of a big meeting, compared with a bare python-docx script?

Not a test: builds the minutes of a 40-item meeting with 200 new actions (and so a 200-row action
list) in memory as ``MinutesData`` (no database), then times, in the same run:

- ``write_minutes_docx`` on the shipped template (styles, safe text, fields, atomic save), and
- a bare python-docx script writing the same paragraphs, the same details and action tables and a
  footer line to a file, in python-docx's idiomatic way (``add_paragraph``, ``add_row().cells``).

Each figure is the best of ``--repeat`` runs (after one warm-up run of each), in milliseconds:

    .venv/bin/python benchmarks/minutes_benchmark.py
    .venv/bin/python benchmarks/minutes_benchmark.py --items 40 --actions 200 --repeat 5

Target: the export within 1.3× of the bare script. ``--profile`` prints the top of a cProfile of
one export run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from wiec_desktop.domain.enums import (  # noqa: E402
    ActionStatus,
    AgendaItemKind,
    AgendaItemState,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from wiec_desktop.exports.docx.minutes import write_minutes_docx  # noqa: E402
from wiec_desktop.services.formatting import long_date, short_date  # noqa: E402
from wiec_desktop.services.meetings.minutes_data import (  # noqa: E402
    ActionLine,
    MeetingInfo,
    MinutesData,
    MinutesItem,
    NextMeeting,
    Person,
)

TODAY = date(2026, 11, 10)
ORGANISATIONS = (
    "Stadsdeel Escamp",
    "Politie Den Haag – wijkteam Berensteinlaan",
    "Woonstichting Haagwonen-Zuid",
    "Welzijnsstichting Escamp Samen",
    "Jongerenwerk Haagse Kracht",
    "Wijkzorgteam Escamp-Zuid",
)
MINUTES = (
    "De voorzitter licht de stand van zaken toe; de partners herkennen het beeld.\n"
    "De overlast is iets afgenomen maar niet verdwenen; bewoners melden nog steeds geluidsoverlast.\n"
    "Afgesproken is dat de partners hun inzet beter op elkaar afstemmen."
)


def build_data(items: int, actions: int) -> MinutesData:
    """A held meeting with ``items`` agenda items and ``actions`` new actions spread over them."""
    meeting = MeetingInfo(
        id=1,
        kind=MeetingKind.CASE_MEETING,
        title="Casuïstiekoverleg Wateringseveld",
        areas=("Wateringseveld",),
        date=date(2026, 11, 3),
        start_time=clock_time(9, 30),
        end_time=clock_time(11, 30),
        location="Wijkcentrum De Dreef, zaal 2",
        chair="Marieke Verbeek",
        minute_taker="Marieke Verbeek",
        status=MeetingStatus.HELD,
    )
    lines = []
    for number in range(1, actions + 1):
        item_number = (number - 1) % items + 1
        lines.append(
            ActionLine(
                reference=f"A-2026-{number:03d}",
                description=f"Gesprek met de ouders van de vaste groep jongeren organiseren ({number}).",
                organisation=ORGANISATIONS[number % len(ORGANISATIONS)],
                contact="Rob Hendriks" if number % 3 else "",
                due_date=date(2026, 11, 3) + timedelta(days=number % 60),
                status=ActionStatus.OPEN if number % 4 else ActionStatus.IN_PROGRESS,
                overdue=number % 9 == 0,
                made_here=True,
                agenda_item_id=item_number,
            )
        )
    agenda = tuple(
        MinutesItem(
            id=number,
            number=number,
            kind=AgendaItemKind.CASE,
            title=f"2026-{number:03d} Overlast rond jongerenhuiskamer {number}",
            presenter="Rob Hendriks",
            state=AgendaItemState.DONE,
            minutes=MINUTES,
            decisions=(f"De casus wordt over een maand opnieuw geagendeerd ({number}).",),
            new_actions=tuple(line for line in lines if line.agenda_item_id == number),
        )
        for number in range(1, items + 1)
    )
    people = tuple(Person(f"Deelnemer {n}", ORGANISATIONS[n % len(ORGANISATIONS)]) for n in range(14))
    return MinutesData(
        meeting=meeting,
        minutes_status=MinutesStatus.DRAFT,
        approved_on=None,
        corrections="",
        present=people[:11],
        excused=people[11:],
        items=agenda,
        actions=tuple(lines),
        next_meeting=NextMeeting(date(2026, 12, 1), clock_time(9, 30), "Buurthuis De Gaarde"),
        as_of=TODAY,
    )


def bare_script(data: MinutesData, target: Path, *, styled: bool = True) -> None:
    """The same text and tables with plain python-docx on its default template (``styled=False``:
    without any paragraph, run or table style, python-docx's lower bound for the same text)."""
    document = Document()
    if not styled:
        _unstyled(document)
    meeting = data.meeting
    document.add_paragraph("CONCEPT – dit verslag is nog niet vastgesteld")
    document.add_paragraph(f"Verslag {meeting.heading}", "Title")
    document.add_paragraph(long_date(meeting.date), "Subtitle")
    details = document.add_table(rows=0, cols=2)
    if styled:
        details.style = "Table Grid"
    for label, value in (
        ("Datum", long_date(meeting.date)),
        ("Tijd", "09:30 – 11:30 uur"),
        ("Locatie", meeting.location),
        ("Voorzitter", meeting.chair),
        ("Notulist", meeting.minute_taker),
        ("Verslag", "Concept, nog niet vastgesteld"),
    ):
        cells = details.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph("Aanwezig", "Heading 2")
    for person in data.present:
        document.add_paragraph(f"{person.name}, {person.organisation}", "List Bullet")
    document.add_paragraph("Afwezig met bericht", "Heading 2")
    for person in data.excused:
        document.add_paragraph(f"{person.name}, {person.organisation}", "List Bullet")
    for item in data.items:
        document.add_paragraph(f"{item.number}. {item.title}", "Heading 1")
        for line in item.minutes.split("\n"):
            document.add_paragraph(line)
        for decision in item.decisions:
            paragraph = document.add_paragraph()
            paragraph.add_run("Besluit: ").bold = styled
            paragraph.add_run(decision)
        document.add_paragraph().add_run("Nieuwe acties:").bold = styled
        for action in item.new_actions:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(action.reference).bold = styled
            paragraph.add_run(f" {action.description} — {action.who}, deadline {short_date(action.due_date)}")
    document.add_paragraph("Actielijst", "Heading 1")
    document.add_paragraph(f"Stand per {long_date(data.as_of)}.", "Caption")
    table = document.add_table(rows=1, cols=5)
    if styled:
        table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Nr.", "Actie", "Wie", "Deadline", "Status"), strict=True):
        cell.text = text
    for action in data.actions:
        cells = table.add_row().cells
        cells[0].text = action.reference
        cells[1].text = action.description
        cells[2].text = action.who
        cells[3].text = short_date(action.due_date)
        cells[4].text = action.status.label
    footer = document.sections[0].footer
    footer.paragraphs[0].text = f"Verslag {meeting.heading}, {short_date(meeting.date)}\tPagina 1 van 1"
    footer.add_paragraph("Volgend overleg: dinsdag 1 december 2026, 09:30 uur")
    document.save(str(target))


def _unstyled(document: object) -> None:
    """Make the document ignore style names (every ``style=`` argument and assignment is a no-op)."""
    original = document.add_paragraph  # type: ignore[attr-defined]

    def add_paragraph(text: str = "", style: object = None) -> object:
        return original(text)

    document.add_paragraph = add_paragraph  # type: ignore[attr-defined]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def measure_minutes(items: int = 40, actions: int = 200, repeat: int = 5) -> dict[str, float]:
    """Best-of-``repeat`` ms of the export, the bare script and the unstyled bare script (and sizes)."""
    data = build_data(items, actions)
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "verslag.docx"
        bare = Path(folder) / "bare.docx"
        export_ms = best_of(repeat, lambda: write_minutes_docx(data, ours))
        bare_ms = best_of(repeat, lambda: bare_script(data, bare))
        plain_ms = best_of(repeat, lambda: bare_script(data, bare, styled=False))
        sizes = (ours.stat().st_size // 1024, bare.stat().st_size // 1024)
    return {
        "export_ms": export_ms,
        "bare_ms": bare_ms,
        "plain_ms": plain_ms,
        "export_kib": sizes[0],
        "bare_kib": sizes[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one export run")
    args = parser.parse_args()
    if args.profile:
        data = build_data(args.items, args.actions)
        with tempfile.TemporaryDirectory() as folder:
            profile = cProfile.Profile()
            profile.runcall(write_minutes_docx, data, Path(folder) / "verslag.docx")
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    result = measure_minutes(args.items, args.actions, args.repeat)
    export_ms, bare_ms, plain_ms = result["export_ms"], result["bare_ms"], result["plain_ms"]
    sizes = (result["export_kib"], result["bare_kib"])
    ratio = export_ms / bare_ms
    print(f"Minutes of {args.items} items with {args.actions} actions, best of {args.repeat} (ms)\n")
    print("| what | ms | file KiB |")
    print("|---|---:|---:|")
    print(f"| write_minutes_docx (template, styles, fields, atomic save) | {export_ms:.1f} | {sizes[0]} |")
    print(f"| bare python-docx script, same paragraphs and tables | {bare_ms:.1f} | {sizes[1]} |")
    print(f"| bare python-docx script without any styles (lower bound) | {plain_ms:.1f} | |")
    print(f"| ratio export / bare script | {ratio:.2f}× | |")
    print(f"| ratio export / unstyled bare script | {export_ms / plain_ms:.2f}× | |")
    print(f"\nTarget ≤ 1.30×: {'met' if ratio <= 1.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
