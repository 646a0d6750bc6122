"""A database passphrase kept in the operating system's keyring, only when the chair ticks
"Onthoud op deze computer": service ``KEYRING_SERVICE``, key the database file's resolved path.

Like the SMTP password (services/mail/settings.py): the keyring is imported when needed, and a
missing or broken keyring becomes a ``PassphraseStoreError`` with a Dutch text (when storing) or
simply "nothing remembered" (when reading). Only the error's type is logged, never a passphrase.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from wiec_desktop.storage.errors import StorageError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "WIEC Desktop database"
NO_KEYRING_MESSAGE = (
    "De wachtwoordzin kan niet in de wachtwoordkluis van het besturingssysteem worden bewaard "
    "(er is geen wachtwoordkluis beschikbaar of de toegang is geweigerd). U wordt er bij het "
    "openen opnieuw naar gevraagd."
)
T = TypeVar("T")


class PassphraseStoreError(StorageError):
    """The operating system's keyring is missing or refused the request."""


def keyring_key(path: Path) -> str:
    """The key of a database's passphrase in the keyring: its resolved file path."""
    return str(path.expanduser().resolve())


def remember_passphrase(path: Path, passphrase: str) -> None:
    """Keep the passphrase of the database ``path`` in the keyring."""
    import keyring

    _keyring_call(lambda: keyring.set_password(KEYRING_SERVICE, keyring_key(path), passphrase))


def remembered_passphrase(path: Path) -> str | None:
    """The passphrase kept for ``path``, or None (none kept, or no working keyring)."""
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(path))
    except Exception as error:  # no keyring (a bare Linux session, the command line): just ask
        log.debug("Keyring unavailable: %s", type(error).__name__)
        return None


def forget_passphrase(path: Path) -> None:
    """Remove a kept passphrase (after a change, or when it no longer fits); quiet when none."""
    import keyring
    from keyring.errors import PasswordDeleteError

    def delete() -> None:
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, keyring_key(path))

    with contextlib.suppress(PassphraseStoreError):
        _keyring_call(delete)


def _keyring_call(call: Callable[[], T]) -> T:
    try:
        return call()
    except Exception as error:  # keyring backends raise many types (KeyringError, D-Bus, OS errors)
        log.warning("Keyring unavailable: %s", type(error).__name__)
        raise PassphraseStoreError(NO_KEYRING_MESSAGE) from error
