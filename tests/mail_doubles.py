"""Test doubles for e-mail: a recording aiosmtpd handler, a login check, a free port, and
keyring backends kept in memory (or broken), shared by the mail and the dialog tests."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import AuthResult, LoginPassword
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

USER, PASSWORD = "voorzitter", "geheim wachtwoord é"
REFUSED_DOMAIN = "@geweigerd.example.nl"


def free_port() -> int:
    """A port nobody listens on (aiosmtpd's ``Controller(port=0)`` does not work)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Recorder:
    """aiosmtpd handler: keeps what arrives; refuses recipients at ``geweigerd.example.nl``."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.endswith(REFUSED_DOMAIN):
            return "550 5.1.1 Onbekende ontvanger"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def login_check(user: str = USER, password: str = PASSWORD) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator accepting exactly ``user`` with ``password``."""

    def check(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    return check


check_login = login_check()


class MemoryKeyring(KeyringBackend):
    """The operating system's keyring, in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("not stored")
        del self.store[(service, username)]


class BrokenKeyring(MemoryKeyring):
    """A keyring without a working backend (no D-Bus on a bare Linux session)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("D-Bus is not running")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("D-Bus is not running")
