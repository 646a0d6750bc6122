"""What a Word or Excel file carries besides its text, and an optional password.

- ``scrub_docx`` / ``scrub_workbook`` empty the document properties that can name a person: the
  author and last editor become the program, comments, keywords, category and the custom
  properties go, also those inherited from a chair's own Word template (``docProps/custom.xml``,
  and the company and manager in ``docProps/app.xml``).
- ``write_protected`` encrypts a finished .docx or .xlsx with a password (``msoffcrypto-tool``: the
  ECMA-376 "agile" encryption Word and Excel open) and writes it all or nothing, so a report can be
  e-mailed with the password given another way. The plain package exists only in memory.

No Qt. Never logs a password or a document's text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from wiec_desktop.atomic_file import write_atomically

APP_NAME = "WIEC Desktop"
EMPTY_PASSWORD_MESSAGE = "Een wachtwoord mag niet leeg zijn."
_CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_EXTENDED_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
)
# Elements of docProps/app.xml that can name a person or an organisation's staff.
_APP_PERSONAL = re.compile(rb"<(Company|Manager|HyperlinkBase)>[^<]*</\1>|<(Company|Manager|HyperlinkBase)/>")


def scrub_docx(document: Any) -> None:
    """Empty the personal document properties of a python-docx ``Document`` (before saving)."""
    properties = document.core_properties
    properties.author = APP_NAME
    properties.last_modified_by = APP_NAME
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    properties.content_status = ""
    properties.identifier = ""
    properties.language = ""
    properties.version = ""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == _CUSTOM_PROPERTIES:
            del package.rels[rel_id]
        elif rel.reltype == _EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            part._blob = _APP_PERSONAL.sub(b"", part.blob)


def scrub_workbook(workbook: Any) -> None:
    """Empty the personal document properties of an openpyxl ``Workbook`` (before saving)."""
    properties = workbook.properties
    properties.creator = APP_NAME
    properties.lastModifiedBy = APP_NAME
    properties.description = None
    properties.keywords = None
    properties.category = None
    properties.contentStatus = None
    properties.identifier = None
    properties.language = None
    properties.version = None
    custom = getattr(workbook, "custom_doc_props", None)
    if custom is not None:
        for name in list(custom.names):
            del custom[name]


def encrypt(package: bytes, password: str) -> bytes:
    """``package`` (.docx/.xlsx bytes) encrypted with ``password``."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise ValueError(EMPTY_PASSWORD_MESSAGE)
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(package)).encrypt(password, out)
    return out.getvalue()


def decrypt(path: Path | str, password: str) -> bytes:
    """The plain package of the protected file ``path`` (``msoffcrypto.exceptions.InvalidKeyError``
    for a wrong password)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(path, "rb") as stream:
        office = OOXMLFile(stream)
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    return out.getvalue()


def is_protected(path: Path | str) -> bool:
    """Whether ``path`` is an encrypted Office file (an OLE container, not a zip package)."""
    with open(path, "rb") as stream:
        return stream.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def write_package(target: Path | str, save: Callable[[BinaryIO], object], password: str | None) -> Path:
    """Write the package ``save(stream)`` produces to ``target``, all or nothing; encrypted with
    ``password`` when one is given (the plain package then only exists in memory)."""
    if password is None:
        return write_atomically(target, save)
    buffer = io.BytesIO()
    save(buffer)
    protected = encrypt(buffer.getvalue(), password)
    return write_atomically(target, lambda stream: stream.write(protected))


def protect_file(target: Path | str, password: str) -> Path:
    """Encrypt the finished file ``target`` in place, all or nothing."""
    package = Path(target).read_bytes()
    protected = encrypt(package, password)
    return write_atomically(target, lambda stream: stream.write(protected))


__all__ = [
    "APP_NAME",
    "decrypt",
    "encrypt",
    "is_protected",
    "protect_file",
    "scrub_docx",
    "scrub_workbook",
    "write_package",
]
