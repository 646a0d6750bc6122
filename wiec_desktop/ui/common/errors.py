"""The one place where the window turns an error into what the chair reads.

Services translate storage failures once, at their boundary (``services.base``): what reaches the
window is a ``ValidationError`` (Dutch messages per field), ``NotFound``, ``InUse``, a
``StorageError`` (locked, read-only, disk full, damaged, changed elsewhere…), an ``OSError`` of a
file, or a bug. ``known_error_text`` gives the Dutch text of the first kinds and ``None`` for a bug,
which the caller re-raises so that the crash dialog shows it. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.storage.errors import StorageError


def validation_text(error: ValidationError) -> str:
    """Every field's message, one per line."""
    return "\n".join(error.errors.values())


def known_error_text(error: BaseException) -> str | None:
    """The Dutch message for a problem the chair can act on, else ``None`` (a bug)."""
    if isinstance(error, ValidationError):
        return validation_text(error)
    if isinstance(error, NotFound | InUse):
        return str(error)
    if isinstance(error, StorageError):
        return error.message
    return None


def file_error_text(error: OSError) -> str:
    """The plain Dutch message for a file that could not be written."""
    reason = error.strerror or str(error) or type(error).__name__
    return (
        f"Het bestand kon niet worden opgeslagen: {reason}.\n\n"
        "Kies een andere map of bestandsnaam. Is het bestand misschien geopend in Word of Excel? "
        "Sluit het en probeer het opnieuw."
    )


def export_error_text(error: BaseException) -> str | None:
    """As ``known_error_text``, and also a template the writer refuses and a file not written."""
    from wiec_desktop.exports.docx.template import TemplateError  # python-docx only when needed

    if isinstance(error, TemplateError):
        return str(error)
    if isinstance(error, OSError):
        return file_error_text(error)
    return known_error_text(error)


def show_known_error(parent: QWidget | None, title: str, error: BaseException) -> bool:
    """A warning box with the error's Dutch text; ``False`` (nothing shown) for a bug."""
    text = known_error_text(error)
    if text is None:
        return False
    QMessageBox.warning(parent, title, text)
    return True
