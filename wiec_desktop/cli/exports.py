"""``wiec-desktop export matrix|minutes|agenda|ics|actions``: the who-does-what matrix, a meeting's
documents and the action list from the command line, made by ``exports.documents`` as in the window."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.cli.arguments import by_name, checked_output, template_path
from wiec_desktop.cli.errors import UsageError, file_not_written
from wiec_desktop.cli.privacy_options import add_privacy_options, audience_of, password_of, replacement_line

if TYPE_CHECKING:
    from wiec_desktop.services.meetings.minutes_data import MinutesNotAvailable
    from wiec_desktop.services.privacy.redaction import Replacement

MEETING_DOCUMENTS = {"minutes": "Verslag", "agenda": "Agenda", "ics": "Uitnodiging"}


def add_exports(kinds: Any) -> None:
    """Sub-commands of ``export`` (``kinds`` is the export sub-parser group)."""
    matrix = kinds.add_parser("matrix", help="wie doet wat: casussen × organisaties als Excel-bestand")
    matrix.add_argument("--db", required=True, metavar="PAD_OF_URL")
    matrix.add_argument("-o", "--output", required=True, metavar="BESTAND.xlsx", help="nieuw of te vervangen")
    matrix.add_argument("--area", metavar="NAAM", help="alleen deze wijk of buurt (met haar buurten)")
    matrix.add_argument("--theme", metavar="NAAM", help="alleen dit thema")
    matrix.add_argument("--include-closed", action="store_true", help="ook afgesloten casussen")
    add_privacy_options(matrix)
    for name, suffix, text in (
        ("minutes", ".docx", "het verslag van een overleg als Word-document"),
        ("agenda", ".docx", "de agenda van een overleg (uitnodiging) als Word-document"),
        ("ics", ".ics", "een agenda-uitnodiging (iCalendar) voor een overleg"),
    ):
        command = kinds.add_parser(name, help=text)
        command.add_argument("--db", required=True, metavar="PAD_OF_URL")
        command.add_argument("--meeting", required=True, type=int, metavar="ID", help="zie 'list meetings'")
        command.add_argument("-o", "--output", required=True, metavar=f"BESTAND{suffix}")
        if suffix == ".docx":
            command.add_argument("--template", metavar="SJABLOON.docx", help="eigen huisstijl-sjabloon")
        else:
            command.add_argument(
                "--organiser", metavar='"NAAM <ADRES>"', help="organisator van de uitnodiging"
            )
        add_privacy_options(command, password=suffix != ".ics")  # a calendar file has no password
    actions = kinds.add_parser("actions", help="de actielijst als Excel-werkmap")
    actions.add_argument("--db", required=True, metavar="PAD_OF_URL")
    scope = actions.add_mutually_exclusive_group()
    scope.add_argument("--meeting", type=int, metavar="ID", help="alleen de acties uit dit overleg")
    scope.add_argument("--organisation", metavar="NAAM", help="alleen de acties van deze organisatie")
    actions.add_argument("-o", "--output", required=True, metavar="BESTAND.xlsx")
    add_privacy_options(actions)


def export(args: argparse.Namespace) -> int:
    """Run one ``export`` sub-command of this module."""
    if args.export_kind == "matrix":
        return export_matrix(args)
    if args.export_kind == "actions":
        return export_action_list(args)
    return export_meeting_document(args)


def export_matrix(args: argparse.Namespace) -> int:
    """``export matrix``: the who-does-what matrix as .xlsx (the same file as the page's export)."""
    from wiec_desktop.exports.documents import variant_target

    audience, password = audience_of(args), password_of(args)
    target = variant_target(checked_output(args.output, ".xlsx"), audience)
    replaced: list[Replacement] = []

    def write(services: Any) -> str:
        from wiec_desktop.exports import documents

        areas = [(i, label.split(" › ")[-1]) for i, label in services.reference_data.areas()]
        area_id = by_name(args.area, areas, "wijk of buurt")
        theme_id = by_name(args.theme, services.reference_data.themes(active_only=False), "thema")
        matrix = services.matrix.build(area_id=area_id, theme_id=theme_id, include_closed=args.include_closed)
        write_or_fail(
            lambda: documents.write_matrix(
                services, matrix, target, audience=audience, password=password, replaced=replaced
            ),
            target,
        )
        return (
            f"Matrix geëxporteerd: {target} ({len(matrix.rows)} casussen, {len(matrix.columns)} "
            f"organisaties, {matrix.flagged_count} met signalering)\n"
            + replacement_line(audience, replaced, password is not None)
        )

    print(with_services(args.db, write, args.passphrase_file))
    return 0


def export_action_list(args: argparse.Namespace) -> int:
    """``export actions``: all open actions, one meeting's or one organisation's, as .xlsx."""
    from wiec_desktop.exports.documents import variant_target

    audience, password = audience_of(args), password_of(args)
    target = variant_target(checked_output(args.output, ".xlsx"), audience)
    replaced: list[Replacement] = []
    from wiec_desktop.services.actions.action_list import ActionListScope

    if args.meeting is not None:
        scope = ActionListScope.for_meeting(args.meeting)
    elif args.organisation is not None:
        scope = ActionListScope.for_organisation(args.organisation)
    else:
        scope = ActionListScope.all_open()

    def write(services: Any) -> str:
        from wiec_desktop.exports import documents

        data = write_or_fail(
            lambda: documents.write_action_list(
                services, scope, target, audience=audience, password=password, replaced=replaced
            ),
            target,
        )
        return (
            f"Actielijst geëxporteerd: {target} ({len(data.rows)} acties, {data.overdue_count} te laat)\n"
            + replacement_line(audience, replaced, password is not None)
        )

    print(with_services(args.db, write, args.passphrase_file))
    return 0


def export_meeting_document(args: argparse.Namespace) -> int:
    """``export minutes|agenda|ics`` of one meeting."""
    kind: str = args.export_kind
    from wiec_desktop.exports.documents import variant_target

    audience, password = audience_of(args), password_of(args)
    target = variant_target(checked_output(args.output, ".ics" if kind == "ics" else ".docx"), audience)
    replaced: list[Replacement] = []
    template = template_path(getattr(args, "template", None))
    organiser = _organiser(getattr(args, "organiser", None)) if kind == "ics" else None

    def write(services: Any) -> str:
        from wiec_desktop.exports import documents
        from wiec_desktop.services.meetings.minutes_data import MinutesNotAvailable

        chosen: dict[str, Any] = {"audience": audience, "replaced": replaced}
        writers: dict[str, Callable[[], object]] = {
            "minutes": lambda: documents.write_minutes(
                services, args.meeting, target, template, **chosen, password=password
            ),
            "agenda": lambda: documents.write_agenda(
                services, args.meeting, target, template, **chosen, password=password
            ),
            "ics": lambda: documents.write_invitation(services, args.meeting, target, organiser, **chosen),
        }
        try:
            write_or_fail(writers[kind], target, meeting_id=args.meeting)
        except MinutesNotAvailable as exc:
            raise UsageError(_no_minutes(exc, args)) from exc
        return f"{MEETING_DOCUMENTS[kind]} geëxporteerd: {target}\n" + replacement_line(
            audience, replaced, password is not None
        )

    print(with_services(args.db, write, args.passphrase_file))
    return 0


def _no_minutes(error: MinutesNotAvailable, args: argparse.Namespace) -> str:
    """Why a meeting has no minutes, in one line; for a planned one, the command for its agenda."""
    from wiec_desktop.domain.enums import MeetingStatus

    if error.status != MeetingStatus.PLANNED:
        return " ".join(error.errors.values())
    db = "…" if "://" in args.db else args.db  # a URL may hold a password
    return (
        f"Overleg {args.meeting} is nog niet gehouden, dus er is nog geen verslag. De agenda maakt u "
        f"met: wiec-desktop export agenda --db {db} --meeting {args.meeting} -o AGENDA.docx"
    )


def with_services(db: str, work: Callable[[Any], str], passphrase_file: str | None = None) -> str:
    """Open ``db`` (asking for its passphrase when encrypted), run ``work(services)`` and close the
    database again; the services' Dutch messages (not found, not valid) become one-line ``UsageError``s
    and a database error of the disk (full, read-only, locked) its ``StorageError``."""
    from wiec_desktop.cli.opening import open_for_cli
    from wiec_desktop.services.base import storage_errors
    from wiec_desktop.services.registry import Services
    from wiec_desktop.services.validation import NotFound, ValidationError

    with storage_errors():  # a database on a full or read-only disk: the vocabulary's line
        database = open_for_cli(db, passphrase_file)
        try:
            return work(Services(database.session_factory))
        except ValidationError as exc:
            raise UsageError(" ".join(exc.errors.values())) from exc
        except NotFound as exc:
            raise UsageError(str(exc)) from exc
        finally:
            database.close()


def write_or_fail(write: Callable[[], Any], target: Path, *, meeting_id: int | None = None) -> Any:
    """Run a document writer: a template the writer refuses and a file that cannot be written
    become one line; an unknown meeting names the command that lists them."""
    from wiec_desktop.exports.docx.template import TemplateError
    from wiec_desktop.services.validation import NotFound

    try:
        return write()
    except TemplateError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise file_not_written(target, exc) from exc
    except NotFound as exc:
        if meeting_id is None:
            raise
        raise UsageError(f"Overleg {meeting_id} bestaat niet; zie 'wiec-desktop list meetings'.") from exc


def _organiser(text: str | None) -> tuple[str, str] | None:
    """``"Marieke Verbeek <m.verbeek@example.nl>"`` → (name, address)."""
    if text is None:
        return None
    from email.utils import parseaddr

    name, address = parseaddr(text)
    if "@" not in address:
        raise UsageError(f'{text!r}: geef de organisator als "Naam <adres@voorbeeld.nl>".')
    return name or address, address
