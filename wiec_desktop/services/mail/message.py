"""The report e-mail as a message: placeholders, attachments, the draft ``.eml`` and the bytes on
the wire. No Qt.
"""

from __future__ import annotations

import copy
import mimetypes
import re
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from pathlib import Path

from wiec_desktop.atomic_file import write_atomically
from wiec_desktop.services.validation import ValidationError

# How messages are written (draft and SMTP): CRLF, and headers folded only beyond 998 characters.
# The standard 78 trips a bug in Python's folding of a Content-Type with a non-ASCII file name
# (the MIME type itself gets encoded); RFC 5322 allows lines up to 998 characters. Bodies are
# encoded when composed (quoted-printable/base64, short lines), so only headers are affected.
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)

MIME_TYPES = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
    ".ics": ("text", "calendar"),
    ".eml": ("message", "rfc822"),
}
ATTACHMENT_KINDS = {".docx": "Word", ".xlsx": "Excel", ".pdf": "PDF", ".ics": "agenda-uitnodiging"}

DEFAULT_SUBJECT = "Verslag {overleg} van {datum}"
DEFAULT_BODY = (
    "Geachte heer/mevrouw,\n\n"
    "Hierbij ontvangt u het verslag van {het_overleg} van {datum}. "
    "De actuele actielijst is als Excel-bestand bijgevoegd.\n"
    """{status_verslag}

Besluiten
{besluiten}

Nieuwe acties
{nieuwe_acties}

Actielijst
{acties_over_deadline}

Volgend overleg: {volgend_overleg}.

Voor vragen of aanvullingen kunt u contact met mij opnemen.

Met vriendelijke groet,

{afzender}
"""
)

PLACEHOLDERS = {
    "overleg": "naam van het overleg",
    "het_overleg": "naam van het overleg met lidwoord (het …, de …)",
    "datum": "datum van het overleg (dinsdag 3 november 2026)",
    "besluiten": "de besluiten, genummerd",
    "aantal_besluiten": "aantal besluiten",
    "nieuwe_acties": "de nieuwe acties met wie en deadline",
    "aantal_nieuwe_acties": "aantal nieuwe acties",
    "acties_over_deadline": "zin over het aantal acties over de deadline",
    "aantal_over_deadline": "aantal acties over de deadline",
    "volgend_overleg": "datum, tijd en plaats van het volgende overleg",
    "status_verslag": "concept of vastgesteld",
    "afzender": "naam van de afzender",
}
_PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")


def fill_template(template: str, values: Mapping[str, str], field_name: str = "template") -> str:
    """Replace ``{name}`` by ``values[name]``; an unknown placeholder is a ValidationError. Other
    braces are left as they are (no ``str.format``: a template cannot reach attributes)."""
    unknown = sorted({name for name in _PLACEHOLDER_RE.findall(template) if name not in values})
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise ValidationError(
            {
                field_name: f"Onbekende invulplek {', '.join('{' + n + '}' for n in unknown)}. "
                f"Te gebruiken: {known}."
            }
        )
    return _PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], template)



def attachment_type(path: Path) -> tuple[str, str]:
    """The MIME type of an attachment: fixed for the Office files, else guessed."""
    known = MIME_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, encoding = mimetypes.guess_type(path.name)
    if guessed and not encoding and "/" in guessed:
        maintype, subtype = guessed.split("/", 1)
        return maintype, subtype
    return "application", "octet-stream"


def attachment_kind(name: str) -> str:
    """``Word``, ``Excel``, … for the audit log (the kind, never the file name)."""
    suffix = Path(name).suffix.lower()
    return ATTACHMENT_KINDS.get(suffix, suffix.lstrip(".") or "bestand")



def add_attachment(message: EmailMessage, file_name: str, data: bytes) -> None:
    """Attach ``data`` as ``file_name`` with its MIME type; a non-ASCII name is encoded (RFC 2231)
    both as ``filename`` and as the Content-Type ``name`` that older Outlook versions read."""
    maintype, subtype = attachment_type(Path(file_name))
    message.add_attachment(
        data, maintype=maintype, subtype=subtype, filename=file_name, params={"name": file_name}
    )



# --- the draft ----------------------------------------------------------------------------------


def draft_bytes(message: EmailMessage) -> bytes:
    """The message as an unsent draft (``X-Unsent: 1``, CRLF line ends), without changing it."""
    draft = copy.deepcopy(message)
    del draft["X-Unsent"]
    draft["X-Unsent"] = "1"
    return draft.as_bytes(policy=WIRE_POLICY)


def save_draft(message: EmailMessage, target: Path) -> Path:
    """Write the message as a draft ``.eml`` that the mail program opens as a new message to send;
    atomic (a temporary file in the target's folder renamed over the target). Returns the path."""
    target = Path(target)
    write_atomic(target, draft_bytes(message))
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """All or nothing: see ``wiec_desktop.atomic_file``."""
    write_atomically(target, lambda stream: stream.write(data))


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent: CRLF line ends, Bcc left out."""
    outgoing = copy.deepcopy(message)
    del outgoing["Bcc"]
    return outgoing.as_bytes(policy=WIRE_POLICY)

