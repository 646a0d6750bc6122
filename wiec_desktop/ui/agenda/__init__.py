"""Preparing a meeting's agenda: the item model, the editor, the item dialog and suggestions."""

from wiec_desktop.ui.agenda.editor import AgendaDialog, AgendaEditor
from wiec_desktop.ui.agenda.model import AgendaModel

__all__ = ["AgendaDialog", "AgendaEditor", "AgendaModel"]
