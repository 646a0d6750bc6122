"""The hand-made round and street of the house-visit panel tests, for the tests of correcting visits."""

from tests.ui.inventory.test_panel import ids, panel

__all__ = ["ids", "panel"]
