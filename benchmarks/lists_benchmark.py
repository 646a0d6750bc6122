"""How fast are the lists, the overlap check and the matrix with 50,000 cases and 1,000 organisations?

Not a test: a script that builds a large SQLite database with bulk inserts (through the app's own
migrations, so the schema and indexes are the real ones), then times every list page the UI shows
(count + first 200 rows; default sort and every sortable column both ways) next to the same page
written by hand in plain SQL (``baselines.py``) on a bare ``sqlite3`` connection, measured in the same
run; the hand-written rows are checked to equal the program's first (it stops when they do not:
then the baseline is wrong). The matrix is measured against the bare join giving the same cells:

    .venv/bin/python benchmarks/lists_benchmark.py                 # temporary database, removed after
    .venv/bin/python benchmarks/lists_benchmark.py --db big.sqlite --keep   # keep it for a second run
    .venv/bin/python benchmarks/lists_benchmark.py --db big.sqlite          # reuse it (no rebuild)

Each figure is the median (and worst) of ``--repeat`` runs after one warm-up run, alternating with
its baseline. ``run_all.py`` runs the same measurements with the rest of the targets.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from list_pages import BaselineMismatch, measure_page, page_cases  # noqa: E402
from matrix_bench import MatrixMismatch, measure_matrix  # noqa: E402
from timing import Figure, figure_from, markdown_table, timed_pair  # noqa: E402

from wiec_desktop.domain import Action, Area, Case, Involvement, Organisation, Theme  # noqa: E402
from wiec_desktop.domain.enums import (  # noqa: E402
    ActionStatus,
    AreaKind,
    CaseStatus,
    InvolvementRole,
    OrganisationKind,
    Priority,
)
from wiec_desktop.services.registry import Services  # noqa: E402
from wiec_desktop.storage.database import Database, open_database  # noqa: E402

TODAY = date(2026, 11, 10)
THEMES = {
    "jeugdoverlast": [
        "Hangjongeren bij {place} {street}",
        "Scooteroverlast {street}",
        "Overlast rond {place} {street}",
    ],
    "drugsoverlast": [
        "Drugshandel {place} {street}",
        "Aanloop bij woning {street}",
        "Drugsgebruik in portieken {street}",
    ],
    "vervuiling": [
        "Zwerfafval {place} {street}",
        "Afvalbijplaatsingen containers {street}",
        "Grofvuil bij {place} {street}",
    ],
    "verkeer": [
        "Te hard rijden op de {street}",
        "Verkeersveiligheid rond {place} {street}",
        "Parkeeroverlast {street}",
    ],
    "veiligheid": [
        "Inbraken in bergingen {street}",
        "Donkere looproute {street}",
        "Onveilig gevoel bij {place} {street}",
    ],
    "woonoverlast": [
        "Geluidsoverlast portiek {street}",
        "Burenruzie {street}",
        "Stankoverlast woning {street}",
    ],
    "eenzaamheid": ["Eenzame ouderen {place} {street}", "Nieuwe bewoners kennen de buurt niet {street}"],
    "groen en spelen": ["Verouderde speeltuin {street}", "Achterstallig groenonderhoud {street}"],
    "armoede": ["Schulden bij gezinnen {street}", "Voedselbank-aanloop {place} {street}"],
    "huisvesting": ["Overbewoning {street}", "Achterstallig onderhoud flats {street}"],
    "zorg": ["Verward gedrag bewoner {street}", "Mantelzorgers overbelast {street}"],
    "integratie": ["Taalachterstand ouders {place} {street}", "Spanningen tussen groepen {street}"],
}
PLACES = ["winkelcentrum", "speeltuin", "parkeerplaats", "school", "bushalte", "flat", "buurthuis"]
SUFFIXES = ["laan", "weg", "straat", "plein", "dreef", "gaarde"]
SYLLABLES = ["ruin", "dedem", "hol", "mep", "zuid", "hoog", "dwin", "stap", "veen", "wolde", "berg",
             "kamp", "horst", "loo", "wijk", "dam", "sloot", "ter", "aa", "ee", "bos", "heide", "zand",
             "beek"]  # fmt: skip


# --- building the database ---------------------------------------------------------------------


def build(database: Database, cases: int, organisations: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    factory = database.session_factory
    with factory.begin() as session:
        theme_ids = [
            session.execute(insert(Theme).returning(Theme.id), {"name": name}).scalar_one() for name in THEMES
        ]
        area_ids: list[int] = []
        for w in range(3):
            wijk = session.execute(
                insert(Area).returning(Area.id), {"name": f"Wijk {w + 1}", "kind": AreaKind.DISTRICT}
            ).scalar_one()
            for b in range(10):
                area_ids.append(
                    session.execute(
                        insert(Area).returning(Area.id),
                        {"name": f"Buurt {w + 1}.{b + 1}", "kind": AreaKind.NEIGHBOURHOOD, "parent_id": wijk},
                    ).scalar_one()
                )
        kinds = list(OrganisationKind)
        session.execute(
            insert(Organisation),
            [
                {
                    "name": f"{kinds[n % len(kinds)].label} {n + 1:04d}",
                    "kind": kinds[n % len(kinds)],
                    "version": 1,
                }
                for n in range(organisations)
            ],
        )
        org_ids = list(session.scalars(select(Organisation.id).order_by(Organisation.id)))

    streets = sorted(
        {"".join(rng.sample(SYLLABLES, 2)).capitalize() + rng.choice(SUFFIXES) for _ in range(700)}
    )
    street_area = {street: rng.choice(area_ids) for street in streets}
    # A few big organisations (stadsdeel, politie, corporaties) take part in many cases.
    weights = [60 if n < 10 else 8 if n < 100 else 1 for n in range(len(org_ids))]
    statuses = list(CaseStatus)
    rows: list[dict[str, Any]] = []
    numbers: dict[int, int] = {}
    for _ in range(cases):
        opened = TODAY - timedelta(days=rng.randint(0, 4 * 365))
        numbers[opened.year] = numbers.get(opened.year, 0) + 1
        theme_index = rng.randrange(len(theme_ids))
        theme = list(THEMES)[theme_index]
        street = rng.choice(streets)
        status = rng.choices(statuses, weights=[10, 10, 30, 15, 35])[0]
        title = rng.choice(THEMES[theme]).format(place=rng.choice(PLACES), street=street)
        rows.append({
            "year": opened.year, "number": numbers[opened.year], "title": title,
            "description": f"{title}. Bewoners melden dit al enige tijd; partners zien het ook.",
            "area_id": street_area[street], "theme_id": theme_ids[theme_index],
            "location": f"{street} {rng.randint(1, 200)}" if rng.random() < 0.3 else street,
            "status": status, "priority": rng.choice(list(Priority)), "opened_on": opened,
            "closed_on": min(TODAY, opened + timedelta(days=rng.randint(10, 300)))
            if status == CaseStatus.CLOSED else None,
            "version": 1,
        })  # fmt: skip
    with factory.begin() as session:
        session.execute(insert(Case), rows)
        case_ids = list(session.scalars(select(Case.id).order_by(Case.id)))

    involvements: list[dict[str, Any]] = []
    for case_id in case_ids:
        team = list(dict.fromkeys(rng.choices(org_ids, weights=weights, k=rng.randint(1, 4))))
        has_lead = rng.random() < 0.85
        for position, org in enumerate(team):
            role = (
                InvolvementRole.LEAD
                if position == 0 and has_lead
                else rng.choices([InvolvementRole.PARTNER, InvolvementRole.INFORMED], weights=[3, 1])[0]
            )
            involvements.append({"case_id": case_id, "organisation_id": org, "role": role, "activity": ""})
    actions: list[dict[str, Any]] = []
    action_numbers: dict[int, int] = {}
    for case_id in rng.sample(case_ids, min(len(case_ids), cases // 2)):
        created = TODAY - timedelta(days=rng.randint(0, 700))
        action_numbers[created.year] = action_numbers.get(created.year, 0) + 1
        status = rng.choices(list(ActionStatus), weights=[3, 2, 5, 1])[0]
        actions.append({
            "year": created.year, "number": action_numbers[created.year], "description": "Actie uitvoeren",
            "case_id": case_id, "owner_organisation_id": rng.choices(org_ids, weights=weights)[0],
            "created_on": created, "due_date": created + timedelta(days=rng.choice([14, 28, 42])),
            "status": status, "version": 1,
            "completed_on": created + timedelta(days=5) if status == ActionStatus.DONE else None,
        })  # fmt: skip
    with factory.begin() as session:
        session.execute(insert(Involvement), involvements)
        session.execute(insert(Action), actions)
    return {"cases": len(case_ids), "organisations": len(org_ids), "involvements": len(involvements),
            "actions": len(actions), "streets": len(streets), "areas": len(area_ids)}  # fmt: skip


# --- timing ------------------------------------------------------------------------------------


def measure(services: Services, path: Path, repeat: int, today: date = TODAY) -> list[Figure]:
    """Every list page against its hand-written SQL (rows verified equal first), the overlap check
    (no hand-written equivalent: no ratio) and the matrix against the bare join (cells verified)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA query_only = ON")
    try:
        figures: list[Figure] = []
        for case in page_cases(services):
            figure = measure_page(case, services, connection, today, repeat)  # BaselineMismatch aborts
            print(f"  {figure.measure:<50} {figure.median:8.1f} ms", file=sys.stderr)
            figures.append(figure)
        figures += _overlap(services, repeat)
        figures += measure_matrix(services, connection, repeat)
    finally:
        connection.close()
    return figures


def _overlap(services: Services, repeat: int) -> list[Figure]:
    with services.session_factory() as session:
        sample = session.execute(
            select(Case.title, Case.location, Case.theme_id, Case.area_id)
            .where(Case.status != CaseStatus.CLOSED, Case.title.like("Hangjongeren%"))
            .limit(1)
        ).first()
    figures = []
    if sample is not None:
        street = (sample.location or "").split()[:1]
        ours, _ = timed_pair(
            lambda: services.overlap.find_similar(
                sample.title.replace("Hangjongeren bij", "Overlast jongeren"), location=" ".join(street),
                theme_id=sample.theme_id, area_id=sample.area_id),
            None, repeat,
        )  # fmt: skip
        figures.append(figure_from("overlap: find_similar (realistic duplicate)", ours, [], "", limit=150))
    ours, _ = timed_pair(
        lambda: services.overlap.find_similar("Kapotte lantaarnpalen bij de kinderboerderij"), None, repeat
    )
    figures.append(figure_from("overlap: find_similar (nothing similar)", ours, [], "", limit=150))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database file (reused when it exists)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE first (planner statistics)")
    args = parser.parse_args(argv)

    folder: Path | None = None
    path = args.db
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="wiec-bench-"))
        path = folder / "bench.sqlite"
    fresh = not path.exists()
    database = open_database(path, create=fresh)
    try:
        if fresh:
            start = time.perf_counter()
            counts = build(database, args.cases, args.organisations)
            print(f"Built {path} in {time.perf_counter() - start:.1f} s: {counts}", file=sys.stderr)
        else:
            print(f"Reusing {path}", file=sys.stderr)
        if args.analyze:
            with database.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        services = Services(database.session_factory, today=lambda: TODAY)
        try:
            figures = measure(services, path, args.repeat)
        except (BaselineMismatch, MatrixMismatch) as error:
            print(f"lists_benchmark: the baseline is wrong: {error}", file=sys.stderr)
            return 1
    finally:
        database.close()
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder is not None:
            print(f"Kept {path}", file=sys.stderr)
    print(markdown_table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
