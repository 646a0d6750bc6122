"""The mail settings the chair enters for "Verslag versturen" and where the SMTP password lives.

- ``MailSettings``: the SMTP settings (no password); ``validate`` gives Dutch messages per field.
- The password lives in the operating system's keyring (``store_password``, ``load_password``,
  ``forget_password``), under the service name ``WIEC Desktop SMTP`` and the key ``username@host``;
  a missing or broken keyring becomes a ``PasswordStoreError`` with a Dutch text.
- ``MailError``: every failure to send, with a Dutch text the chair can act on.

No Qt; nothing here logs personal data.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from typing import Any, TypeVar

from wiec_desktop.services.validation import Checker, ValidationError
from wiec_desktop.translation import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

T = TypeVar("T")

KEYRING_SERVICE = "WIEC Desktop SMTP"
SECURITY_LABELS = {
    "starttls": QT_TRANSLATE_NOOP("MailSettings", "STARTTLS (poort 587)"),
    "ssl": QT_TRANSLATE_NOOP("MailSettings", "SSL/TLS (poort 465)"),
    "none": QT_TRANSLATE_NOOP("MailSettings", "Geen beveiliging (alleen binnen een vertrouwd netwerk)"),
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
MAX_TIMEOUT = 300.0

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9\-]*[A-Za-z0-9])?"
_HOST_RE = re.compile(rf"^(\[[0-9A-Fa-f:.]+\]|{_LABEL}(\.{_LABEL})*)$")


class MailError(Exception):
    """Sending failed; the message is Dutch and can be shown to the chair as it is."""


class MailServerUnusable(MailError):
    """The server could not be reached, refused the secure connection or the login: every other
    message sent now would fail the same way (a batch stops instead of waiting for each)."""


class PasswordStoreError(MailError):
    """The operating system's keyring is missing or refused the request."""


@dataclass(frozen=True)
class SendResult:
    """What the server accepted: ``accepted`` and ``refused`` addresses, the Message-ID, and
    whether the send was recorded in the audit log."""

    accepted: tuple[str, ...]
    refused: tuple[str, ...] = ()
    message_id: str = ""
    recorded: bool = False  # the send is in the audit log


# --- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailSettings:
    """The SMTP settings (the password is kept in the keyring, never here)."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # "starttls" | "ssl" | "none"
    username: str = ""
    sender_address: str = ""
    sender_name: str = ""
    timeout: float = 30.0

    def validate(self, *, for_sending: bool = True) -> None:
        """ValidationError (Dutch, per field) when the settings cannot be used. ``for_sending``:
        a server and a sender address are required (saving half-filled settings is allowed)."""
        check = Checker()
        host = self.host.strip()
        if for_sending:
            check.required("host", host, "De mailserver")
        if host and not _HOST_RE.match(host):
            check.add("host", "Vul de naam van de mailserver in, bijvoorbeeld smtp.voorbeeld.nl.")
        if not isinstance(self.port, int) or not 1 <= self.port <= 65535:
            check.add("port", "De poort moet een getal van 1 tot en met 65535 zijn.")
        if self.security not in SECURITY_LABELS:
            check.add("security", "Kies de beveiliging: STARTTLS, SSL/TLS of geen.")
        if for_sending:
            check.required("sender_address", self.sender_address, "Het afzenderadres")
        check.email("sender_address", self.sender_address)
        if any(ch in self.sender_name for ch in "\r\n"):
            check.add("sender_name", "De naam van de afzender mag geen regelovergang bevatten.")
        check.max_length("sender_name", self.sender_name, 200, "De naam van de afzender")
        if any(ch.isspace() for ch in self.username.strip()):
            check.add("username", "Een gebruikersnaam bevat geen spaties.")
        if self.username.strip() and self.security == "none":
            check.add(
                "security",
                "Met een gebruikersnaam is een beveiligde verbinding nodig: kies STARTTLS of SSL/TLS, "
                "anders gaat het wachtwoord onversleuteld over het netwerk.",
            )
        if not isinstance(self.timeout, int | float) or not 1 <= self.timeout <= MAX_TIMEOUT:
            check.add("timeout", f"De wachttijd moet tussen 1 en {int(MAX_TIMEOUT)} seconden liggen.")
        check.raise_if_any()

    @property
    def keyring_key(self) -> str:
        """The key of the password in the keyring: ``username@host``."""
        return f"{self.username.strip()}@{self.host.strip().lower()}"

    @property
    def sender(self) -> Address | None:
        address = self.sender_address.strip()
        if not address:
            return None
        return mail_address(self.sender_name.strip(), address)

    def to_dict(self) -> dict[str, str]:
        """Plain strings, to keep in the settings file."""
        return {
            "host": self.host,
            "port": str(self.port),
            "security": self.security,
            "username": self.username,
            "sender_address": self.sender_address,
            "sender_name": self.sender_name,
            "timeout": f"{self.timeout:g}",
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> MailSettings:
        """From ``to_dict`` output (or the settings file); bad numbers become 0 so that
        ``validate`` reports them."""
        default = cls()
        return cls(
            host=str(values.get("host") or "").strip(),
            port=_number(values.get("port"), default.port, int),
            security=str(values.get("security") or default.security).strip().lower(),
            username=str(values.get("username") or "").strip(),
            sender_address=str(values.get("sender_address") or "").strip(),
            sender_name=str(values.get("sender_name") or "").strip(),
            timeout=_number(values.get("timeout"), default.timeout, float),
        )


def _number(value: Any, default: T, kind: Callable[[Any], T]) -> T:
    if value is None or value == "":
        return default
    try:
        return kind(value)
    except (TypeError, ValueError):
        return kind(0)


# --- password in the keyring ---------------------------------------------------------------------

NO_KEYRING_MESSAGE = (
    "Het wachtwoord kan niet in de wachtwoordkluis van het besturingssysteem worden bewaard of gelezen "
    "(er is geen wachtwoordkluis beschikbaar of de toegang is geweigerd). Vul het wachtwoord bij het "
    "versturen in."
)


def _keyring_call(call: Callable[[], T]) -> T:
    try:
        return call()
    except Exception as error:  # keyring backends raise many types (KeyringError, D-Bus, OS errors)
        log.warning("Keyring unavailable: %s", type(error).__name__)
        raise PasswordStoreError(NO_KEYRING_MESSAGE) from error


def _require_username(settings: MailSettings) -> None:
    check = Checker()
    check.required("username", settings.username, "De gebruikersnaam")
    check.required("host", settings.host, "De mailserver")
    check.raise_if_any()


def store_password(settings: MailSettings, password: str) -> None:
    """Keep the SMTP password in the keyring under ``username@host``."""
    import keyring

    _require_username(settings)
    _keyring_call(lambda: keyring.set_password(KEYRING_SERVICE, settings.keyring_key, password))


def load_password(settings: MailSettings) -> str | None:
    """The stored password, or None when there is none (or no user name)."""
    import keyring

    if not settings.username.strip() or not settings.host.strip():
        return None
    return _keyring_call(lambda: keyring.get_password(KEYRING_SERVICE, settings.keyring_key))


def forget_password(settings: MailSettings) -> None:
    """Remove the stored password; nothing happens when none is stored."""
    import keyring
    from keyring.errors import PasswordDeleteError

    if not settings.username.strip() or not settings.host.strip():
        return

    def delete() -> None:
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, settings.keyring_key)

    _keyring_call(delete)


def mail_address(name: str, address: str) -> Address:
    try:
        return Address(display_name=" ".join(name.split()), addr_spec=address.strip())
    except (ValueError, IndexError) as error:
        raise ValidationError({"recipients": f"Dit is geen geldig e-mailadres: {address}"}) from error
