"""``wiec-desktop export inventory|report``: the inventory report of a round of house visits and
the progress report of a period as Word documents, through the same service and exports as the
program's window.

Dates are given as ``dd-mm-jjjj`` or ``jjjj-mm-dd``; without ``--from``/``--to`` the progress report
covers the current assignment's period up to today (or the last three months). Bad input gives
one Dutch line and exit code 2 (``UsageError``), with no file written.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.cli.arguments import checked_output, template_path
from wiec_desktop.cli.errors import UsageError
from wiec_desktop.cli.exports import with_services, write_or_fail
from wiec_desktop.cli.privacy_options import add_privacy_options, audience_of, password_of, replacement_line

if TYPE_CHECKING:
    from wiec_desktop.services.privacy.redaction import Replacement

DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")
REPORT_KINDS = ("inventory", "report")


def add_report_exports(kinds: Any) -> None:
    """Sub-commands ``inventory`` and ``report`` of ``export`` (``kinds``: the sub-parser group)."""
    inventory = kinds.add_parser(
        "inventory", help="het inventarisatierapport van een ronde huisbezoeken als Word-document"
    )
    inventory.add_argument("--db", required=True, metavar="PAD_OF_URL")
    inventory.add_argument("--round", metavar="NAAM", help="de inventarisatieronde (standaard: de laatste)")
    inventory.add_argument("-o", "--output", required=True, metavar="BESTAND.docx")
    inventory.add_argument("--template", metavar="SJABLOON.docx", help="eigen huisstijl-sjabloon")
    add_privacy_options(inventory)

    report = kinds.add_parser("report", help="de voortgangsrapportage over een periode als Word-document")
    report.add_argument("--db", required=True, metavar="PAD_OF_URL")
    report.add_argument(
        "--from", dest="start", metavar="DATUM", help="begin van de periode (dd-mm-jjjj of jjjj-mm-dd)"
    )
    report.add_argument(
        "--to", dest="end", metavar="DATUM", help="einde van de periode (dd-mm-jjjj of jjjj-mm-dd)"
    )
    report.add_argument("-o", "--output", required=True, metavar="BESTAND.docx")
    report.add_argument("--template", metavar="SJABLOON.docx", help="eigen huisstijl-sjabloon")
    add_privacy_options(report)


def parse_date(text: str, what: str) -> date:
    """``dd-mm-jjjj`` or ``jjjj-mm-dd`` (also with / or .); ``UsageError`` in Dutch otherwise."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise UsageError(f"{what} '{text}' is geen geldige datum; schrijf dd-mm-jjjj of jjjj-mm-dd.")


def report_period(start: str | None, end: str | None) -> tuple[date, date] | None:
    """The period of ``--from``/``--to`` (None when neither is given: the default period)."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise UsageError(
            "Geef --from en --to allebei, of geen van beide (dan geldt de periode van de opdracht)."
        )
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if last < first:
        raise UsageError(f"De einddatum {last:%d-%m-%Y} ligt voor de begindatum {first:%d-%m-%Y}.")
    return first, last


def export_report(args: argparse.Namespace) -> int:
    """``export inventory`` and ``export report``: write the Word document, log the export."""
    kind: str = args.export_kind
    from wiec_desktop.exports.documents import variant_target

    audience, password = audience_of(args), password_of(args)
    target = variant_target(checked_output(args.output, ".docx"), audience)
    template = template_path(args.template)
    period = report_period(args.start, args.end) if kind == "report" else None
    replaced: list[Replacement] = []
    chosen: dict[str, Any] = {"audience": audience, "password": password, "replaced": replaced}

    def write(services: Any) -> str:
        if kind == "inventory":
            done = _inventory(services, args.round, target, template, chosen)
        else:
            done = _progress(services, period, target, template, chosen)
        return f"{done}\n{replacement_line(audience, replaced, password is not None)}"

    print(with_services(args.db, write, args.passphrase_file))
    return 0


def _inventory(
    services: Any, round_name: str | None, target: Path, template: Path | None, chosen: dict[str, Any]
) -> str:
    from wiec_desktop.exports import documents

    round_id = None
    if round_name is not None:
        rounds = services.report_data.rounds()
        wanted = round_name.strip().casefold()
        round_id = next((ident for ident, name in rounds if name.casefold() == wanted), None)
        if round_id is None:
            known = ", ".join(name for _i, name in rounds[:12]) or "(geen)"
            raise UsageError(f"Inventarisatieronde {round_name!r} bestaat niet; kies uit: {known}.")
    data = write_or_fail(
        lambda: documents.write_inventory_report(services, round_id, target, template, **chosen), target
    )
    what = f" ({data.round_name})" if data.round_name else ""
    return f"Inventarisatierapport geëxporteerd: {target}{what}"


def _progress(
    services: Any,
    period: tuple[date, date] | None,
    target: Path,
    template: Path | None,
    chosen: dict[str, Any],
) -> str:
    from wiec_desktop.exports import documents

    start, end = period if period is not None else services.report_data.default_period()
    write_or_fail(
        lambda: documents.write_progress_report(services, start, end, target, template, **chosen), target
    )
    return f"Voortgangsrapportage geëxporteerd: {target} ({start:%d-%m-%Y} t/m {end:%d-%m-%Y})"


__all__ = ["REPORT_KINDS", "add_report_exports", "export_report", "parse_date", "report_period"]
