"""How fast are the lists, the overlap check and the matrix with 50,000 cases and 1,000 organisations?

Not a test: a script that builds a large SQLite database with bulk inserts (through the app's own
migrations, so the schema and indexes are the real ones), then times the queries the UI runs and
prints each next to a bare query measured in the same run (same machine, same cache state):

    .venv/bin/python benchmarks/lists_benchmark.py                 # temporary database, removed after
    .venv/bin/python benchmarks/lists_benchmark.py --db big.sqlite --keep   # keep it for a second run
    .venv/bin/python benchmarks/lists_benchmark.py --db big.sqlite          # reuse it (no rebuild)

Each figure is the median of ``--repeat`` runs after one warm-up run, in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wiec_desktop.domain import Action, Area, Case, Involvement, Organisation, Theme  # noqa: E402
from wiec_desktop.domain.enums import (  # noqa: E402
    ActionStatus,
    AreaKind,
    CaseStatus,
    InvolvementRole,
    OrganisationKind,
    Priority,
)
from wiec_desktop.services.listing.source import ListQuery  # noqa: E402
from wiec_desktop.services.registry import Services  # noqa: E402
from wiec_desktop.storage.database import Database, open_database  # noqa: E402

TODAY = date(2026, 11, 10)
PAGE = 200
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


@dataclass
class Result:
    name: str
    ms: float
    baseline: str
    baseline_ms: float
    rows: int


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up (and the value to report)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def raw(database: Database, sql: str, params: tuple[Any, ...] = ()) -> Callable[[], list[Any]]:
    def run() -> list[Any]:
        with database.engine.connect() as connection:
            return list(connection.exec_driver_sql(sql, params))

    return run


def measure(database: Database, services: Services, repeat: int) -> list[Result]:
    results: list[Result] = []

    def add(name: str, fn: Callable[[], Any], baseline: str, base_fn: Callable[[], Any], rows: Any) -> None:
        ms, value = median_ms(fn, repeat)
        base_ms, _ = median_ms(base_fn, repeat)
        count = rows(value) if callable(rows) else rows
        results.append(Result(name, ms, baseline, base_ms, count))
        print(f"  {name:<46} {ms:9.1f} ms", file=sys.stderr)

    page_sql = 'SELECT id, title FROM "case" ORDER BY id LIMIT 200'
    count_sql = 'SELECT count(*) FROM "case"'
    base_page = raw(database, page_sql)
    base_count = raw(database, count_sql)

    def base_both() -> None:
        base_count()
        base_page()

    source = services.list_source("cases")

    def page(query: ListQuery, offset: int = 0) -> Callable[[], int]:
        def run() -> int:
            source.count(query)
            return len(source.fetch(query, offset, PAGE))

        return run

    add("cases: count + first page (default sort)", page(ListQuery()), "count + page", base_both, len_or)
    add("cases: idem, 'Alleen lopend' (UI default)", page(ListQuery(filters={"open": True})), "count + page",
        base_both, len_or)  # fmt: skip
    for column in source.spec.columns:
        for descending in (False, True):
            query = ListQuery(filters={"open": True}, sort_key=column.key, descending=descending)
            arrow = "↓" if descending else "↑"
            add(f"cases: sorted by {column.key} {arrow}", page(query), "count + page", base_both, len_or)
    add("cases: search 'ruin'", page(ListQuery(search="ruin")), "count + page", base_both, len_or)
    add("cases: search 'hangjongeren winkelcentrum'", page(ListQuery(search="hangjongeren winkelcentrum")),
        "count + page", base_both, len_or)  # fmt: skip
    add("cases: filter without_lead", page(ListQuery(filters={"without_lead": True})), "count + page",
        base_both, len_or)  # fmt: skip
    add("cases: filter overdue", page(ListQuery(filters={"overdue": True})), "count + page",
        base_both, len_or)  # fmt: skip
    add("cases: filter theme + area", page(ListQuery(filters={"theme": 1, "area": 2})), "count + page",
        base_both, len_or)  # fmt: skip
    later_sql = 'SELECT id, title FROM "case" ORDER BY id LIMIT 200 OFFSET 20000'
    add("cases: fetchMore, page at row 20,000", lambda: len(source.fetch(ListQuery(), 20_000, PAGE)),
        "page at 20,000", raw(database, later_sql), len_or)  # fmt: skip

    organisations = services.list_source("organisations")
    add("partners: count + first page", lambda: (organisations.count(ListQuery()),
        len(organisations.fetch(ListQuery(), 0, PAGE)))[1], "count + page", base_both, len_or)  # fmt: skip
    actions = services.list_source("actions")
    add("actions: count + first page", lambda: (actions.count(ListQuery()),
        len(actions.fetch(ListQuery(), 0, PAGE)))[1], "count + page", base_both, len_or)  # fmt: skip

    with database.session_factory() as session:
        sample = session.execute(
            select(Case.title, Case.location, Case.theme_id, Case.area_id)
            .where(Case.status != CaseStatus.CLOSED, Case.title.like("Hangjongeren%"))
            .limit(1)
        ).one()
        area = sample.area_id
        open_in_area = session.execute(
            select(func.count()).where(Case.area_id == area, Case.status != CaseStatus.CLOSED)
        ).scalar_one()
    street = sample.location.split()[0]
    like_sql = (
        "SELECT id, title FROM \"case\" WHERE status != 'closed' AND (title LIKE ? OR location LIKE ?) "
        "LIMIT 200"
    )
    add(
        "overlap: find_similar (realistic duplicate)",
        lambda: len(services.overlap.find_similar(
            sample.title.replace("Hangjongeren bij", "Overlast jongeren"), location=street,
            theme_id=sample.theme_id, area_id=sample.area_id)),
        "one LIKE scan", raw(database, like_sql, (f"%{street[:6]}%", f"%{street[:6]}%")), len_or,
    )  # fmt: skip
    add(
        "overlap: find_similar (nothing similar)",
        lambda: len(services.overlap.find_similar("Kapotte lantaarnpalen bij de kinderboerderij")),
        "one LIKE scan", raw(database, like_sql, ("%lantaa%", "%lantaa%")), len_or,
    )  # fmt: skip
    join = (
        'SELECT c.id, c.title, i.organisation_id, i.role FROM "case" c '
        "JOIN involvement i ON i.case_id = c.id "
    )
    cells_sql = join + "WHERE c.area_id = ? AND c.status != 'closed'"
    add("matrix: count (build now or on a thread?)", lambda: services.matrix.count(area_id=area),
        "raw count", base_count, 1)  # fmt: skip
    add(f"matrix: build, one buurt ({open_in_area} open cases)",
        lambda: len(services.matrix.build(area_id=area).rows),
        "cases ⋈ involvements of the buurt", raw(database, cells_sql, (area,)), len_or)  # fmt: skip
    add("matrix: build, one theme", lambda: len(services.matrix.build(theme_id=1).rows),
        "cases ⋈ involvements of the buurt", raw(database, cells_sql, (area,)), len_or)  # fmt: skip
    all_cells = join + "WHERE c.status != 'closed'"
    add("matrix: build, no filter (all open cases)", lambda: len(services.matrix.build().rows),
        "all open cases ⋈ involvements", raw(database, all_cells), len_or)  # fmt: skip

    from wiec_desktop.exports.xlsx.matrix import write_matrix_xlsx

    buurt = services.matrix.build(area_id=area)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "matrix.xlsx"
        add("matrix: Excel export of the buurt", lambda: write_matrix_xlsx(buurt, target),
            "—", lambda: None, len(buurt.rows))  # fmt: skip
    return results


def len_or(value: Any) -> int:
    return value if isinstance(value, int) else len(value)


def print_table(results: list[Result]) -> None:
    head = ("measurement", "ms", "baseline", "base ms", "ratio", "rows")
    print("| {:<48} | {:>8} | {:<34} | {:>8} | {:>6} | {:>6} |".format(*head))
    print(f"|{'-' * 50}|{'-' * 10}|{'-' * 36}|{'-' * 10}|{'-' * 8}|{'-' * 8}|")
    for r in results:
        ratio = r.ms / r.baseline_ms if r.baseline_ms > 0.001 else float("nan")
        slow = " !" if r.ms > 150 else ""
        print(
            f"| {r.name + slow:<48} | {r.ms:8.1f} | {r.baseline:<34} | {r.baseline_ms:8.1f} | {ratio:6.1f} | "
            f"{r.rows:>6} |"
        )
    print("\n'!' marks more than 150 ms (a page should appear within about a tenth of a second).")


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
        results = measure(database, services, args.repeat)
    finally:
        database.close()
        if folder is not None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif folder is not None:
            print(f"Kept {path}", file=sys.stderr)
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
