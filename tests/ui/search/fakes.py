"""A small stand-in for ``services.search`` (cases and minutes, word prefixes) for the window's
tests that are about the window, not the index; and a runner whose jobs the test delivers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from wiec_desktop.domain import AgendaItem, Case
from wiec_desktop.services.search.model import (
    DEFAULT_LIMIT_PER_KIND,
    SearchGroup,
    SearchHit,
    SearchKind,
    SearchQuery,
    SearchResults,
    Snippet,
)
from wiec_desktop.ui.common.background import Runner


def _marks(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    found = []
    for word in words:
        for match in re.finditer(rf"\b{re.escape(word)}\w*", text, re.IGNORECASE):
            found.append(match.span())
    return tuple(sorted(set(found)))


class FakeSearch:
    """Cases by title and agenda items by minutes, every word a prefix; recent searches in a list."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self.remembered: list[str] = []
        self.asked: list[str] = []
        self.extra: list[SearchHit] = []  # added to the cases group when their title matches

    def search(self, text: str, limit_per_kind: int = DEFAULT_LIMIT_PER_KIND) -> SearchResults:
        self.asked.append(text)
        words = [w for w in text.split() if not w.startswith("-")]
        query = SearchQuery(words=tuple(words))
        if not words:
            return SearchResults(query)

        def matches(value: str) -> bool:
            return all(re.search(rf"\b{re.escape(w)}", value, re.IGNORECASE) for w in words)

        with self.session_factory() as session:
            cases = [
                SearchHit(
                    SearchKind.CASE,
                    c.id,
                    f"{c.reference} {c.title}",
                    Snippet(c.title, _marks(c.title, words)),
                    case_id=c.id,
                )
                for c in session.scalars(select(Case).order_by(Case.id))
                if matches(c.title)
            ]
            cases += [hit for hit in self.extra if matches(hit.title)]
            items = [
                SearchHit(
                    SearchKind.MINUTES, a.id, a.title, Snippet(a.minutes, _marks(a.minutes, words)),
                    meeting_id=a.meeting_id, agenda_item_id=a.id,
                )
                for a in session.scalars(select(AgendaItem).order_by(AgendaItem.id))
                if a.minutes and matches(a.minutes)
            ]  # fmt: skip
        groups = [
            SearchGroup(kind, tuple(hits[:limit_per_kind]), len(hits))
            for kind, hits in ((SearchKind.CASE, cases), (SearchKind.MINUTES, items))
            if hits
        ]
        return SearchResults(query, tuple(groups))

    def remember(self, text: str) -> None:
        if text in self.remembered:
            self.remembered.remove(text)
        self.remembered.insert(0, text)

    def recent(self) -> list[str]:
        return list(self.remembered)

    def forget_recent(self) -> None:
        self.remembered.clear()


class HeldRunner(Runner):
    """Keeps the jobs; the test runs them (in any order) with ``deliver``."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[tuple[Any, Callable[[], Any]]] = []

    def run(self, tag: Any, work: Callable[[], Any]) -> None:
        self.jobs.append((tag, work))

    def deliver(self, number: int) -> None:
        tag, work = self.jobs[number]
        self.finished.emit(tag, work())
