"""Fixtures of the privacy tests: deduce's lookup tables, built once per machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.privacy.deduce_cache import use_test_cache


@pytest.fixture(scope="session")
def deduce_ready() -> Path:
    """deduce's tables ready for this test run, from the stable test cache (see deduce_cache.py).
    Use it (``pytestmark = pytest.mark.usefixtures("deduce_ready")``) in every test that
    de-identifies free text."""
    return use_test_cache()
