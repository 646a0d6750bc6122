"""The reveal benchmark's work by hand is the program's: the same position and the same page (no
timing here)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from reveal_benchmark import PAGE, HandReveal, RevealMismatch, _check

from tests.conftest import DEMO_TODAY
from wiec_desktop.services.listing.source import ListQuery
from wiec_desktop.services.registry import Services
from wiec_desktop.storage.database import Database


@pytest.mark.parametrize("list_name", ["signals", "actions"])
def test_the_position_and_page_by_hand_are_the_programs(
    demo_db: Database, demo_path: Path, list_name: str
) -> None:
    source = Services(demo_db.session_factory, today=lambda: DEMO_TODAY).list_source(list_name)
    ids = [row.id for row in source.fetch(ListQuery(), 0, 100_000)]
    connection = sqlite3.connect(demo_path)
    try:
        hand = HandReveal(connection, list_name, DEMO_TODAY)
        for position in (0, len(ids) // 2, len(ids) - 1):
            _check(list_name, source, hand, position, ids[position])
        assert len(hand(ids[-1])) == len(ids) - (len(ids) - 1) // PAGE * PAGE
        with pytest.raises(RevealMismatch):
            _check(list_name, source, hand, 1, ids[0])  # a wrong position is caught
    finally:
        connection.close()
