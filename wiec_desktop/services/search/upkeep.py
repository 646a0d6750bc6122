"""What an erasure asks of search: the erased words gone from the index file, and the recent
searches forgotten (they may hold the resident's name).

The triggers of ``storage/search_index.py`` already removed or re-indexed the changed rows; FTS5
keeps the old words in older segments until they are merged, so ``after_erasure`` merges them
(``optimize``) inside the erasure's transaction, before its VACUUM.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from wiec_desktop.services.search.service import forget_recent_searches
from wiec_desktop.storage import search_index


def after_erasure(session: Session) -> None:
    """Purge the index of deleted words and forget the recent searches, in ``session``'s transaction."""
    search_index.purge_deleted(session.connection())
    forget_recent_searches(session)
