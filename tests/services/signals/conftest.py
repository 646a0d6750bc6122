"""The small world of themes, areas and cases of the triage tests, for the undo tests as well."""

from tests.services.signals.test_triage import world

__all__ = ["world"]
