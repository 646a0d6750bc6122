"""``wiec-desktop search --db PATH "text"``: the hits of one search, grouped by kind, one line each.

Each group has its Dutch heading with the number found ("Casussen (3)", or "(8 van 120)" when the
group is cut at ``--limit``); each hit one line: its title, and the text around the match when that
is not the title itself. Exit 0 also when nothing is found ("Niets gevonden voor …"), 2 for bad
input (nothing to search for, a wrong ``--limit``, no such database). Opens the database
read-only, so it works beside the window; the search is not added to the recent searches.
"""

from __future__ import annotations

import argparse
from typing import Any

from wiec_desktop.cli.errors import UsageError

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000


def add_search_command(commands: Any) -> argparse.ArgumentParser:
    """Register ``search`` on the sub-command parsers of ``wiec-desktop``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "search", help="zoek in alle gegevens van een database"
    )
    parser.add_argument(
        "--db", required=True, metavar="PAD_OF_URL", help="database-bestand of SQLAlchemy-URL"
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"treffers per soort (standaard {DEFAULT_LIMIT})",
    )
    parser.add_argument("text", metavar="TEKST", help='woorden, "een zinsdeel" en -woord om uit te sluiten')
    return parser


def run_search(args: argparse.Namespace) -> int:
    """Print the hits of ``args.text``; 0 also without hits."""
    from wiec_desktop.cli.opening import open_for_cli
    from wiec_desktop.services.search.query import parse_query
    from wiec_desktop.services.search.service import SearchService

    if not 1 <= args.limit <= MAX_LIMIT:
        raise UsageError(f"--limit moet tussen 1 en {MAX_LIMIT} liggen.")
    if parse_query(args.text).is_empty:
        raise UsageError("Geef een of meer woorden om te zoeken (alleen -woord sluit alleen uit).")
    database = open_for_cli(args.db, getattr(args, "passphrase_file", None), read_only=True)
    try:
        results = SearchService(database.session_factory, _today).search(args.text, limit_per_kind=args.limit)
    finally:
        database.close()
    if not results.groups:
        print(f"Niets gevonden voor “{' '.join(args.text.split())}”.")
        return 0
    for number, group in enumerate(results.groups):
        if number:
            print()
        shown = len(group.hits)
        count = f"{shown} van {group.total}" if group.total > shown else str(group.total)
        print(f"{group.kind.label} ({count})")
        for hit in group.hits:
            context = hit.snippet.text
            line = hit.title if not context or context == hit.title else f"{hit.title} — {context}"
            print(f"  {_one_line(line)}")
    return 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _today() -> Any:
    from datetime import date

    return date.today()
