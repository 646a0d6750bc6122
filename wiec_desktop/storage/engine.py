"""The one place where database engines are built, from a path or an SQLAlchemy URL.

SQLite files get WAL, ``foreign_keys=ON`` and ``synchronous=FULL`` on every connection. Anything
SQLite-specific stays in this package. A read-only engine (``read_only=True``) opens a SQLite file
with the URI ``mode=ro`` (plus ``immutable=1`` when the file has no write-ahead log beside it, so
that reading creates no -wal or -shm; with a log there, a writer is at work and ``mode=ro`` reads
its latest commits through the shared -shm) and ``query_only``: every write fails with SQLite's
"attempt to write a readonly database", which ``classify`` turns into ``DatabaseReadOnly``. A
server gets read-only transactions. With a passphrase a SQLite file is encrypted at rest with
SQLCipher (``sqlite+pysqlcipher`` on ``sqlcipher3``); the passphrase lives only in the engine's URL
(hidden in every rendering of it) for as long as the engine exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from wiec_desktop.storage.errors import EncryptionUnsupported, InvalidDatabaseAddress

SQLITE_HEADER = b"SQLite format 3\x00"
ENCRYPTION_UNSUPPORTED = (
    "Versleuteling met een wachtwoordzin kan alleen bij een SQLite-databasebestand, niet bij een "
    "databaseserver (zoals PostgreSQL): beveilig die op de server."
)


@dataclass(frozen=True)
class DatabaseLocation:
    """Where a database lives: a SQLite file path, or any other SQLAlchemy URL."""

    url: URL

    @classmethod
    def parse(cls, path_or_url: str | Path) -> DatabaseLocation:
        text = str(path_or_url)
        if "://" in text:
            try:
                return cls(make_url(text))
            except ArgumentError as error:
                raise InvalidDatabaseAddress(
                    f"{_shown(text)} is geen geldig database-adres. Geef een bestand op, of een adres als "
                    "postgresql+psycopg://gebruiker@server/wiec."
                ) from error
        return cls(URL.create("sqlite", database=str(Path(text).expanduser().resolve())))

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The file of a file-based SQLite database, else ``None``."""
        db = self.url.database
        if not self.is_sqlite or not db or db == ":memory:" or db.startswith("file:"):
            return None
        return Path(db)

    def display(self) -> str:
        """For the status bar and About box: the file path, or the URL without password."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA query_only=ON")
    finally:
        cursor.close()


def read_only_url(location: DatabaseLocation) -> URL:
    """The URL of ``location``'s SQLite file opened read-only (see the module's docstring)."""
    path = location.path
    assert path is not None
    query = {"mode": "ro", "uri": "true"}
    if not path.with_name(path.name + "-wal").exists():
        query["immutable"] = "1"
    return location.url.set(database=path.resolve().as_uri(), query=query)


def make_engine(
    location: DatabaseLocation, passphrase: str | None = None, *, read_only: bool = False
) -> Engine:
    """An engine for ``location``; with ``passphrase`` a SQLCipher engine (SQLite files only);
    ``read_only`` one that cannot write (see the module's docstring)."""
    if read_only:
        return _read_only_engine(location, passphrase)
    if passphrase is not None:
        if location.path is None:
            raise EncryptionUnsupported(ENCRYPTION_UNSUPPORTED)
        url = location.url.set(drivername="sqlite+pysqlcipher", password=passphrase)
        # QueuePool as for plain files (the dialect's default, one connection per thread, would
        # pay the key derivation again for every worker thread)
        engine = create_engine(url, connect_args={"timeout": 5}, poolclass=QueuePool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if location.is_sqlite:
        engine = create_engine(location.url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(location.url, pool_pre_ping=True)
    except NoSuchModuleError as error:
        raise InvalidDatabaseAddress(
            f"Onbekend soort database in {_shown(location.display())}: "
            f"{_shown(location.url.drivername)}. WIEC Desktop werkt met een SQLite-bestand of PostgreSQL "
            "(postgresql+psycopg://…)."
        ) from error
    except ImportError as error:
        raise InvalidDatabaseAddress(
            f"Het stuurprogramma voor {_shown(location.url.drivername)} is niet geïnstalleerd "
            "(voor PostgreSQL: pip install 'wiec-desktop[postgres]')."
        ) from error


def _read_only_engine(location: DatabaseLocation, passphrase: str | None) -> Engine:
    if location.path is not None:
        url = read_only_url(location)
        if passphrase is not None:
            url = url.set(drivername="sqlite+pysqlcipher", password=passphrase)
        engine = create_engine(url, connect_args={"timeout": 5}, poolclass=QueuePool)
        event.listen(engine, "connect", _read_only_pragmas)
        return engine
    if passphrase is not None:
        raise EncryptionUnsupported(ENCRYPTION_UNSUPPORTED)
    if location.is_sqlite:  # in memory: nothing to protect, but no writes either
        engine = create_engine(location.url)
        event.listen(engine, "connect", _read_only_pragmas)
        return engine
    engine = make_engine(location)
    return (
        engine.execution_options(postgresql_readonly=True) if engine.dialect.name == "postgresql" else engine
    )


def _shown(text: str, limit: int = 80) -> str:
    """A user's input quoted in a message, shortened."""
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (services return them to the UI)."""
    return sessionmaker(engine, expire_on_commit=False)
