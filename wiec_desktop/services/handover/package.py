"""A handover package for a successor chair: making it and opening it on another laptop.

``make_package`` puts into one encrypted file (``seal``) a zip, built in memory, of:
``database.sqlite`` (a consistent plain copy, see ``database_copy``), ``instellingen.json`` and the
chair's Word template under ``sjablonen/`` (``HandoverSettings``: never the SMTP password, nothing
machine-local), the one-page summary ``overdracht-samenvatting.docx`` (rendered by the caller:
exports sit above services) and ``manifest.json`` with the rows per table and the size and
sha256 of every other member. The file is written with ``atomic_file.write_atomically`` (all or
nothing) and never over an existing file.

``open_package`` checks everything in memory first (authentication, the manifest, every member's
sha256), writes the database to a NEW file in the chosen folder under a temporary name, runs
``PRAGMA integrity_check`` and compares the rows per table with the manifest, and only then gives
it its name (never replacing a file). Any failure leaves nothing behind. The settings are returned,
for the window to apply after the chair confirms. No Qt.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wiec_desktop import __version__
from wiec_desktop.atomic_file import write_atomically
from wiec_desktop.services.handover.archive import (
    SUFFIX,
    TOO_NEW_MESSAGE,
    HandoverError,
    check_passphrase_strength,
    seal,
    unseal,
)
from wiec_desktop.services.handover.database_copy import (
    open_in_memory,
    plain_database_bytes,
    remove_database_file,
    table_counts,
)
from wiec_desktop.services.handover.settings import (
    SETTINGS_MEMBER,
    TEMPLATE_FOLDER,
    HandoverSettings,
    safe_member_name,
)
from wiec_desktop.services.handover.summary import HandoverSummary, read_summary
from wiec_desktop.storage.backups import integrity_problem

if TYPE_CHECKING:
    from wiec_desktop.storage.database import Database

DATABASE_MEMBER = "database.sqlite"
SUMMARY_MEMBER = "overdracht-samenvatting.docx"
MANIFEST_MEMBER = "manifest.json"
MANIFEST_FORMAT = 1
MAX_PACKAGE_BYTES = 2 * 1024**3  # a package larger than this is refused before it is read
SUMMARY_SUFFIX = "-samenvatting.docx"

T = TypeVar("T")

SummaryRenderer = Callable[[HandoverSummary], bytes]
"""Renders the summary as a .docx (``exports.docx.handover_summary.summary_docx_bytes``)."""


@dataclass(frozen=True)
class MadePackage:
    """A package written: where, what it holds (rows per table), and the summary's data."""

    path: Path
    counts: dict[str, int]
    summary: HandoverSummary
    settings_included: bool


@dataclass(frozen=True)
class ReceivedPackage:
    """A package opened: the NEW database file, the settings to apply (after confirmation), the
    Word template written beside the database (if any) and what the manifest says."""

    database: Path
    settings: HandoverSettings
    template: Path | None
    counts: dict[str, int]
    made_on: str
    source_name: str
    summary_docx: bytes = field(default=b"", repr=False)


def summary_path(package: Path) -> Path:
    """Where the summary for policymakers goes beside the package: ``x.wiec-overdracht`` →
    ``x-samenvatting.docx``."""
    stem = package.name.removesuffix(SUFFIX) if package.name.endswith(SUFFIX) else package.stem
    return package.with_name(stem + SUMMARY_SUFFIX)


def package_target(target: Path) -> Path:
    """``target`` with the package suffix (added when missing)."""
    target = Path(target)
    return target if target.name.endswith(SUFFIX) else target.with_name(target.name + SUFFIX)


def make_package(
    database: Database,
    target: Path,
    passphrase: str,
    today: date,
    *,
    settings: HandoverSettings | None = None,
    summary: SummaryRenderer | None = None,
    progress: Callable[[int], None] | None = None,
) -> MadePackage:
    """Write the handover package of ``database`` to the NEW file ``target`` (see the module)."""
    report = progress or (lambda _percent: None)
    check_passphrase_strength(passphrase)
    target = package_target(target)
    if database.location.path is None:
        raise HandoverError(
            "Van een databaseserver wordt geen overdracht gemaakt; alleen van een databasebestand."
        )
    if target.exists():
        raise HandoverError(f"{target.name} bestaat al; kies een nieuwe naam voor de overdracht.")
    if not target.parent.is_dir():
        raise HandoverError(f"De map {target.parent} bestaat niet.")
    settings = settings or HandoverSettings()
    report(5)
    data = _oserrors(lambda: plain_database_bytes(database, target.parent), "gemaakt")
    report(40)
    connection = open_in_memory(data)
    try:
        counts = table_counts(connection)
        handed_over = read_summary_from(connection, today)
    finally:
        connection.close()
    members: dict[str, bytes] = {DATABASE_MEMBER: data, SETTINGS_MEMBER: settings.to_json()}
    template_name = safe_member_name(settings.word_template_name)
    if settings.word_template and template_name:
        members[TEMPLATE_FOLDER + template_name] = settings.word_template
    if summary is not None:
        members[SUMMARY_MEMBER] = summary(handed_over)
    report(60)
    manifest = {
        "format": MANIFEST_FORMAT,
        "program": f"WIEC Desktop {__version__}",
        "made_on": today.isoformat(),
        "source_name": safe_member_name(database.location.path.name),
        "counts": counts,
        "members": {
            name: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in members.items()
        },
    }
    members[MANIFEST_MEMBER] = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    sealed = seal(_zip(members), passphrase)
    report(90)
    _oserrors(lambda: write_atomically(target, lambda stream: stream.write(sealed)), "geschreven")
    report(100)
    return MadePackage(target, counts, handed_over, not settings.is_empty)


def read_summary_from(connection: object, today: date) -> HandoverSummary:
    """The summary of the copy in the package (so it describes exactly what is handed over)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
    try:
        with Session(engine) as session:
            return read_summary(session, today)
    finally:
        engine.dispose()


def open_package(file: Path, passphrase: str, target_folder: Path) -> ReceivedPackage:
    """Open the package ``file`` into ``target_folder`` (see the module); returns what was received."""
    file, target_folder = Path(file), Path(target_folder)
    if not file.is_file():
        raise HandoverError(f"{file} bestaat niet of is geen bestand.")
    if not target_folder.is_dir():
        raise HandoverError(f"De map {target_folder} bestaat niet.")
    if file.stat().st_size > MAX_PACKAGE_BYTES:
        raise HandoverError(
            f"{file.name} is groter dan {MAX_PACKAGE_BYTES // 1024**3} GB; dat is geen overdracht."
        )
    sealed = _oserrors(file.read_bytes, "gelezen")
    members, manifest = _read_members(unseal(sealed, passphrase, file.name))
    counts = {str(k): int(v) for k, v in dict(manifest.get("counts") or {}).items()}
    data = members[DATABASE_MEMBER]
    _check_database(data, counts)
    template_member = next((name for name in members if name.startswith(TEMPLATE_FOLDER)), None)
    settings = HandoverSettings.from_json(
        members.get(SETTINGS_MEMBER, b"{}"), members[template_member] if template_member else b""
    )
    source_name = safe_member_name(str(manifest.get("source_name") or "")) or "overdracht.sqlite"
    stem = Path(source_name).stem
    database = _write_new(target_folder, f"{stem}-overgedragen.sqlite", data, check=True)
    template = None
    try:
        if template_member and settings.word_template_name:
            template = _write_new(target_folder, settings.word_template_name, settings.word_template)
    except BaseException:
        remove_database_file(database)
        raise
    return ReceivedPackage(
        database,
        settings,
        template,
        counts,
        str(manifest.get("made_on") or ""),
        source_name,
        members.get(SUMMARY_MEMBER, b""),
    )


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``, ``name (3)``… when that exists: never an existing file."""
    candidate = folder / name
    number = 2
    while candidate.exists() or candidate.is_symlink():
        path = Path(name)
        candidate = folder / f"{path.stem} ({number}){path.suffix}"
        number += 1
    return candidate


# --- helpers -------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, content)
    return buffer.getvalue()


def _read_members(payload: bytes) -> tuple[dict[str, bytes], dict[str, object]]:
    """Every member, checked against the manifest (sizes before reading, then sha256)."""
    damaged = HandoverError("De overdracht is niet in orde (de inhoud klopt niet met de inhoudsopgave).")
    try:
        package = zipfile.ZipFile(io.BytesIO(payload))
        manifest = json.loads(package.read(MANIFEST_MEMBER))
        listed: dict[str, dict[str, object]] = dict(manifest["members"])
        if int(manifest.get("format", 0)) > MANIFEST_FORMAT:
            raise HandoverError(TOO_NEW_MESSAGE.format(name="De overdracht"))
        names = {info.filename for info in package.infolist()} - {MANIFEST_MEMBER}
        if names != set(listed) or DATABASE_MEMBER not in names:
            raise damaged
        members = {}
        for info in package.infolist():
            if info.filename == MANIFEST_MEMBER:
                continue
            expected = listed[info.filename]
            if info.file_size != int(expected["size"]):  # type: ignore[call-overload]
                raise damaged
            content = package.read(info)
            if len(content) != info.file_size or hashlib.sha256(content).hexdigest() != expected["sha256"]:
                raise damaged
            members[info.filename] = content
    except HandoverError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, json.JSONDecodeError) as error:
        raise damaged from error
    return members, manifest


def _check_database(data: bytes, counts: dict[str, int]) -> None:
    """The database member must pass ``PRAGMA integrity_check`` and hold the manifest's rows."""
    try:
        connection = open_in_memory(data)
    except Exception as error:
        raise HandoverError("De database in de overdracht is niet leesbaar.") from error
    try:
        first = connection.execute("PRAGMA integrity_check").fetchone()
        if not first or first[0] != "ok":
            raise HandoverError("De database in de overdracht is beschadigd (integriteitscontrole).")
        if table_counts(connection) != counts:
            raise HandoverError("De database in de overdracht heeft niet de aantallen van de inhoudsopgave.")
    except HandoverError:
        raise
    except Exception as error:
        raise HandoverError("De database in de overdracht is niet leesbaar.") from error
    finally:
        connection.close()


def _write_new(folder: Path, name: str, data: bytes, *, check: bool = False) -> Path:
    """``data`` in a NEW file in ``folder`` (a free name): written under a temporary name, flushed,
    for a database checked with ``PRAGMA integrity_check``, then renamed. Nothing left on failure."""
    final = free_name(folder, name)
    partial = folder / f".{final.name}.partial"
    try:
        remove_database_file(partial)
        with open(partial, "xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if check:
            problem = integrity_problem(partial)
            if problem:
                raise HandoverError(
                    f"De ontvangen database is niet in orde ({problem}); er is niets bewaard."
                )
        final = free_name(folder, name)  # something may have appeared meanwhile
        os.replace(partial, final)
    except OSError as error:
        remove_database_file(partial)
        raise HandoverError(
            f"De overdracht kon niet worden opgeslagen in {folder}: {_reason(error)}."
        ) from error
    except BaseException:
        remove_database_file(partial)
        raise
    return final


def _oserrors(work: Callable[[], T], verb: str) -> T:
    try:
        return work()
    except OSError as error:
        raise HandoverError(f"De overdracht kon niet worden {verb}: {_reason(error)}.") from error


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "de schijf is vol"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "de map is alleen-lezen of niet toegankelijk"
    return error.strerror or type(error).__name__
