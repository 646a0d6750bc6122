"""Backups of a SQLite database file: made with SQLite's online backup API (an encrypted database
gives encrypted backups, with the same passphrase), verified with ``PRAGMA integrity_check`` before
they count, rotated (7 daily, 4 weekly, 12 monthly), listed with their counts, and restored.

A backup is written under a temporary name in the backup folder and renamed only once it passes the
check, so a backup that exists is a good one; a failed one leaves nothing. Restoring copies the backup
beside the database, checks it, backs up the current file first and only then replaces it (the
database must be closed). That copy is marked ``.voor-herstel`` in its name: listed like the others,
but never removed by the rotation (the next automatic backup of the same day would otherwise take
its place). A database server (PostgreSQL) is backed up on the server. No Qt.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wiec_desktop.storage import encryption
from wiec_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
KEEP_RECENT = timedelta(hours=24)  # every backup of the last day too: a manual one before risky work
# is not replaced by the next automatic one (on close) within the same day
SUFFIX = ".wiec-backup"
ASIDE = ".voor-herstel"  # the current file kept aside by a restore: never rotated away
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?P<aside>" + re.escape(ASIDE) + r")?" + re.escape(SUFFIX) + r"$"
)
COUNTED_TABLES = {"cases": "case", "meetings": "meeting", "actions": "action"}


class BackupFailed(StorageError):
    """A backup or restore that could not be made or did not pass the check; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup in the folder, as the Herstellen list shows it."""

    path: Path
    made_at: datetime
    size: int
    cases: int | None = None
    meetings: int | None = None
    actions: int | None = None
    readable: bool = True
    before_restore: bool = False  # the file as it was before a restore replaced it


def backup_name(database_path: Path, made_at: datetime, *, aside: bool = False) -> str:
    """``wijk.sqlite`` at 2 Dec 2026 14:05:09 → ``wijk.20261202-140509.wiec-backup`` (``aside``:
    ``wijk.20261202-140509.voor-herstel.wiec-backup``)."""
    return f"{database_path.stem}.{made_at.strftime(_STAMP)}{ASIDE if aside else ''}{SUFFIX}"


def make_backup(
    database: Database, folder: Path, now: datetime | None = None, *, aside: bool = False
) -> Path:
    """A verified backup of the open ``database`` in ``folder`` (created if needed); returns its
    path. ``BackupFailed`` (nothing left behind) when it cannot be written or does not check out.
    ``aside``: the copy made before a restore, which the rotation leaves alone."""
    source = database.location.path
    if source is None:
        raise BackupFailed(
            "Een databaseserver wordt op de server zelf geback-upt; WIEC Desktop maakt alleen "
            "back-ups van een databasebestand."
        )
    made_at = (now or datetime.now()).replace(microsecond=0)
    target = folder / backup_name(source, made_at, aside=aside)
    while target.exists():  # two backups in one second (a manual one right after the automatic one)
        made_at += timedelta(seconds=1)
        target = folder / backup_name(source, made_at, aside=aside)
    partial = target.with_name(f".{target.name}.partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove(partial)
        database.copy_to(partial)
        problem = integrity_problem(partial, database.passphrase)
        if problem:
            raise BackupFailed(f"De back-up is niet in orde ({problem}); er is geen back-up bewaard.")
        _fsync(partial)
        os.replace(partial, target)
    except OSError as error:
        _remove(partial)
        raise BackupFailed(f"De back-up kon niet worden gemaakt in {folder}: {_reason(error)}.") from error
    except BaseException:
        _remove(partial)
        raise
    return target


@dataclass(frozen=True)
class BackupMade:
    """What ``back_up_and_rotate`` did: the new backup (None: there was one of today already), why
    the chosen folder was not used (then the backup is in the default folder), what was rotated."""

    path: Path | None
    fallback: str | None = None
    removed: tuple[Path, ...] = ()


def back_up_and_rotate(
    database: Database,
    chosen: Path | None,
    default: Path,
    now: datetime | None = None,
    *,
    unless_made_today: bool = False,
) -> BackupMade:
    """A verified backup in the ``chosen`` folder, or in ``default`` when the chosen one cannot be
    written (an external disk not plugged in: said in ``fallback``, never skipped), followed by the
    rotation of that folder. ``unless_made_today``: nothing when that folder has one of today
    already (the daily backup while the window is open)."""
    moment = (now or datetime.now()).replace(microsecond=0)
    source = database.location.path
    folder, fallback = default, None
    if chosen is not None and chosen != default:
        fallback = folder_problem(chosen)
        if fallback is None:
            folder = chosen
    if unless_made_today and source is not None:
        latest = latest_backup(folder, source)
        if latest is not None and latest.date() == moment.date():
            return BackupMade(None, fallback)
    try:
        made = make_backup(database, folder, moment)
    except BackupFailed as error:
        if fallback is None:
            raise
        raise BackupFailed(
            f"De gekozen back-upmap is niet bruikbaar ({fallback}). {error.message}"
        ) from error
    assert source is not None  # make_backup refuses a database server
    removed = rotate(folder, source, moment)
    return BackupMade(made, fallback, tuple(removed))


def backup_to(database: Database, target: Path) -> Path:
    """A verified backup of ``database`` in the NEW file ``target`` (``wiec-desktop backup -o``)."""
    if target.exists():
        raise BackupFailed(f"{target} bestaat al; kies een nieuwe bestandsnaam voor de back-up.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _remove(partial)
        database.copy_to(partial)
        problem = integrity_problem(partial, database.passphrase)
        if problem:
            raise BackupFailed(f"De back-up is niet in orde ({problem}); er is geen back-up bewaard.")
        _fsync(partial)
        os.replace(partial, target)
    except OSError as error:
        _remove(partial)
        raise BackupFailed(f"De back-up kon niet worden geschreven: {_reason(error)}.") from error
    except BaseException:
        _remove(partial)
        raise
    return target


def integrity_problem(path: Path, passphrase: str | None = None) -> str | None:
    """What ``PRAGMA integrity_check`` finds wrong with the file (first line), or None when it is ok."""
    try:
        connection = encryption.connect_readonly(path, passphrase)
    except StorageError as error:
        return error.message
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except Exception as error:  # sqlite3 and sqlcipher3 DatabaseError alike: the file is damaged
        return str(error) or type(error).__name__
    finally:
        connection.close()
    first = str(rows[0][0]) if rows else "geen antwoord"
    if first != "ok":
        return first
    if not encryption.is_encrypted_file(path):  # a cut-off end may lie in pages integrity_check skips
        from wiec_desktop.storage import integrity

        cut = integrity.problems(path, parts=frozenset({integrity.FILE}))
        return cut[0] if cut else None
    return None


def list_backups(folder: Path, database_path: Path, passphrase: str | None = None) -> list[BackupInfo]:
    """The backups of ``database_path`` in ``folder``, newest first, with their counts (None and
    ``readable=False`` for a backup that cannot be read, e.g. made with another passphrase)."""
    found = []
    for path, made_at in _backups(folder, database_path, include_aside=True):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        counts = _counts(path, passphrase)
        found.append(
            BackupInfo(
                path,
                made_at,
                size,
                *(counts or (None, None, None)),
                readable=counts is not None,
                before_restore=_is_aside(path),
            )
        )
    return found


def latest_backup(folder: Path, database_path: Path) -> datetime | None:
    """When the newest rotated backup of ``database_path`` in ``folder`` was made (None: none)."""
    found = _backups(folder, database_path)
    return found[0][1] if found else None


def folder_problem(folder: Path, *, create: bool = False) -> str | None:
    """Why no backup can be written in ``folder`` (it is missing — an external disk not plugged in —,
    not a folder, or not writable), or None when a test file could be written and removed there.
    ``create``: make a missing folder (only for the default folder: a chosen folder that is
    missing usually means its disk is not there, and must not be made on the computer instead)."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} is geen map"
    if not folder.exists():
        if not create:
            return f"de map {folder} is niet gevonden (is de externe schijf aangesloten?)"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"de map {folder} kon niet worden gemaakt: {_reason(error)}"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".wiec-schrijftest-"):
            pass
    except OSError as error:
        return f"in de map {folder} kan niet worden geschreven: {_reason(error)}"
    return None


def rotate(folder: Path, database_path: Path, now: datetime | None = None) -> list[Path]:
    """Remove the backups that the rotation no longer keeps; returns what was removed."""
    backups = _backups(folder, database_path)  # without the copies kept aside by a restore
    keep = kept(((made_at, path) for path, made_at in backups), now or datetime.now(), recent=KEEP_RECENT)
    removed = []
    for path, _made_at in backups:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def kept(
    backups: Iterable[tuple[datetime, Any]], now: datetime, *, recent: timedelta = timedelta(0)
) -> set[Any]:
    """What the rotation keeps: the newest backup of each of the last ``KEEP_DAILY`` days that have
    one, of each of the last ``KEEP_WEEKLY`` ISO weeks and of the last ``KEEP_MONTHLY`` months,
    every one made less than ``recent`` before ``now``, and anything dated after ``now`` (a clock
    set back must not delete the newest backups)."""
    ordered = sorted(backups, key=lambda item: item[0], reverse=True)
    keep = {item for made_at, item in ordered if made_at > now - recent}
    for period, limit in (
        (lambda moment: moment.date(), KEEP_DAILY),
        (lambda moment: moment.isocalendar()[:2], KEEP_WEEKLY),
        (lambda moment: (moment.year, moment.month), KEEP_MONTHLY),
    ):
        keep |= _newest_per_period(ordered, period, limit)
    return keep


def restore(
    backup: Path,
    database_path: Path,
    backup_folder: Path,
    passphrase: str | None = None,
    make_safety_copy: Callable[[], Path | None] | None = None,
) -> Path | None:
    """Replace the (closed) database file with ``backup``. The backup is checked first; then the
    current file is backed up (``make_safety_copy``, or a byte copy into ``backup_folder``); returns
    that copy's path. ``BackupFailed`` and nothing changed when the backup does not check out."""
    problem = integrity_problem(backup, passphrase)
    if problem:
        raise BackupFailed(f"Deze back-up is niet in orde ({problem}); de database is niet gewijzigd.")
    staged = database_path.with_name(f".{database_path.name}.restore")
    try:
        _remove(staged)
        encryption.copy_file_bytes(backup, staged)
        _fsync(staged)
        safety: Path | None = None
        if database_path.exists():
            safety = make_safety_copy() if make_safety_copy else _byte_copy(database_path, backup_folder)
        for side in encryption.SIDE_FILES:
            _remove(database_path.with_name(database_path.name + side))
        os.replace(staged, database_path)
        wal = staged.with_name(staged.name + "-wal")
        if wal.exists():
            os.replace(wal, database_path.with_name(database_path.name + "-wal"))
    except OSError as error:
        _remove(staged)
        raise BackupFailed(f"Het herstellen is niet gelukt: {_reason(error)}.") from error
    return safety


def _byte_copy(database_path: Path, folder: Path) -> Path:
    """The current (closed) file copied as it is, before a restore replaces it."""
    folder.mkdir(parents=True, exist_ok=True)
    made_at = datetime.now().replace(microsecond=0)
    target = folder / backup_name(database_path, made_at, aside=True)
    while target.exists():
        made_at += timedelta(seconds=1)
        target = folder / backup_name(database_path, made_at, aside=True)
    encryption.copy_file_bytes(database_path, target)
    return target


def _backups(
    folder: Path, database_path: Path, *, include_aside: bool = False
) -> list[tuple[Path, datetime]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["stem"] != database_path.stem or not path.is_file():
            continue
        if match["aside"] and not include_aside:
            continue
        with contextlib.suppress(ValueError):
            found.append((path, datetime.strptime(match["stamp"], _STAMP)))
    return sorted(found, key=lambda item: item[1], reverse=True)


def _is_aside(path: Path) -> bool:
    match = _NAME.match(path.name)
    return bool(match and match["aside"])


def _newest_per_period(
    ordered: list[tuple[datetime, Any]], period: Callable[[datetime], object], limit: int
) -> set[Any]:
    chosen: dict[object, Any] = {}
    for made_at, item in ordered:  # newest first: the first of a period is its newest
        key = period(made_at)
        if key not in chosen:
            if len(chosen) == limit:
                break
            chosen[key] = item
    return set(chosen.values())


def _counts(path: Path, passphrase: str | None) -> tuple[int, int, int] | None:
    try:
        connection = encryption.connect_readonly(path, passphrase)
    except StorageError:
        return None
    try:
        values = [
            connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in COUNTED_TABLES.values()
        ]
    except Exception:  # damaged or not one of ours
        return None
    finally:
        connection.close()
    return values[0], values[1], values[2]


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            candidate.unlink(missing_ok=True)


def _reason(error: OSError) -> str:
    import errno

    if error.errno == errno.ENOSPC:
        return "de schijf is vol"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "de map is alleen-lezen of niet toegankelijk"
    return error.strerror or str(error)
