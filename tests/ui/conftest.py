"""UI tests: the privacy preview before an export is accepted as it is (the policymakers' variant,
no password) unless a test looks at it itself (tests/ui/privacy_preview); deduce's lookup tables
are loaded once per session, so that no export test waits for them within its timeout."""

from __future__ import annotations

from typing import Any

import pytest

from wiec_desktop.ui.privacy_preview import dialog
from wiec_desktop.ui.privacy_preview.choice import ExportChoice


@pytest.fixture(scope="session", autouse=True)
def privacy_lookup_loaded() -> None:
    """Build (first run on a machine only, about 90 s) or load (a few seconds) the tables."""
    from tests.services.privacy.deduce_cache import use_test_cache

    use_test_cache()


@pytest.fixture(autouse=True)
def accept_privacy_preview(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the modal preview by the default choice; the calls are recorded for tests."""
    calls: list[dict[str, Any]] = []

    def accept(
        context: Any, parent: Any, title: str, compute: Any, *, protectable: bool = True
    ) -> ExportChoice:
        calls.append({"title": title, "compute": compute, "protectable": protectable})
        return ExportChoice()

    monkeypatch.setattr(dialog, "ask_export_choice", accept)
    return calls
