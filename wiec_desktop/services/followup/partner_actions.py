"""What one organisation's own-actions workbook holds: plain frozen values handed from the dispatch
service (``services/followup/dispatch.py``) to the writer (``exports/xlsx/partner_workbook.py``),
which lives a layer above and is handed in as a ``WorkbookWriter``. No Qt, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wiec_desktop.domain.enums import ActionStatus, DispatchKind


@dataclass(frozen=True, slots=True)
class PartnerAction:
    """One action as a row of the workbook (texts as stored; the writer makes them safe)."""

    action_id: int
    version: int
    reference: str  # A-2026-031
    description: str
    case: str  # "2026-014 Overlast Hoefkade" or ""
    contact: str  # the contact person who carries it out, or ""
    due_date: date | None
    status: ActionStatus
    last_update: str  # the latest progress note, or ""


@dataclass(frozen=True, slots=True)
class PartnerWorkbook:
    """One organisation's open actions, to fill in and send back."""

    token: str  # PartnerDispatch.token: matches the returned workbook to this database
    organisation_id: int
    organisation: str
    kind: DispatchKind
    sent_on: date
    next_meeting: str  # "dinsdag 8 december 2026 om 14:00 uur, Buurthuis De Mussen" or "nog niet gepland"
    actions: tuple[PartnerAction, ...]


# Writes ``PartnerWorkbook`` to the path (.xlsx) and returns it: ``write_partner_workbook``.
WorkbookWriter = Callable[[PartnerWorkbook, Path], Path]
