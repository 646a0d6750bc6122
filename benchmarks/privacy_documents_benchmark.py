"""What does the policymakers' variant cost, next to the intern variant of the same document?

Not a test: builds in memory (no database) the minutes of a 40-item meeting with 200 new actions
(``minutes_benchmark.build_data``) and the 50,000-row action list (``actions_benchmark.build_list``),
with residents' names, phone numbers, e-mail addresses and addresses planted in one text in
``--plant-every``; then times, in the same run and alternating, best of ``--repeat``:

- the intern variant: the writer with the intern mark (``internal=True``), nothing redacted;
- the policymakers' variant: ``services/privacy/documents.prepare`` (the pattern detector, deduce
  and the known surnames over every text of the document) and then the same writer.

deduce's lookup tables are loaded before the first round (they are built ahead, see
``services/privacy/lookup_cache.py``). Wall-clock and CPU seconds of this process are shown.

    .venv/bin/python benchmarks/privacy_documents_benchmark.py
    .venv/bin/python benchmarks/privacy_documents_benchmark.py --rows 5000 --repeat 2

Prints a Markdown table; the target is the policymakers' variant within 1.5× of the intern one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from actions_benchmark import FIRST, LAST, TODAY, build_list  # noqa: E402
from minutes_benchmark import ORGANISATIONS, build_data  # noqa: E402

from wiec_desktop.exports.docx.minutes import write_minutes_docx  # noqa: E402
from wiec_desktop.exports.xlsx.actions import write_actions_xlsx  # noqa: E402
from wiec_desktop.services.actions.action_list import ActionList  # noqa: E402
from wiec_desktop.services.meetings.minutes_data import MinutesData  # noqa: E402
from wiec_desktop.services.privacy.deidentify import prepare_lookup  # noqa: E402
from wiec_desktop.services.privacy.documents import prepare  # noqa: E402
from wiec_desktop.services.privacy.redaction import PrivacyContext  # noqa: E402

RESIDENTS = ("Emine Sitaldin", "Piet Jansen", "Gerda Mulder-Haan", "Youssef Amrani")
PLANTED = (
    " Buurvrouw {name} (Ruinenlaan {n}, 06-2725{n:04d}, bewoner{n}@example.nl) belt terug.",
    " Volgens mevrouw {name} speelt dit al langer.",
)


def context() -> PrivacyContext:
    """What the database would know: the residents, the contacts as professionals, the streets."""
    return PrivacyContext(
        residents=frozenset(RESIDENTS),
        professionals=frozenset(f"{first} {last}" for first in FIRST for last in LAST),
        organisations=frozenset(ORGANISATIONS),
        streets=frozenset({"Ruinenlaan", "Dreef", "Kastanjelaan"}),
    )


def planted_list(rows: int, every: int) -> ActionList:
    data = build_list(rows)
    changed = tuple(
        replace(row, description=row.description + PLANTED[n % 2].format(name=RESIDENTS[n % 4], n=n))
        if n % every == 0
        else row
        for n, row in enumerate(data.rows)
    )
    return replace(data, rows=changed)


def planted_minutes(every: int) -> MinutesData:
    data = build_data(40, 200)
    items = tuple(
        replace(item, minutes=item.minutes + PLANTED[n % 2].format(name=RESIDENTS[n % 4], n=n))
        if n % max(1, every // 10) == 0
        else item
        for n, item in enumerate(data.items)
    )
    return replace(data, items=items)


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plant-every", type=int, default=50, help="one text in N names a resident")
    args = parser.parse_args(argv)

    print("loading the lookup tables …", file=sys.stderr)
    prepare_lookup()
    ctx = context()
    minutes = planted_minutes(args.plant_every)
    actions = planted_list(args.rows, args.plant_every)
    results: dict[str, dict[str, list[tuple[float, float]]]] = {}
    replaced: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="privacy-bench-") as folder:
        base = Path(folder)

        def minutes_intern() -> None:
            write_minutes_docx(minutes, base / "verslag-intern.docx", internal=True)

        def minutes_policy() -> None:
            data, made = prepare(ctx, minutes)
            replaced["minutes (40 items)"] = len(made)
            write_minutes_docx(data, base / "verslag.docx")

        def actions_intern() -> None:
            write_actions_xlsx(actions, base / "acties-intern.xlsx", TODAY, internal=True)

        def actions_policy() -> None:
            data, made = prepare(ctx, actions)
            replaced[f"action list ({args.rows:,} rows)"] = len(made)
            write_actions_xlsx(data, base / "acties.xlsx", TODAY)

        work = {
            "minutes (40 items)": (minutes_intern, minutes_policy),
            f"action list ({args.rows:,} rows)": (actions_intern, actions_policy),
        }
        minutes_intern()  # warm-up: imports, the template
        minutes_policy()
        for round_number in range(args.repeat):
            print(f"round {round_number + 1}/{args.repeat} …", file=sys.stderr)
            for name, (intern, policy) in work.items():
                times = results.setdefault(name, {"intern": [], "policy": []})
                times["intern"].append(timed(intern))
                times["policy"].append(timed(policy))
    print(
        f"\nbest of {args.repeat} (seconds; CPU = this process only); "
        f"one text in {args.plant_every} planted\n"
    )
    print(
        "| document | intern wall | intern CPU | policymakers wall | policymakers CPU | replacements "
        "| ratio wall | ratio CPU |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, times in results.items():
        iw, ic = (min(t) for t in zip(*times["intern"], strict=True))
        pw, pc = (min(t) for t in zip(*times["policy"], strict=True))
        print(
            f"| {name} | {iw:.2f} | {ic:.2f} | {pw:.2f} | {pc:.2f} | {replaced[name]} "
            f"| {pw / iw:.2f} | {pc / ic:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
