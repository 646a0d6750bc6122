"""House visits per street and inventory rounds (the "Huisbezoeken per straat" tab), and the
import of addresses."""

from wiec_desktop.ui.inventory.panel import InventoryPanel

__all__ = ["InventoryPanel"]
