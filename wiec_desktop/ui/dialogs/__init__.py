"""Dialogs for creating and editing records; each calls a service and shows its Dutch errors inline."""
