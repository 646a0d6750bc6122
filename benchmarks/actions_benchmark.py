"""How fast is the Excel action list with 50,000 actions, next to a bare openpyxl script?

Not a test: builds an ``ActionList`` of ``--rows`` actions in memory (no database), then times, in
the same run and alternating, best of ``--repeat``:

- ``write_actions_xlsx`` — the real export: table, validation, conditional formatting, print setup,
  the "Per organisatie" sheet, safe text, date formats, atomic save;
- a bare openpyxl write-only script writing the same cells (the same strings and dates, one header
  row) to one sheet, nothing else.

Both wall-clock and CPU time (of this process) are shown: on a busy machine the CPU time is the
steadier figure. ``write_actions_xlsx`` includes the ``fsync`` of its atomic save.

    .venv/bin/python benchmarks/actions_benchmark.py
    .venv/bin/python benchmarks/actions_benchmark.py --rows 5000 --repeat 5

Prints a Markdown table (seconds, ratio); the target is at most 1.3× the bare script.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from wiec_desktop.domain.enums import ActionStatus  # noqa: E402
from wiec_desktop.exports.xlsx.actions import HEADERS, write_actions_xlsx  # noqa: E402
from wiec_desktop.services.actions.action_list import (  # noqa: E402
    ActionList,
    ActionListRow,
    count_per_organisation,
)

TODAY = date(2026, 11, 10)
VERBS = ("Contact opnemen met", "Huisbezoek afleggen bij", "Melding doen over", "Overleg plannen met",
         "Schouw houden rond", "Terugkoppelen aan", "Handhaving inzetten bij",
         "Brief sturen aan")  # fmt: skip
OBJECTS = ("de bewoners van de Dreef", "de hangplek bij het winkelcentrum", "de verhuurder van portiek 12",
           "de school over de verkeersveiligheid", "het buurtteam en de wijkagent",
           "de eigenaar van het braakliggende terrein", "de jongerenwerker en de ouders")  # fmt: skip
NOTES = ("", "", "Gestart; eerste gesprekken gevoerd.", "Uitgesteld wegens capaciteit.",
         "Wacht op reactie van de corporatie.", "Afgerond, terugkoppeling volgt in het overleg.")  # fmt: skip
DETAILS = (
    "Afstemmen met de wijkagent en de corporatie wie de bewoners informeert en wanneer.",
    "Eerst navragen of het buurtteam al contact heeft gehad, dan een gezamenlijk bezoek plannen.",
    "Terugkoppelen in het volgende overleg, met de reactie van de eigenaar en de planning.",
)
FIRST = ("Anna", "Mohamed", "Petra", "Ahmed", "Sanne", "Kees", "Fatima", "Joost", "Noor", "Daan")
LAST = ("de Vries", "El Idrissi", "Schouten", "Jansen", "Bakker", "Yilmaz", "de Graaf", "Visser")


def build_list(count: int, seed: int = 5, long_every: int = 7) -> ActionList:
    """``count`` varied rows over 40 organisations; one description in ``long_every`` is long
    (several lines: a taller row, all its cells aligned to the top), one in 97 looks like a formula."""
    rng = random.Random(seed)
    kinds = ("wijkteam", "stadsdeel", "welzijn")
    organisations = [f"Organisatie {n:02d} – {rng.choice(kinds)}" for n in range(40)]
    statuses = list(ActionStatus)
    rows = []
    for number in range(1, count + 1):
        created = TODAY - timedelta(days=rng.randrange(0, 400))
        status = rng.choices(statuses, weights=(5, 3, 3, 1))[0]
        due = created + timedelta(days=rng.randrange(7, 90)) if rng.random() < 0.9 else None
        description = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        if number % long_every == 0:  # a longer action: two lines or more, the row grows
            description += f" {rng.choice(DETAILS)} (punt {number})"
        if number % 97 == 0:
            description = "=" + description  # looks like a formula: stays text
        rows.append(
            ActionListRow(
                action_id=number,
                reference=f"A-{created.year}-{number:05d}",
                description=description,
                owner_organisation=rng.choice(organisations),
                contact=f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.85 else "",
                case_reference=f"{created.year}-{rng.randrange(1, 999):03d}" if rng.random() < 0.8 else "",
                created_on=created,
                due_date=due,
                status=status,
                completed_on=created + timedelta(days=5) if status is ActionStatus.DONE else None,
                meeting_date=created if rng.random() < 0.9 else None,
                last_update_note=rng.choice(NOTES),
            )
        )
    frozen = tuple(rows)
    return ActionList(
        title="Actielijst",
        generated_on=TODAY,
        scope_description="Alle acties (benchmark)",
        rows=frozen,
        per_organisation=count_per_organisation(frozen, TODAY),
    )


def bare_openpyxl(data: ActionList, target: Path) -> None:
    """The baseline: the same values (strings and dates) in a write-only sheet, saved, nothing else."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Actielijst")
    sheet.append(list(HEADERS))
    for row in data.rows:
        sheet.append(
            [
                row.reference,
                row.description,
                row.owner_organisation,
                row.contact or None,
                row.case_reference or None,
                row.created_on,
                row.due_date,
                row.status.label,
                row.completed_on,
                row.meeting_date,
                row.last_update_note or None,
            ]
        )
    workbook.save(target)


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_actions(rows: int = 50_000, repeat: int = 3, long_every: int = 7) -> dict[str, float]:
    """Best-of-``repeat`` wall and CPU seconds of the export and the bare openpyxl script (and sizes)."""
    print(f"building {rows:,} rows …", file=sys.stderr)
    data = build_list(rows, long_every=long_every)
    # Formula-looking descriptions in the baseline would be written as formulas: keep the same text
    # as the export writes, but the bare script gets plain text (it is the cost floor, not a file).
    plain = ActionList(
        data.title,
        data.generated_on,
        data.scope_description,
        tuple(_unformula(row) for row in data.rows),
        data.per_organisation,
    )
    with tempfile.TemporaryDirectory(prefix="actions-bench-") as folder:
        export_target = Path(folder) / "actielijst.xlsx"
        bare_target = Path(folder) / "bare.xlsx"
        export_times: list[tuple[float, float]] = []
        bare_times: list[tuple[float, float]] = []
        for round_number in range(repeat):  # alternate, so both see the same machine state
            print(f"round {round_number + 1}/{repeat} …", file=sys.stderr)
            bare_times.append(timed(lambda: bare_openpyxl(plain, bare_target)))
            export_times.append(timed(lambda: write_actions_xlsx(data, export_target, TODAY)))
        export_size = export_target.stat().st_size
        bare_size = bare_target.stat().st_size
    bare_wall, bare_cpu = (min(times) for times in zip(*bare_times, strict=True))
    wall, cpu = (min(times) for times in zip(*export_times, strict=True))
    return {
        "export_wall_s": wall,
        "export_cpu_s": cpu,
        "bare_wall_s": bare_wall,
        "bare_cpu_s": bare_cpu,
        "export_bytes": export_size,
        "bare_bytes": bare_size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--long-every", type=int, default=7, help="one description in N spans several lines (1: all)"
    )
    args = parser.parse_args(argv)

    result = measure_actions(args.rows, args.repeat, args.long_every)
    bare_wall, bare_cpu, bare_size = result["bare_wall_s"], result["bare_cpu_s"], result["bare_bytes"]
    wall, cpu, export_size = result["export_wall_s"], result["export_cpu_s"], result["export_bytes"]
    tall = f"1 in {args.long_every}" if args.long_every > 1 else "all"
    print(
        f"\n{args.rows:,} actions ({tall} with a description of several lines), best of {args.repeat} "
        "(seconds; CPU = this process only)\n"
    )
    print("| what | wall (s) | CPU (s) | file size | ratio wall | ratio CPU |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| bare openpyxl write-only (same cells) | {bare_wall:.2f} | {bare_cpu:.2f} "
        f"| {bare_size / 1e6:.1f} MB | 1.00 | 1.00 |"
    )
    print(
        f"| `write_actions_xlsx` | {wall:.2f} | {cpu:.2f} | {export_size / 1e6:.1f} MB "
        f"| {wall / bare_wall:.2f} | {cpu / bare_cpu:.2f} |"
    )
    return 0


def _unformula(row: ActionListRow) -> ActionListRow:
    if not row.description.startswith("="):
        return row
    from dataclasses import replace

    return replace(row, description="'" + row.description)


if __name__ == "__main__":
    raise SystemExit(main())
