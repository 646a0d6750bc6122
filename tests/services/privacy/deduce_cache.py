"""One place per machine for deduce's lookup tables in the tests, built once (about 90 s) and then
loaded in a few seconds per test run: ``~/.cache/wiec-desktop-tests/privacy`` (set for the whole
suite in tests/conftest.py as ``WIEC_PRIVACY_CACHE`` unless that is set already). Never a per-test
temporary folder.

Tests elsewhere that need the de-identification can call ``use_test_cache()`` from a fixture of
their own (see ``deduce_ready`` in this folder's conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

from wiec_desktop.services.privacy.deidentify import prepare_lookup
from wiec_desktop.services.privacy.lookup_cache import CACHE_ENV

STABLE_FOLDER = Path("~/.cache/wiec-desktop-tests/privacy").expanduser()


def use_test_cache() -> Path:
    """Make sure the stable test cache is the one used and the tables are ready (built only the
    first time on this machine). Returns the folder."""
    folder = Path(os.environ.setdefault(CACHE_ENV, str(STABLE_FOLDER)))
    prepare_lookup()
    return folder
