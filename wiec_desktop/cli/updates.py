"""``wiec-desktop import updates --db PATH FILE… [--accept-all [--accept-conflicts] | --dry-run]``:
the answers organisations typed into their returned action lists.

Prints the preview grouped per file — a heading with the organisation and the list's date, then one
line per action: its number, what it says ("Wijziging", "Conflict", "Geen wijziging", …) and what
would change or why not. Without ``--accept-all`` nothing is written (``--dry-run`` says so
explicitly). ``--accept-all`` takes in every valid row that is no conflict and whose protected cells
are untouched, in one transaction; conflicts only with ``--accept-conflicts`` as well; rows edited
beyond the open columns never from here (the window lets the chair accept them one by one).

Exit 0 when the files were read (and, with ``--accept-all``, taken in); 2 for bad input: a file
that is missing, not an ``.xlsx``, damaged, not one of ours or of another database — then, with
``--accept-all``, nothing is written for any file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.cli.errors import EXIT_USAGE, UsageError
from wiec_desktop.services.formatting import counted

if TYPE_CHECKING:
    from wiec_desktop.services.followup.updates_import import RowPreview, UpdatesPreview


def add_import_commands(commands: Any) -> argparse.ArgumentParser:
    """Register ``import updates`` on the sub-command parsers of ``wiec-desktop``."""
    from wiec_desktop.cli.errors import Parser

    parser: argparse.ArgumentParser = commands.add_parser("import", help="lees gegevens in uit bestanden")
    kinds = parser.add_subparsers(dest="import_kind", metavar="WAT", parser_class=Parser, required=True)
    updates = kinds.add_parser("updates", help="lees de voortgang in die partners in hun actielijst invulden")
    updates.add_argument(
        "--db", required=True, metavar="PAD_OF_URL", help="database-bestand of SQLAlchemy-URL"
    )
    updates.add_argument("files", nargs="+", metavar="BESTAND", help="teruggestuurde actielijsten (.xlsx)")
    mode = updates.add_mutually_exclusive_group()
    mode.add_argument(
        "--accept-all",
        action="store_true",
        help="neem alle geldige wijzigingen over die geen conflict zijn",
    )
    mode.add_argument("--dry-run", action="store_true", help="toon alleen wat er zou veranderen (standaard)")
    updates.add_argument(
        "--accept-conflicts",
        action="store_true",
        help="neem met --accept-all ook acties over die sinds het versturen in het programma zijn gewijzigd",
    )
    from wiec_desktop.cli.arguments import add_passphrase_file

    add_passphrase_file([updates])
    return updates


def run_import_updates(args: argparse.Namespace) -> int:
    """Show the preview of ``args.files``; with ``--accept-all`` take the accepted rows in."""
    if args.accept_conflicts and not args.accept_all:
        raise UsageError("--accept-conflicts gaat alleen samen met --accept-all.")
    paths = [Path(name).expanduser() for name in args.files]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path} bestaat niet of is geen bestand.")
    from wiec_desktop.cli.opening import open_for_cli
    from wiec_desktop.services.base import storage_errors
    from wiec_desktop.services.followup.updates_import import UpdatesChanged
    from wiec_desktop.services.registry import Services

    with storage_errors():  # a database on a full, read-only or locked disk: the vocabulary's line
        # Only --accept-all writes: a preview works beside the open window (read-only).
        database = open_for_cli(
            args.db, getattr(args, "passphrase_file", None), read_only=not args.accept_all
        )
        try:
            service = Services(database.session_factory).updates_import
            preview = service.preview(paths)
            _print_preview(preview)
            if preview.refused:
                if args.accept_all:
                    print("Er is niets overgenomen.")
                return EXIT_USAGE
            if not args.accept_all:
                print("Proefronde: er is niets overgenomen." if args.dry_run else _hint(preview))
                return 0
            accepted = {row.key for row in preview.rows if _accepted(row, args.accept_conflicts)}
            try:
                result = service.apply(preview, accepted)
            except UpdatesChanged as error:
                raise UsageError(error.message) from error
            print(_summary(result.applied, preview, accepted))
            return 0
        finally:
            database.close()


def _accepted(row: RowPreview, conflicts: bool) -> bool:
    return row.can_accept and not row.edited and (conflicts or not row.conflict)


def _print_preview(preview: UpdatesPreview) -> None:
    import sys

    for refused in preview.refused:
        print(f"wiec-desktop: {refused.file_name}: {refused.message}", file=sys.stderr)
    for number, workbook in enumerate(preview.workbooks):
        if number:
            print()
        sent = f"{workbook.sent_on:%d-%m-%Y}"
        again = f" (eerder ingelezen op {workbook.imported_at:%d-%m-%Y})" if workbook.imported_at else ""
        print(f"{workbook.file_name} — {workbook.organisation}, actielijst van {sent}{again}")
        if not workbook.rows:
            print("  (geen acties in dit bestand)")
        for row in workbook.rows:
            print(f"  {_line(row)}")


def _line(row: RowPreview) -> str:
    parts = [f"{row.reference or f'regel {row.sheet_row}'}", row.verdict]
    if row.changes:
        parts.append("; ".join(row.changes))
    if row.conflict and row.current is not None:
        program = f"status {row.current.status.label}"
        if row.current.due_date is not None:
            program += f", deadline {row.current.due_date:%d-%m-%Y}"
        if row.current.last_update:
            program += f", laatste voortgang {row.current.last_update}"
        parts.append(f"in het programma: {program}")
    if row.state.value == "invalid" or row.edited:
        parts.extend(row.messages)
    return " ".join(" — ".join(parts).split())


def _hint(preview: UpdatesPreview) -> str:
    acceptable = sum(1 for row in preview.rows if _accepted(row, False))
    if not acceptable:
        return "Er is niets om over te nemen."
    changes = counted(acceptable, "wijziging", "wijzigingen")
    return f"Er is niets overgenomen. Neem {changes} over met --accept-all."


def _summary(applied: int, preview: UpdatesPreview, accepted: set[Any]) -> str:
    left = [row for row in preview.rows if row.can_accept and row.key not in accepted]
    line = f"{counted(applied, 'wijziging', 'wijzigingen')} overgenomen."
    conflicts = sum(1 for row in left if row.conflict and not row.edited)
    edited = sum(1 for row in left if row.edited)
    if conflicts:
        line += f" {counted(conflicts, 'conflict', 'conflicten')} niet overgenomen (zie --accept-conflicts)."
    if edited:
        line += (
            f" {counted(edited, 'regel', 'regels')} buiten de open kolommen gewijzigd en niet overgenomen"
            " (kies die in het venster)."
        )
    return line
