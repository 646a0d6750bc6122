"""The report e-mail as a message: placeholders, attachments, the draft ``.eml`` and the bytes on
the wire. No Qt.
"""

from __future__ import annotations

import base64
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
    "acties_over_deadline": "zin over het aantal acties van dit overleg over de deadline",
    "aantal_over_deadline": "aantal acties van dit overleg over de deadline",
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
    """Attach ``data`` as ``file_name`` with its MIME type, named twice as mail programs expect:

    - Content-Disposition ``filename``: for a name that is not plain ASCII in the RFC 2231 form
      (``filename*=utf-8''Verslag%20%C3%A9%C3%A9n.docx``) that current programs read;
    - Content-Type ``name``: the plain parameter that older Outlook versions read instead (they do
      not know RFC 2231), for a non-ASCII name as RFC 2047 encoded words in the quoted value
      (``name="=?utf-8?b?…?="``, what Outlook and Thunderbird write themselves); each encoded word
      on its own line, so a long name stays within the line limits."""
    maintype, subtype = attachment_type(Path(file_name))
    if file_name.isascii():
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=file_name, params={"name": file_name}
        )
        return
    message.add_attachment(data, maintype=maintype, subtype=subtype, filename=file_name)
    part = message.get_payload()[-1]
    del part["Content-Type"]
    # stored as written: the policy would turn a parsed non-ASCII name back into RFC 2231
    part.set_raw("Content-Type", f'{maintype}/{subtype};\r\n name="{encoded_words(file_name)}"')


ENCODED_WORD_BYTES = 42  # 56 base64 characters: an encoded word of 68, a line of at most 76 (RFC 2047)


def encoded_words(text: str) -> str:
    """``text`` as RFC 2047 base64 encoded words (UTF-8), whole characters in each, separated by a
    folded space (which decoders ignore between encoded words)."""
    chunks: list[bytes] = []
    current = b""
    for character in text:
        encoded = character.encode("utf-8")
        if current and len(current) + len(encoded) > ENCODED_WORD_BYTES:
            chunks.append(current)
            current = b""
        current += encoded
    if current:
        chunks.append(current)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks)



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

