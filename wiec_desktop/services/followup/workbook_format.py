"""The layout of the workbook an organisation receives with its own actions — the contract between
the writer (``exports/xlsx/partner_workbook.py``) and the reader (``services/followup/updates_import.py``).

Sheet ``ACTIONS_SHEET`` holds a title block (rows 1..HEADER_ROW-1: title, organisation, next meeting,
how to fill in) and from ``HEADER_ROW`` a table with ``COLUMNS`` in this order. Only the ``OPEN_COLUMNS``
are unlocked; the sheet is protected without a password (guidance, not security). ``Status`` has a
drop-down of ``STATUS_CHOICES``; ``Nieuwe deadline`` accepts only a date. The columns ``Actie-id``,
``Versie`` and ``Controle`` are hidden: the action's id, its ``version`` when sent, and ``row_digest``
over the token and the protected values, so an edit beyond the open columns is seen.

Sheet ``META_SHEET`` is very hidden and holds ``key``/``value`` pairs in columns A/B from row 1:
``META_FORMAT`` = ``FORMAT_NAME``, ``META_VERSION`` = ``FORMAT_VERSION``, ``META_TOKEN`` (the
``PartnerDispatch.token``), ``META_ORGANISATION_ID``, ``META_ORGANISATION``, ``META_SENT_ON``
(ISO date) and ``META_DIGEST`` (``meta_digest`` over the others).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from wiec_desktop.domain.enums import ActionStatus

FORMAT_NAME = "wiec-partner-actions"
FORMAT_VERSION = 1

ACTIONS_SHEET = "Uw acties"
META_SHEET = "wiec"
HEADER_ROW = 6  # rows 1-5: title block; the table's header row; data from HEADER_ROW + 1

COL_REFERENCE = "Nummer"
COL_DESCRIPTION = "Actie"
COL_CASE = "Casus"
COL_CONTACT = "Contactpersoon"
COL_DUE = "Deadline"
COL_LAST_UPDATE = "Laatste voortgang"
COL_STATUS = "Status"
COL_PROGRESS = "Voortgang"
COL_NEW_DUE = "Nieuwe deadline"
COL_ACTION_ID = "Actie-id"
COL_VERSION = "Versie"
COL_CHECK = "Controle"

COLUMNS = (
    COL_REFERENCE, COL_DESCRIPTION, COL_CASE, COL_CONTACT, COL_DUE, COL_LAST_UPDATE,
    COL_STATUS, COL_PROGRESS, COL_NEW_DUE,
    COL_ACTION_ID, COL_VERSION, COL_CHECK,
)  # fmt: skip
OPEN_COLUMNS = (COL_STATUS, COL_PROGRESS, COL_NEW_DUE)
HIDDEN_COLUMNS = (COL_ACTION_ID, COL_VERSION, COL_CHECK)
PROTECTED_VALUE_COLUMNS = (COL_REFERENCE, COL_DESCRIPTION, COL_CASE, COL_CONTACT, COL_DUE)

STATUS_CHOICES = tuple(status.label for status in ActionStatus)

META_FORMAT = "format"
META_VERSION = "versie"
META_TOKEN = "token"
META_ORGANISATION_ID = "organisatie_id"
META_ORGANISATION = "organisatie"
META_SENT_ON = "verzonden_op"
META_DIGEST = "controle"
META_KEYS = (META_FORMAT, META_VERSION, META_TOKEN, META_ORGANISATION_ID, META_ORGANISATION, META_SENT_ON)


def _digest(parts: Iterable[object]) -> str:
    text = "\x1f".join("" if part is None else _plain(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).strip()


def row_digest(token: str, action_id: int, version: int, protected_values: Iterable[object]) -> str:
    """The hidden check of one row: changes when any protected value, the id or the version changes.

    ``protected_values`` are the cells of ``PROTECTED_VALUE_COLUMNS`` in that order, as written
    (dates as ``date``; empty cells as ``None`` or ``""``, which count the same).
    """
    return _digest((token, action_id, version, *protected_values))


def meta_digest(values: dict[str, object]) -> str:
    """The check of the meta sheet over ``META_KEYS`` in order."""
    return _digest(values.get(key) for key in META_KEYS)
