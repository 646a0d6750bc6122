"""The window (PySide6): the shell, shared widgets in ``common/`` and one folder per feature; the
only layer that imports Qt, and thin: it calls services."""
