"""What does encryption at rest (SQLCipher) cost: opening a database and a typical list query, plain
against encrypted, on the same data in the same run?

Not a test: a script. It builds a plain database with ``--cases`` bulk cases (through
``lists_benchmark.build``, so with the real schema and indexes; ``--cases 0``: the demo data
instead), encrypts it into a second
file with ``storage.encryption.encrypt_to`` and then times, as the median of ``--repeat`` runs:

- ``open_database`` + close (for the encrypted file: the key derivation, the read-only passphrase
  check and the probe of the schema revision);
- the command line's way in: the passphrase checked first, then opened (two key derivations);
- the first list page right after opening (new connection, cold page cache);
- the case list as the window asks for it (count + first page of 200) on an open database, and
  with a search text (a full scan through the decrypted pages), and the action list.

    .venv/bin/python benchmarks/encryption_benchmark.py                  # 20,000 cases
    .venv/bin/python benchmarks/encryption_benchmark.py --cases 0        # the demo database
    .venv/bin/python benchmarks/encryption_benchmark.py --cases 50000 --repeat 7
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wiec_desktop.services.demo_data import build_demo  # noqa: E402
from wiec_desktop.services.listing.source import ListQuery  # noqa: E402
from wiec_desktop.services.registry import Services  # noqa: E402
from wiec_desktop.storage import encryption  # noqa: E402
from wiec_desktop.storage.database import Database, open_database  # noqa: E402

TODAY = date(2026, 11, 10)
PAGE = 200
PASSPHRASE = "benchmark passphrase (not secret)"


def _lists_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "lists_benchmark", Path(__file__).with_name("lists_benchmark.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lists_benchmark"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # warm-up (file cache, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(plain: Path, encrypted: Path, repeat: int) -> list[tuple[str, float, float]]:
    def opener(passphrase: str | None) -> Callable[[], Database]:
        path = plain if passphrase is None else encrypted
        return lambda: open_database(path, passphrase=passphrase)

    def open_close(passphrase: str | None) -> Callable[[], None]:
        return lambda: opener(passphrase)().close()

    def cli_way(passphrase: str | None) -> Callable[[], None]:
        def run() -> None:
            if passphrase is not None:
                encryption.check_passphrase(encrypted, passphrase)
            opener(passphrase)().close()

        return run

    def first_page_after_open(passphrase: str | None) -> Callable[[], None]:
        def run() -> None:
            database = opener(passphrase)()
            source = Services(database.session_factory, today=lambda: TODAY).list_source("cases")
            source.count(ListQuery())
            source.fetch(ListQuery(), 0, PAGE)
            database.close()

        return run

    rows: list[tuple[str, float, float]] = []
    for label, make in (
        ("open_database + close", open_close),
        ("command line: check passphrase, then open", cli_way),
        ("open + first case page (cold)", first_page_after_open),
    ):
        rows.append((label, median_ms(make(None), repeat), median_ms(make(PASSPHRASE), repeat)))

    databases = [opener(None)(), opener(PASSPHRASE)()]
    try:
        sources = [Services(d.session_factory, today=lambda: TODAY) for d in databases]
        for label, query, name in (
            ("cases: count + first page (open database)", ListQuery(), "cases"),
            ("cases: search 'hangjongeren'", ListQuery(search="hangjongeren"), "cases"),
            ("actions: count + first page", ListQuery(), "actions"),
        ):
            timings = []
            for services in sources:
                source = services.list_source(name)
                timings.append(
                    median_ms(lambda s=source, q=query: (s.count(q), s.fetch(q, 0, PAGE)), repeat)  # type: ignore[misc]
                )
            rows.append((label, timings[0], timings[1]))
    finally:
        for database in databases:
            database.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000, help="bulk cases on top of the demo data")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="wiec-encryption-bench-"))
    try:
        plain, encrypted = folder / "plain.sqlite", folder / "encrypted.sqlite"
        database = open_database(plain, create=True)
        if args.cases:
            _lists_benchmark().build(database, args.cases, 200)
        else:
            build_demo(database.session_factory, today=TODAY)
        database.close()
        start = time.perf_counter()
        encryption.encrypt_to(plain, encrypted, PASSPHRASE)
        seconds = time.perf_counter() - start
        size = plain.stat().st_size / 1e6
        print(f"Built {size:.1f} MB; encrypted into a new file in {seconds:.2f} s", file=sys.stderr)
        rows = measure(plain, encrypted, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"| measured (median of {args.repeat}, ms) | plain | encrypted | ratio |")
    print("|---|---:|---:|---:|")
    for label, plain_ms, encrypted_ms in rows:
        print(f"| {label} | {plain_ms:.1f} | {encrypted_ms:.1f} | {encrypted_ms / plain_ms:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
