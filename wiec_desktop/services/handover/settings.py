"""The settings that belong to the assignment and travel with a handover package.

What this program keeps outside the database (``ui/settings/preferences.Settings``) falls in two:

- with the assignment: the mail server settings for "Verslag versturen" (``MailSettings``: server,
  port, security, user name, sender; never the password, which stays in the keyring), whether the
  report e-mail of each assignment goes Bcc or To, and the chair's own Word template (its bytes:
  the path means nothing on another laptop);
- machine-local, never handed over: recent and last databases, window sizes and layouts, table
  columns, the reports, export and backup folders, kept passphrases.

The agenda templates and the report recipients live in the database and travel with it. Plain
data, no Qt: the window reads and applies the settings store, the services only carry them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wiec_desktop.services.mail.settings import MailSettings

SETTINGS_MEMBER = "instellingen.json"
TEMPLATE_FOLDER = "sjablonen/"
_MAIL_KEYS = frozenset(MailSettings().to_dict())


@dataclass(frozen=True)
class HandoverSettings:
    """The assignment's settings in a package: ``mail`` is ``MailSettings.to_dict()`` (no password),
    ``recipients_hidden`` Bcc (True) or To (False) per assignment id, ``word_template`` the file
    name and bytes of the chair's own Word template."""

    mail: dict[str, str] = field(default_factory=dict)
    recipients_hidden: dict[int, bool] = field(default_factory=dict)
    word_template_name: str = ""
    word_template: bytes = b""

    @property
    def mail_settings(self) -> MailSettings | None:
        return MailSettings.from_dict(self.mail) if any(self.mail.values()) else None

    @property
    def is_empty(self) -> bool:
        return not any(self.mail.values()) and not self.recipients_hidden and not self.word_template

    def to_json(self) -> bytes:
        """The settings member of the package (the template goes in its own member)."""
        document = {
            "mail": {key: value for key, value in self.mail.items() if key in _MAIL_KEYS},
            "recipients_hidden": {str(key): value for key, value in self.recipients_hidden.items()},
            "word_template": self.word_template_name,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, template: bytes = b"") -> HandoverSettings:
        """Read back what ``to_json`` wrote; unknown keys are ignored (only known mail keys kept)."""
        document: Mapping[str, Any] = json.loads(data.decode("utf-8"))
        mail = document.get("mail") or {}
        hidden = document.get("recipients_hidden") or {}
        return cls(
            mail={str(k): str(v) for k, v in mail.items() if k in _MAIL_KEYS},
            recipients_hidden={int(k): bool(v) for k, v in hidden.items() if str(k).isdigit()},
            word_template_name=safe_member_name(str(document.get("word_template") or "")),
            word_template=template,
        )


def with_mail(settings: HandoverSettings, mail: MailSettings | None) -> HandoverSettings:
    """``settings`` with ``mail`` (``MailSettings.to_dict``: it has no password field)."""
    return HandoverSettings(
        mail=mail.to_dict() if mail else {},
        recipients_hidden=settings.recipients_hidden,
        word_template_name=settings.word_template_name,
        word_template=settings.word_template,
    )


def safe_member_name(name: str) -> str:
    """A file name without folders (a name from a package never points outside the target)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "" if base in ("", ".", "..") else base
