"""Five years of a busy district (Vliethaven, eight buurten) for measuring and trying the program at
scale: ``wiec-desktop demo --size large``, and callable from Python for the benchmarks.

Full size: 5,000 cases, 600 meetings with 12,000 agenda items and their minutes, 50,000 actions
with their progress, 100,000 signals, 20,000 addresses and 30,000 house visits; ``scale``
multiplies every count. Written with bulk Core inserts on one connection in one transaction, with
the ids given here, into an empty migrated database; every constraint and foreign key of the
schema holds, and so do the services' own rules (numbers per year in the order made, approved
minutes with the meeting that approved them, the audit log's hash chain). The same ``seed`` and
``today`` give the same database. Everything in it is made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from wiec_desktop.domain import Case, Organisation
from wiec_desktop.domain.audit import GENESIS_HASH, entry_hash_of
from wiec_desktop.services.base import storage_errors
from wiec_desktop.services.demo.large_actions import make_actions
from wiec_desktop.services.demo.large_cases import make_cases, make_involvements
from wiec_desktop.services.demo.large_inventory import make_addresses, make_signals, make_visits
from wiec_desktop.services.demo.large_meetings import make_meetings
from wiec_desktop.services.demo.large_people import (
    make_areas_and_themes,
    make_assignments,
    make_organisations,
)
from wiec_desktop.services.demo.large_text import load_large_vocabulary
from wiec_desktop.services.demo.large_world import LargeCounts, Progress, World, Writer
from wiec_desktop.storage.database import Database

DEFAULT_SEED = 2014
AUDIT_ACTOR = "voorzitter"


@dataclass(frozen=True)
class LargeDemoSummary:
    """How many rows the large demo wrote into each table (by table name), with the main kinds."""

    rows: dict[str, int]

    @property
    def cases(self) -> int:
        return self.rows.get("case", 0)

    @property
    def actions(self) -> int:
        return self.rows.get("action", 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def build_large_demo(
    target: Database | Engine,
    today: date,
    *,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> LargeDemoSummary:
    """Fill the empty database ``target`` with the large district as it stands on ``today``.

    ``progress(label, count)`` is called after each stage (counts only, never a name). Raises
    ``ValueError`` for a database that already holds cases or organisations.
    """
    engine = target.engine if isinstance(target, Database) else target
    counts = LargeCounts().scaled(scale)
    with storage_errors(), engine.begin() as connection:
        for model in (Case, Organisation):
            if connection.execute(select(func.count()).select_from(model)).scalar_one():
                raise ValueError("the large demo is built into an empty database only")
        writer = Writer(connection)
        bulk = _BulkMode(connection)
        bulk.enter()
        world = World(
            vocabulary=load_large_vocabulary(),
            rng=random.Random(seed),
            today=today,
            counts=counts,
            writer=writer,
            progress=progress or _quiet,
        )
        for stage in (
            make_organisations,
            make_areas_and_themes,
            make_assignments,
            make_addresses,
            make_cases,
            make_involvements,
            make_meetings,
            make_actions,
            make_visits,
            make_signals,
            _audit_log,
        ):
            stage(world)
        bulk.leave(world)
        return LargeDemoSummary(rows=dict(writer.written))


class _BulkMode:
    """SQLite: a page cache that holds the whole build (spilling pages into the write-ahead log
    mid-transaction writes them many times), and the search index made once at the end instead
    of by its triggers row by row (storage/search_index.rebuild: the same index, 2–3× faster),
    both inside the build's transaction."""

    CACHE_KIB = 262144

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.cache_size: int | None = None
        self.index = False

    def enter(self) -> None:
        if not self.sqlite:
            return
        driver = self.connection.exec_driver_sql
        self.cache_size = driver("PRAGMA cache_size").scalar()
        driver(f"PRAGMA cache_size=-{self.CACHE_KIB}")
        search_index = _search_index()
        names = set(search_index.trigger_names("sqlite")) if search_index else set()
        present = {row[0] for row in driver("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for name in sorted(names & present):
            driver(f'DROP TRIGGER "{name}"')
            self.index = True

    def leave(self, world: World) -> None:
        if not self.sqlite:
            return
        search_index = _search_index()
        if self.index and search_index is not None:
            search_index.rebuild(self.connection)
            world.stage(
                "zoekindex",
                self.connection.exec_driver_sql("SELECT count(*) FROM search_index").scalar() or 0,
            )
        self.connection.exec_driver_sql(f"PRAGMA cache_size={self.cache_size}")


def _search_index() -> Any:
    """storage/search_index (the full-text index), when this version of the program has it."""
    try:
        from wiec_desktop.storage import search_index
    except ImportError:
        return None
    return search_index if hasattr(search_index, "rebuild") else None


def _quiet(_label: str, _count: int) -> None:
    """The default progress: says nothing."""


def _audit_log(world: World) -> None:
    """The logboek: the address import and every report exported and sent, as one hash chain."""
    entries = sorted((e for e in world.audit if e[0] < world.now), key=lambda e: (e[0], e[2], e[3] or 0))
    rows: list[dict[str, Any]] = []
    previous = GENESIS_HASH
    for sequence, (occurred_at, kind, entity_type, entity_id, detail) in enumerate(entries, start=1):
        entry_hash = entry_hash_of(
            sequence, occurred_at, AUDIT_ACTOR, kind, entity_type, entity_id, detail, previous
        )
        rows.append(
            {
                "id": sequence,
                "sequence": sequence,
                "occurred_at": occurred_at,
                "actor": AUDIT_ACTOR,
                "kind": kind,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "detail": detail,
                "previous_hash": previous,
                "entry_hash": entry_hash,
            }
        )
        previous = entry_hash
    world.stage("logboekregels", world.writer.write("audit_event", rows))
