"""The window (PySide6): the shell, shared widgets in ``common/`` and one folder per feature; the
only layer that imports Qt, and thin: it calls services.

Importing it imports Qt and makes PySide6's per-module import check cheap (``qt_import_check``),
before any other module of the window or the services is imported."""

from wiec_desktop.ui.qt_import_check import install as _install_cheap_import_check

_install_cheap_import_check()
