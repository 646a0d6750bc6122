"""Writing a file all or nothing, for every export (Word, Excel, e-mail drafts, calendar files).

The data goes to a temporary file in the target's own folder (so the final rename stays on one
file system and no personal data lands in the system's temp folder), is flushed to disk, and only
then replaces the target. A new file is readable by its owner only (``mkstemp``); a replaced file
keeps its permissions. On any failure the target is untouched and the temporary file is removed.
A read-only target is never replaced (renaming over it would succeed on POSIX): ``PermissionError``.

``StagedFile`` splits the two steps for an export that is logged: the document is written under a
hidden name beside the target first, and ``publish`` renames it into place inside the transaction
that records the export (``services.base.publishing``), so that neither the file nor its logboek
entry exists without the other: a failed rename rolls the entry back, a failed commit takes the
file back (the earlier file under that name, if any, is put back as it was).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast


def write_atomically(target: Path | str, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(stream)`` on a temporary file beside ``target`` and rename it over ``target``.
    Raises ``OSError`` (file open in Word/Excel on Windows, disk full, no permission) unchanged."""
    target = Path(target)
    refuse_read_only(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    sink = _Sink(os.fdopen(handle, "wb"))
    try:
        write(cast(BinaryIO, sink))
        sink.finish()
        with contextlib.suppress(OSError):
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        sink.abandon()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


READ_ONLY_REASON = "het bestand is alleen-lezen"


def refuse_read_only(target: Path) -> None:
    """``PermissionError`` (with a Dutch reason) when ``target`` exists and may not be written:
    no write permission bits (the read-only attribute on Windows), or no access for this user."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself reports what is wrong
    if stat.S_ISREG(mode) and (
        not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK)
    ):
        raise PermissionError(errno.EACCES, READ_ONLY_REASON, str(target))


class _Sink:
    """The stream a writer gets: the temporary file, until the write is abandoned after a failure.

    A zip writer (python-docx, openpyxl) that failed half-way (a full disk) is not closed; when it is
    collected later its ``__del__`` writes its directory to the stream and, with the file already
    closed, printed "Exception ignored … ValueError: seek of closed file" after the one-line message.
    Once abandoned, the sink swallows whatever such a writer still does."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream: BinaryIO | None = stream
        self._position = 0

    def write(self, data: Any) -> int:
        if self._stream is None:
            return len(data)
        return self._stream.write(data)

    def tell(self) -> int:
        return self._position if self._stream is None else self._stream.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._position if self._stream is None else self._stream.seek(offset, whence)

    def flush(self) -> None:
        if self._stream is not None:
            self._stream.flush()

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        if self._stream is None:
            return b""
        raise OSError(errno.EBADF, "not readable")

    @property
    def closed(self) -> bool:
        return False

    def close(self) -> None:
        """Writers may close their stream; the file itself is closed by ``finish``/``abandon``."""

    def finish(self) -> None:
        """Flush the data to the disk and close the file (``OSError`` for a full disk)."""
        assert self._stream is not None
        self._stream.flush()
        os.fsync(self._stream.fileno())
        stream, self._stream = self._stream, None
        stream.close()

    def abandon(self) -> None:
        """Close the file after a failure (ignoring the errors a full disk gives) and go inert."""
        if self._stream is None:
            return
        stream, self._stream = self._stream, None
        with contextlib.suppress(OSError, ValueError):
            self._position = stream.tell()
        with contextlib.suppress(OSError, ValueError):
            stream.close()


class StagedFile:
    """A document written under a hidden name beside ``target``, made visible by ``publish``.

    Use: ``staged = StagedFile.reserve(target)``; write the document to ``staged.path`` (the
    writers' own ``write_atomically`` keeps that all or nothing too); then ``publish()`` (inside the
    logging transaction), and ``finish()`` once committed or ``revert()`` when the commit failed;
    ``discard()`` in every case removes what is left. A read-only target is refused at both ends."""

    def __init__(self, target: Path, path: Path) -> None:
        self.target = target
        self.path = path
        self.published = False
        self._previous: Path | None = None

    @classmethod
    def reserve(cls, target: Path | str) -> StagedFile:
        """A hidden name beside ``target`` for its new content (``PermissionError`` for a read-only
        target, ``OSError`` for a folder that is missing or cannot be written)."""
        target = Path(target)
        refuse_read_only(target)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".nieuw.tmp", dir=target.parent)
        os.close(handle)
        return cls(target, Path(name))

    def publish(self) -> Path:
        """Rename the written document into place; the file it replaces is kept aside (a hard link)
        until ``finish``, so that ``revert`` can put it back. ``OSError`` leaves the target as it was."""
        refuse_read_only(self.target)
        with contextlib.suppress(OSError):
            if self.target.exists():
                os.chmod(self.path, self.target.stat().st_mode & 0o7777)
        if self.target.exists():
            previous = self.path.with_name(self.path.name[: -len(".nieuw.tmp")] + ".vorige.tmp")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(previous)
            try:
                os.link(self.target, previous)
                self._previous = previous
            except OSError:
                self._previous = None  # no hard links here: a failed commit then removes the file
        try:
            os.replace(self.path, self.target)
        except BaseException:
            self._drop_previous()
            raise
        self.published = True
        _sync_folder(self.target.parent)
        return self.target

    def revert(self) -> None:
        """Take a published document back: the earlier file returns, or the new one goes."""
        if not self.published:
            return
        self.published = False
        with contextlib.suppress(OSError):
            if self._previous is not None:
                os.replace(self._previous, self.target)
                self._previous = None
            else:
                os.unlink(self.target)
        _sync_folder(self.target.parent)

    def finish(self) -> None:
        """The export is committed: forget the earlier file."""
        self._drop_previous()

    def discard(self) -> None:
        """Remove whatever is left beside the target (the unpublished document, the earlier file)."""
        if not self.published:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self._drop_previous()

    def _drop_previous(self) -> None:
        if self._previous is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._previous)
            self._previous = None


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
