"""The sealed container of a handover package (``.wiec-overdracht``): a small header, then the
payload encrypted with AES-256-GCM under a key derived from the passphrase.

Layout (all integers big-endian)::

    magic        16 bytes  b"WIEC-OVERDRACHT\\x00"
    version       1 byte   FORMAT_VERSION
    kdf           1 byte   1 = scrypt, 2 = Argon2id
    cost          4 bytes  scrypt: log2(n); Argon2id: memory in KiB
    r / passes    4 bytes  scrypt: r; Argon2id: iterations
    p / lanes     4 bytes  parallelism
    salt         16 bytes
    nonce        12 bytes
    length        8 bytes  length of the ciphertext (with its 16-byte tag)
    ciphertext   length bytes

The whole header is the GCM's associated data, so a changed byte anywhere (header or payload) fails
authentication, just like a wrong passphrase: ``HandoverUnreadable``. A file shorter or longer than
its header says is ``HandoverIncomplete``. The KDF parameters read from a file are bounded before
use, so a crafted header cannot make the program allocate gigabytes. No Qt; never logs a secret.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from wiec_desktop.storage.errors import StorageError

MAGIC = b"WIEC-OVERDRACHT\x00"
FORMAT_VERSION = 1
SUFFIX = ".wiec-overdracht"
KDF_SCRYPT = 1
KDF_ARGON2ID = 2
_HEADER = struct.Struct(">16sBBIII16s12sQ")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
MIN_PASSPHRASE_LENGTH = 8

# Making: Argon2id with 64 MiB and 3 passes (about 0.2 s here); scrypt n=2**17, r=8 (128 MiB) when
# the installed cryptography has no Argon2id. Reading: never more than these bounds.
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PASSES = 3
ARGON2_LANES = 1
SCRYPT_LOG2_N = 17
SCRYPT_R = 8
SCRYPT_P = 1
MAX_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_PASSES = 20
MAX_LANES = 16

NOT_A_HANDOVER_MESSAGE = "{name} is geen overdrachtsbestand van WIEC Desktop."
TOO_NEW_MESSAGE = (
    "{name} is gemaakt met een nieuwere versie van WIEC Desktop; werk het programma bij om het te openen."
)
INCOMPLETE_MESSAGE = (
    "{name} is onvolledig (afgebroken bij het kopiëren of downloaden); vraag om een nieuwe kopie. "
    "Er is niets geschreven."
)
UNREADABLE_MESSAGE = (
    "De overdracht kan niet worden geopend: de wachtwoordzin is onjuist, of het bestand is beschadigd "
    "of gewijzigd. Er is niets geschreven."
)
WEAK_PASSPHRASE_MESSAGE = (
    f"Kies een wachtwoordzin van minstens {MIN_PASSPHRASE_LENGTH} tekens "
    "(bijvoorbeeld een paar woorden achter elkaar)."
)


class HandoverError(StorageError):
    """A handover package that cannot be made or opened; the Dutch message says why."""


class NotAHandover(HandoverError):
    """The file does not start like a handover package (or has a format this program cannot read)."""


class HandoverIncomplete(HandoverError):
    """The file is shorter (or longer) than its header says: truncated on the way."""


class HandoverUnreadable(HandoverError):
    """Authentication failed: a wrong passphrase, or a changed byte anywhere in the file."""


@dataclass(frozen=True)
class KdfParameters:
    """How the key was derived from the passphrase (stored in the header)."""

    kind: int
    cost: int
    rounds: int
    parallelism: int
    salt: bytes

    @classmethod
    def new(cls) -> KdfParameters:
        """Fresh parameters with a random salt: Argon2id when available, else scrypt."""
        salt = os.urandom(16)
        if _argon2_available():
            return cls(KDF_ARGON2ID, ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES, salt)
        return cls(KDF_SCRYPT, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt)

    def derive(self, passphrase: str) -> bytes:
        """The 32-byte AES key (slow on purpose)."""
        secret = passphrase.encode("utf-8")
        if self.kind == KDF_ARGON2ID:
            from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

            return Argon2id(
                salt=self.salt,
                length=32,
                iterations=self.rounds,
                lanes=self.parallelism,
                memory_cost=self.cost,
            ).derive(secret)
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        return Scrypt(salt=self.salt, length=32, n=2**self.cost, r=self.rounds, p=self.parallelism).derive(
            secret
        )

    def within_bounds(self) -> bool:
        """Whether these parameters (read from a file) are safe to use."""
        if self.kind == KDF_ARGON2ID:
            return (
                8 * self.parallelism <= self.cost <= MAX_MEMORY_BYTES // 1024
                and 1 <= self.rounds <= MAX_PASSES
                and 1 <= self.parallelism <= MAX_LANES
            )
        if self.kind == KDF_SCRYPT:
            return (
                1 <= self.cost <= 24
                and 1 <= self.rounds <= 64
                and 1 <= self.parallelism <= MAX_LANES
                and 128 * self.rounds * (2**self.cost) <= MAX_MEMORY_BYTES
            )
        return False


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse a passphrase that is empty or shorter than ``MIN_PASSPHRASE_LENGTH``."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        raise HandoverError(WEAK_PASSPHRASE_MESSAGE)


def seal(payload: bytes, passphrase: str, kdf: KdfParameters | None = None) -> bytes:
    """The whole file: header and ``payload`` encrypted and authenticated with ``passphrase``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase_strength(passphrase)
    kdf = kdf or KdfParameters.new()
    nonce = os.urandom(12)
    header = _HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        kdf.kind,
        kdf.cost,
        kdf.rounds,
        kdf.parallelism,
        kdf.salt,
        nonce,
        len(payload) + TAG_SIZE,
    )
    return header + AESGCM(kdf.derive(passphrase)).encrypt(nonce, payload, header)


def unseal(data: bytes, passphrase: str, name: str = "Het bestand") -> bytes:
    """The payload of a sealed file; ``NotAHandover``, ``HandoverIncomplete`` or
    ``HandoverUnreadable`` (wrong passphrase or a changed byte) otherwise."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        if data and MAGIC.startswith(data[: len(MAGIC)]):
            raise HandoverIncomplete(INCOMPLETE_MESSAGE.format(name=name))
        raise NotAHandover(NOT_A_HANDOVER_MESSAGE.format(name=name))
    if len(data) < HEADER_SIZE:
        raise HandoverIncomplete(INCOMPLETE_MESSAGE.format(name=name))
    header = data[:HEADER_SIZE]
    _magic, version, kind, cost, rounds, parallelism, salt, nonce, length = _HEADER.unpack(header)
    if version > FORMAT_VERSION:
        raise NotAHandover(TOO_NEW_MESSAGE.format(name=name))
    kdf = KdfParameters(kind, cost, rounds, parallelism, salt)
    if version < 1 or not kdf.within_bounds():
        raise HandoverUnreadable(UNREADABLE_MESSAGE)
    if len(data) != HEADER_SIZE + length:
        raise HandoverIncomplete(INCOMPLETE_MESSAGE.format(name=name))
    try:
        return AESGCM(kdf.derive(passphrase)).decrypt(nonce, data[HEADER_SIZE:], header)
    except (InvalidTag, ValueError):
        raise HandoverUnreadable(UNREADABLE_MESSAGE) from None


def _argon2_available() -> bool:
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: F401
    except ImportError:
        return False
    return True
