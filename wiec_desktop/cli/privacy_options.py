"""The privacy options every ``export`` sub-command shares: ``--intern`` (the intern variant with
full detail, chosen explicitly) and ``--password-file FILE`` (encrypt the .docx/.xlsx with the
password on the file's first line, so that it is never typed on a command line or kept in the shell
history). ``replacement_line`` says how many replacements the policymakers' variant made, per kind,
never showing an original."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.cli.errors import UsageError
from wiec_desktop.services.privacy.marks import INTERNAL_MARK

if TYPE_CHECKING:  # imported by the commands that export: building the parser needs neither
    from wiec_desktop.services.privacy.redaction import Audience, Replacement

INTERN_HELP = (
    "de interne variant met alle details (namen, adressen, telefoonnummers), gemarkeerd "
    f"'{INTERNAL_MARK}' op elke pagina en in de bestandsnaam; standaard is de variant voor beleid"
)
PASSWORD_HELP = "beveilig het bestand met het wachtwoord op de eerste regel van dit bestand"


def add_privacy_options(command: Any, *, password: bool = True) -> None:
    """``--intern`` and (for .docx/.xlsx) ``--password-file`` on the sub-parser ``command``."""
    command.add_argument("--intern", action="store_true", help=INTERN_HELP)
    if password:
        command.add_argument("--password-file", metavar="BESTAND", help=PASSWORD_HELP)


def audience_of(args: argparse.Namespace) -> Audience:
    from wiec_desktop.services.privacy.redaction import Audience

    return Audience.INTERNAL if getattr(args, "intern", False) else Audience.POLICYMAKERS


def password_of(args: argparse.Namespace) -> str | None:
    """The password on the first line of ``--password-file`` (None without the option)."""
    name = getattr(args, "password_file", None)
    if name is None:
        return None
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            f"Het wachtwoordbestand {name} is niet te lezen ({type(error).__name__})."
        ) from error
    lines = text.splitlines()
    password = lines[0].rstrip("\r\n") if lines else ""
    if not password:
        raise UsageError(f"Het wachtwoordbestand {name} is leeg; zet het wachtwoord op de eerste regel.")
    return password


def replacement_line(audience: Audience, replaced: Sequence[Replacement], protected: bool) -> str:
    """What the command line adds after the file name: the variant, the replacements per kind and
    whether the file has a password."""
    from wiec_desktop.services.privacy.documents import summary
    from wiec_desktop.services.privacy.redaction import Audience

    if audience is Audience.INTERNAL:
        text = f"intern ({INTERNAL_MARK}): geen vervangingen"
    else:
        text = f"voor beleid: {summary(replaced)}"
    if protected:
        text += "; beveiligd met een wachtwoord"
    return text


__all__ = ["add_privacy_options", "audience_of", "password_of", "replacement_line"]
