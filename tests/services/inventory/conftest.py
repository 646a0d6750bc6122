"""The hand-made street of the house-visit tests, for the tests of editing and deleting visits too."""

from tests.services.inventory.test_house_visits import setup

__all__ = ["setup"]
