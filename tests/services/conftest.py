"""Fixtures of the service tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def writer(demo_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the demo file, as another thread or program that commits."""
    connection = sqlite3.connect(demo_path, timeout=5)
    yield connection
    connection.close()
