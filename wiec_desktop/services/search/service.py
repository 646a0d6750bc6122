"""One search over every kind of record, for the window's search box and ``wiec-desktop search``.

SQLite answers from the FTS5 index of ``storage/search_index.py`` (bm25, the title weighing more
than the body), PostgreSQL from ``search_document`` with its own text search (the ``dutch``
configuration, ``unaccent``; ``ts_rank``). Either way one statement finds the best
``limit_per_kind`` hits of every kind and each kind's total (window functions over the matches,
only their rowid and rank; the texts are read for the hits alone), then one statement per kind
with hits reads what the title is made of. The recent searches live in the database too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from wiec_desktop.domain import (
    Action,
    Address,
    AgendaItem,
    Case,
    Contact,
    Decision,
    HouseVisit,
    Meeting,
    Organisation,
    RecentSearch,
    Signal,
    action_reference,
    case_reference,
)
from wiec_desktop.domain.base import utcnow
from wiec_desktop.services.base import Service
from wiec_desktop.services.formatting import short_date
from wiec_desktop.services.search.model import (
    DEFAULT_LIMIT_PER_KIND,
    SearchGroup,
    SearchHit,
    SearchKind,
    SearchQuery,
    SearchResults,
)
from wiec_desktop.services.search.query import fts5_match, is_prefix_word, parse_query
from wiec_desktop.services.search.snippets import snippet
from wiec_desktop.storage import search_index

RECENT_KEPT = 10
RECENT_MAX_LENGTH = 200
TITLE_TEXT = 80  # characters of an action's description in its title
BM25_WEIGHTS = "4.0, 1.0"  # title, body
RANKED = 200  # of a kind with more matches, the newest so many are ranked (see _sqlite_matches)


@dataclass(frozen=True)
class _Found:
    """One match as the index returns it."""

    kind: SearchKind
    record_id: int
    rank: float
    title: str = ""
    body: str = ""


class SearchService(Service):
    """Search everything; remember the chair's recent searches."""

    def search(
        self,
        text: str,
        *,
        limit_per_kind: int = DEFAULT_LIMIT_PER_KIND,
        kinds: Iterable[SearchKind] | None = None,
    ) -> SearchResults:
        """The hits of ``text`` grouped by kind (in ``SearchKind`` order), best first."""
        query = parse_query(text)
        wanted = [kind for kind in SearchKind if kinds is None or kind in set(kinds)]
        if query.is_empty or not wanted or limit_per_kind < 1:
            return SearchResults(query)
        with self.reading() as session:
            if session.get_bind().dialect.name == "postgresql":
                found, totals = _postgres_matches(session, query, wanted, limit_per_kind)
            else:
                found, totals = _sqlite_matches(session, query, wanted, limit_per_kind)
            groups = []
            for kind in wanted:
                matches = [f for f in found if f.kind is kind]
                if not matches and not totals.get(kind):
                    continue
                hits = _hits(session, kind, matches, query)
                groups.append(SearchGroup(kind, tuple(hits), totals.get(kind, len(hits))))
        return SearchResults(query, tuple(groups))

    def remember(self, text: str) -> None:
        """Keep ``text`` as the newest recent search (once; at most ten are kept)."""
        shown = " ".join(text.split())[:RECENT_MAX_LENGTH]
        if not shown or parse_query(shown).is_empty:
            return
        with self.transaction() as session:
            session.execute(delete(RecentSearch).where(RecentSearch.text == shown))
            session.flush()
            session.add(RecentSearch(text=shown, searched_at=utcnow()))
            session.flush()
            keep = select(RecentSearch.id).order_by(RecentSearch.searched_at.desc(), RecentSearch.id.desc())
            session.execute(delete(RecentSearch).where(RecentSearch.id.not_in(keep.limit(RECENT_KEPT))))

    def recent(self) -> list[str]:
        """The recent searches, newest first."""
        with self.reading() as session:
            return list(
                session.scalars(
                    select(RecentSearch.text)
                    .order_by(RecentSearch.searched_at.desc(), RecentSearch.id.desc())
                    .limit(RECENT_KEPT)
                )
            )

    def forget_recent(self) -> None:
        """Forget every recent search."""
        with self.transaction() as session:
            forget_recent_searches(session)


def forget_recent_searches(session: Session) -> None:
    """Delete the recent searches in ``session``'s transaction (also after an erasure)."""
    session.execute(delete(RecentSearch))


# --- finding ----------------------------------------------------------------------------------


def _sqlite_matches(
    session: Session, query: SearchQuery, kinds: Sequence[SearchKind], limit: int
) -> tuple[list[_Found], dict[SearchKind, int]]:
    """Per kind: the number of matches, and the best ``limit`` of its newest ``RANKED`` matches
    (bm25 is computed for those only: ranking every one of 100,000 matches of a common word costs
    a second, this a few milliseconds; a group with fewer matches is ranked exactly). Two
    statements: the counts of every kind, then the best rows of the kinds that have any."""
    table = search_index.FTS_TABLE
    ranges = {kind: search_index.kind_range(kind) for kind in kinds}
    counts = " UNION ALL ".join(
        f"SELECT {low} AS low, count(*) FROM {table}"
        f" WHERE {table} MATCH :match AND rowid BETWEEN {low} AND {high}"
        for low, high in ranges.values()
    )
    connection = session.connection()
    match = fts5_match(query, lambda word: search_index.words_beginning_with(connection, word))
    params = {"match": match, "ranked": max(RANKED, limit), "limit": limit}
    totals_by_low = {int(low): int(total) for low, total in session.execute(text(counts), params) if total}
    totals = {kind: totals_by_low[low] for kind, (low, _high) in ranges.items() if low in totals_by_low}
    if not totals:
        return [], {}
    best = " UNION ALL ".join(
        f"SELECT * FROM (SELECT rowid AS rowid, rank FROM ("
        f"SELECT rowid, bm25({table}, {BM25_WEIGHTS}) AS rank"
        f" FROM {table} WHERE {table} MATCH :match AND rowid BETWEEN {low} AND {high}"
        f" ORDER BY rowid DESC LIMIT :ranked) ORDER BY rank, rowid DESC LIMIT :limit)"
        for kind, (low, high) in ranges.items()
        if kind in totals
    )
    rows = session.execute(
        text(
            f"SELECT m.rowid, m.rank, s.title, s.body FROM ({best}) AS m JOIN {table} s ON s.rowid = m.rowid"
            " ORDER BY m.rowid / :span, m.rank, m.rowid DESC"
        ),
        {**params, "span": search_index.KIND_SPAN},
    )
    found = []
    for rowid, rank, title, body in rows:
        kind_name, record_id = search_index.decode_rowid(rowid)
        found.append(_Found(SearchKind(kind_name), record_id, float(rank), title or "", body or ""))
    return found, totals


def postgres_tsquery(query: SearchQuery) -> tuple[str, dict[str, str]]:
    """A PostgreSQL ``tsquery`` expression for ``query`` and its parameters (user text only ever
    as a parameter; the words are letters and digits, and ``:*`` makes them prefixes)."""
    params: dict[str, str] = {}
    positive: list[str] = []
    for index, word in enumerate(query.words):
        params[f"w{index}"] = f"{word}:*" if is_prefix_word(word) else word
        positive.append(f"to_tsquery('dutch', wiec_unaccent(:w{index}))")
    for index, phrase in enumerate(query.phrases):
        params[f"p{index}"] = " ".join(phrase)
        positive.append(f"phraseto_tsquery('dutch', wiec_unaccent(:p{index}))")
    expression = " && ".join(positive)
    for index, word in enumerate(query.excluded):
        params[f"x{index}"] = f"{word}:*" if is_prefix_word(word) else word
        expression += f" && !!to_tsquery('dutch', wiec_unaccent(:x{index}))"
    return expression, params


def _postgres_matches(
    session: Session, query: SearchQuery, kinds: Sequence[SearchKind], limit: int
) -> tuple[list[_Found], dict[SearchKind, int]]:
    expression, params = postgres_tsquery(query)
    codes = {search_index.BY_KIND[kind].code: kind for kind in kinds}
    rows = session.execute(
        text(
            "WITH q AS (SELECT " + expression + " AS q),"
            " m AS (SELECT d.kind, d.record_id, ts_rank(d.document, q.q) AS score,"
            " row_number() OVER (PARTITION BY d.kind ORDER BY ts_rank(d.document, q.q) DESC,"
            " d.record_id DESC) AS n, count(*) OVER (PARTITION BY d.kind) AS total"
            f" FROM {search_index.PG_TABLE} d, q WHERE d.document @@ q.q"
            f" AND d.kind IN ({', '.join(str(code) for code in codes)}))"
            f" SELECT m.kind, m.record_id, m.score, m.total, s.title, s.body FROM m"
            f" JOIN {search_index.PG_TABLE} s ON s.kind = m.kind AND s.record_id = m.record_id"
            " WHERE m.n <= :limit ORDER BY m.kind, m.n"
        ),
        {**params, "limit": limit},
    )
    found: list[_Found] = []
    totals: dict[SearchKind, int] = {}
    for code, record_id, score, total, title, body in rows:
        kind = codes[int(code)]
        totals[kind] = int(total)
        found.append(_Found(kind, int(record_id), -float(score), title or "", body or ""))
    return found, totals


# --- what a hit shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """What a hit's title is and where it leads."""

    title: str
    case_id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None


def _hits(session: Session, kind: SearchKind, matches: list[_Found], query: SearchQuery) -> list[SearchHit]:
    ids = [match.record_id for match in matches]
    places = _PLACES[kind](session, ids) if ids else {}
    hits = []
    for match in matches:
        where = places.get(match.record_id)
        if where is None:  # changed in between: the index row of a record just deleted
            continue
        hits.append(
            SearchHit(
                kind, match.record_id, where.title, snippet(match.title or where.title, match.body, query),
                match.rank, where.case_id, where.meeting_id, where.agenda_item_id,
            )
        )  # fmt: skip
    return hits


def _short(value: str, limit: int = TITLE_TEXT) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _meeting_label(meeting_date: Any, title: str) -> str:
    return f"{short_date(meeting_date)} {title}".strip()


def _cases(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(select(Case.id, Case.year, Case.number, Case.title).where(Case.id.in_(ids)))
    return {r.id: _Where(f"{case_reference(r.year, r.number)} {r.title}", case_id=r.id) for r in rows}


def _meetings(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(select(Meeting.id, Meeting.date, Meeting.title).where(Meeting.id.in_(ids)))
    return {r.id: _Where(_meeting_label(r.date, r.title), meeting_id=r.id) for r in rows}


def _minutes(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.case_id, Meeting.id.label("meeting"), Meeting.date,
               Meeting.title.label("meeting_title"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.id.in_(ids))
    )  # fmt: skip
    return {
        # The item first: a long meeting title is cut at the end of the line, never the item's name.
        r.id: _Where(f"{r.title} — {_meeting_label(r.date, r.meeting_title)}", r.case_id, r.meeting, r.id)
        for r in rows
    }


def _decisions(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(Decision.id, AgendaItem.id.label("item"), AgendaItem.title, AgendaItem.case_id,
               Meeting.id.label("meeting"), Meeting.date, Meeting.title.label("meeting_title"))
        .join(AgendaItem, AgendaItem.id == Decision.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Decision.id.in_(ids))
    )  # fmt: skip
    return {
        r.id: _Where(
            f"Besluit: {r.title} — {_meeting_label(r.date, r.meeting_title)}", r.case_id, r.meeting, r.item
        )
        for r in rows
    }


def _actions(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(Action.id, Action.year, Action.number, Action.description, Action.case_id, Action.meeting_id,
               Action.agenda_item_id)
        .where(Action.id.in_(ids))
    )  # fmt: skip
    return {
        r.id: _Where(
            f"{action_reference(r.year, r.number)} {_short(r.description)}",
            r.case_id, r.meeting_id, r.agenda_item_id,
        )
        for r in rows
    }  # fmt: skip


def _signals(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(Signal.id, Signal.received_on, Signal.street, Signal.case_id).where(Signal.id.in_(ids))
    )
    return {
        r.id: _Where(", ".join(p for p in (f"Signaal {short_date(r.received_on)}", r.street) if p), r.case_id)
        for r in rows
    }


def _visits(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(HouseVisit.id, HouseVisit.visited_on, Address.street, Address.number, Address.addition)
        .join(Address, Address.id == HouseVisit.address_id)
        .where(HouseVisit.id.in_(ids))
    )
    return {
        r.id: _Where(f"Huisbezoek {r.street} {r.number}{r.addition}, {short_date(r.visited_on)}")
        for r in rows
    }


def _organisations(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {r.id: _Where(r.name) for r in rows}


def _contacts(session: Session, ids: list[int]) -> dict[int, _Where]:
    rows = session.execute(
        select(Contact.id, Contact.name, Organisation.name.label("organisation"))
        .join(Organisation, Organisation.id == Contact.organisation_id)
        .where(Contact.id.in_(ids))
    )
    return {r.id: _Where(f"{r.name} ({r.organisation})") for r in rows}


_PLACES: dict[SearchKind, Callable[[Session, list[int]], dict[int, _Where]]] = {
    SearchKind.CASE: _cases,
    SearchKind.MEETING: _meetings,
    SearchKind.MINUTES: _minutes,
    SearchKind.DECISION: _decisions,
    SearchKind.ACTION: _actions,
    SearchKind.SIGNAL: _signals,
    SearchKind.HOUSE_VISIT: _visits,
    SearchKind.ORGANISATION: _organisations,
    SearchKind.CONTACT: _contacts,
}
