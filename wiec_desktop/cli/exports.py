"""``wiec-desktop export minutes|agenda|ics|actions``: a meeting's documents and the action list
from the command line, through the same services and exports as the program's window."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wiec_desktop.cli.main import UsageError


def add_meeting_exports(kinds: Any) -> None:
    """Sub-commands of ``export`` for one meeting (``kinds`` is the export sub-parser group)."""
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


def add_action_list_export(kinds: Any) -> None:
    command = kinds.add_parser("actions", help="de actielijst als Excel-werkmap")
    command.add_argument("--db", required=True, metavar="PAD_OF_URL")
    scope = command.add_mutually_exclusive_group()
    scope.add_argument("--meeting", type=int, metavar="ID", help="alleen de acties uit dit overleg")
    scope.add_argument("--organisation", metavar="NAAM", help="alleen de acties van deze organisatie")
    command.add_argument("-o", "--output", required=True, metavar="BESTAND.xlsx")


def export_action_list(args: argparse.Namespace) -> int:
    """``export actions``: all open actions, one meeting's or one organisation's, as .xlsx."""
    target = checked_output(args.output, ".xlsx")
    from wiec_desktop.services.actions.action_list import ActionListScope
    from wiec_desktop.services.registry import Services
    from wiec_desktop.services.validation import NotFound, ValidationError
    from wiec_desktop.storage.database import open_database

    if args.meeting is not None:
        scope = ActionListScope.for_meeting(args.meeting)
    elif args.organisation is not None:
        scope = ActionListScope.for_organisation(args.organisation)
    else:
        scope = ActionListScope.all_open()
    database = open_database(args.db)
    try:
        services = Services(database.session_factory)
        try:
            data = services.action_list.action_list(scope)
        except ValidationError as exc:
            raise UsageError(" ".join(exc.errors.values())) from exc
        except NotFound as exc:
            raise UsageError(str(exc)) from exc
        from wiec_desktop.exports.xlsx.actions import write_actions_xlsx

        _write(lambda path: write_actions_xlsx(data, path, services.today()), target)
        services.action_list.record_export(data, target.name)
    finally:
        database.close()
    print(f"Actielijst geëxporteerd: {target} ({len(data.rows)} acties, {data.overdue_count} te laat)")
    return 0


def checked_output(path: str, suffix: str) -> Path:
    """The output file, refused with one line when its name, folder or kind is wrong."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise UsageError(f"{target.name}: kies een bestandsnaam die op {suffix} eindigt.")
    if not target.parent.is_dir():
        raise UsageError(f"De map {target.parent} bestaat niet.")
    if target.is_dir():
        raise UsageError(f"{target} is een map; geef een bestandsnaam.")
    return target


def export_meeting_document(args: argparse.Namespace) -> int:
    kind: str = args.export_kind
    target = checked_output(args.output, ".ics" if kind == "ics" else ".docx")
    template = _template(getattr(args, "template", None))
    from wiec_desktop.services.registry import Services
    from wiec_desktop.services.validation import NotFound, ValidationError
    from wiec_desktop.storage.database import open_database

    database = open_database(args.db)
    try:
        services = Services(database.session_factory)
        try:
            write = _writer(services, kind, args.meeting, template, getattr(args, "organiser", None))
            _write(write, target)
        except NotFound as exc:
            raise UsageError(
                f"Overleg {args.meeting} bestaat niet; zie 'wiec-desktop list meetings'."
            ) from exc
        except ValidationError as exc:
            raise UsageError(" ".join(exc.errors.values())) from exc
    finally:
        database.close()
    what = {"minutes": "Verslag", "agenda": "Agenda", "ics": "Uitnodiging"}[kind]
    print(f"{what} geëxporteerd: {target}")
    return 0


def _writer(
    services: Any, kind: str, meeting_id: int, template: Path | None, organiser: str | None
) -> Callable[[Path], object]:
    if kind == "ics":
        who = _organiser(organiser)
        return lambda target: services.calendar.write_invitation(meeting_id, target, organiser=who)
    from wiec_desktop.exports.docx.writer import TemplateError

    if kind == "minutes":
        from wiec_desktop.exports.docx.minutes import write_minutes_docx

        data = services.minutes_data.minutes(meeting_id)

        def write(target: Path) -> object:
            try:
                write_minutes_docx(data, target, template)
            except TemplateError as exc:
                raise UsageError(str(exc)) from exc
            services.minutes_data.record_export(meeting_id, "verslag", target.name)
            return target

        return write
    from wiec_desktop.exports.docx.agenda import write_agenda_docx

    agenda = services.minutes_data.agenda(meeting_id)

    def write_agenda(target: Path) -> object:
        try:
            write_agenda_docx(agenda, target, template)
        except TemplateError as exc:
            raise UsageError(str(exc)) from exc
        services.minutes_data.record_export(meeting_id, "agenda", target.name)
        return target

    return write_agenda


def _write(write: Callable[[Path], object], target: Path) -> None:
    try:
        write(target)
    except OSError as exc:
        raise UsageError(f"{target} kon niet worden geschreven: {exc.strerror or exc}.") from exc


def _template(path: str | None) -> Path | None:
    if path is None:
        return None
    template = Path(path).expanduser()
    if not template.is_file():
        raise UsageError(f"Het sjabloon {template} bestaat niet.")
    return template


def _organiser(text: str | None) -> tuple[str, str] | None:
    """``"Marieke Verbeek <m.verbeek@example.nl>"`` → (name, address)."""
    if text is None:
        return None
    from email.utils import parseaddr

    name, address = parseaddr(text)
    if "@" not in address:
        raise UsageError(f'{text!r}: geef de organisator als "Naam <adres@voorbeeld.nl>".')
    return name or address, address
