"""Bestand › Overdracht maken… and Bestand › Overdracht openen…: the handover package for a
successor chair in the window (``add_handover_actions`` puts both in the File menu)."""

from wiec_desktop.ui.handover.menu import add_handover_actions

__all__ = ["add_handover_actions"]
