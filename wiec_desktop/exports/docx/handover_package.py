"""Making a handover package with its summary, for the window and the command line alike.

``write_handover`` asks ``services.handover.make_package`` for the package and hands it the
renderer of the one-page summary: the summary data made fit for policymakers (the same privacy
default as every document, ``exports.documents.for_audience``: no residents' names), written on the
chair's Word template. The same summary bytes go inside the package and, as a .docx, beside it
(for the policymakers who receive the handover letter; never over an existing file). The export
is recorded in the logboek when the database can be written (not for a read-only one). No Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wiec_desktop.atomic_file import write_atomically
from wiec_desktop.services.handover.archive import HandoverError
from wiec_desktop.services.handover.package import MadePackage, free_name, make_package, summary_path
from wiec_desktop.services.handover.settings import HandoverSettings
from wiec_desktop.services.handover.summary import HandoverSummary
from wiec_desktop.storage.errors import StorageError

if TYPE_CHECKING:
    from wiec_desktop.services.registry import Services
    from wiec_desktop.storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WrittenHandover:
    """The package and the summary beside it."""

    package: MadePackage
    summary: Path

    @property
    def path(self) -> Path:
        return self.package.path


def write_handover(
    services: Services,
    database: Database,
    target: Path,
    passphrase: str,
    today: date,
    *,
    settings: HandoverSettings | None = None,
    template: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> WrittenHandover:
    """The package in the NEW file ``target`` and its summary for policymakers beside it."""
    from wiec_desktop.exports.documents import for_audience
    from wiec_desktop.exports.docx.handover_summary import summary_docx_bytes
    from wiec_desktop.services.privacy.redaction import Audience

    rendered: list[bytes] = []

    def render(summary: HandoverSummary) -> bytes:
        prepared = for_audience(services, summary, Audience.POLICYMAKERS)
        rendered.append(summary_docx_bytes(prepared, template))
        return rendered[-1]

    made = make_package(
        database, target, passphrase, today, settings=settings, summary=render, progress=progress
    )
    beside = free_name(made.path.parent, summary_path(made.path).name)
    try:
        write_atomically(beside, lambda stream: stream.write(rendered[-1]))
    except OSError as error:
        raise HandoverError(
            f"De overdracht is gemaakt ({made.path.name}), maar de samenvatting ernaast kon niet worden "
            f"geschreven ({error.strerror or type(error).__name__})."
        ) from error
    try:
        services.audit_log.record_file_export("assignment", None, f"overdracht {made.path.name}")
    except StorageError as error:  # a database opened read-only: the package is still good
        log.info("Handover not recorded in the audit log (%s)", type(error).__name__)
    return WrittenHandover(made, beside)


__all__ = ["WrittenHandover", "write_handover"]
