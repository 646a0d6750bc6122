"""The one place where the window turns an error into what the chair reads.

Services translate storage failures once, at their boundary (``services.base``): what reaches the
window is a ``ValidationError`` (Dutch messages per field), ``NotFound``, ``InUse``, a
``StorageError`` (locked, read-only, disk full, damaged, changed elsewhere…), an ``OSError`` of a
file, or a bug. ``known_error_text`` gives the Dutch text of the first kinds and ``None`` for a bug,
which the caller re-raises so that the crash dialog shows it. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

from wiec_desktop.services.validation import InUse, NotFound, ValidationError
from wiec_desktop.storage.errors import DatabaseReadOnly, DiskFull, StorageError, classify
from wiec_desktop.translation import QT_TRANSLATE_NOOP

CONTEXT = "ErrorMessages"
SAVE_AS_TEXT = QT_TRANSLATE_NOOP(CONTEXT, "Opslaan als tekstbestand…")
SAVE_AS_TEXT_TITLE = QT_TRANSLATE_NOOP(CONTEXT, "Getypte tekst opslaan als tekstbestand")
TEXT_FILTER = QT_TRANSLATE_NOOP(CONTEXT, "Tekstbestand (*.txt)")
TEXT_FILE_NAME = QT_TRANSLATE_NOOP(CONTEXT, "niet-opgeslagen-tekst.txt")
LONG_TEXT = 200  # characters typed in one box from which a copy as a text file is offered


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
    known = classify(error)  # a disk error that reached the window untranslated (full, read-only)
    return known.message if known is not None else None


def file_error_text(error: OSError) -> str:
    """The plain Dutch message for a file that could not be written: the storage vocabulary's
    sentence for a full disk or a read-only file or folder, else the system's reason."""
    from wiec_desktop.storage.errors import classify_os_error

    known = classify_os_error(error)
    if known is not None:
        return f"Het bestand kon niet worden opgeslagen. {known.message}"
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
    """A warning box with the error's Dutch text; ``False`` (nothing shown) for a bug. When the
    disk is full or read-only and a dialog holds long typed texts (case notes, minutes), the box
    also offers to save them as a text file in another place (the dialog keeps them anyway)."""
    text = known_error_text(error)
    if text is None:
        return False
    typed = typed_texts(parent) if isinstance(error, DiskFull | DatabaseReadOnly) else ""
    if typed:
        offer_text_copy(parent, title, text, typed)
    else:
        QMessageBox.warning(parent, title, text)
    return True


def typed_texts(parent: QWidget | None) -> str:
    """The long texts typed in the dialog of ``parent`` (editable text boxes of at least
    ``LONG_TEXT`` characters), one after the other; '' outside a dialog."""
    window = parent.window() if parent is not None else None
    if not isinstance(window, QDialog):
        return ""
    boxes: list[QPlainTextEdit | QTextEdit] = [
        *window.findChildren(QPlainTextEdit),
        *window.findChildren(QTextEdit),
    ]
    texts = [box.toPlainText() for box in boxes if not box.isReadOnly()]
    return "\n\n".join(text for text in texts if len(text.strip()) >= LONG_TEXT)


def offer_text_copy(parent: QWidget | None, title: str, text: str, typed: str) -> Path | None:
    """The warning with "Opslaan als tekstbestand…": the typed texts go, all or nothing, to the
    file the chair chooses (another disk, a USB stick). The written path, or None."""
    from wiec_desktop.atomic_file import write_atomically
    from wiec_desktop.ui.common.export_job import documents_folder

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    save = box.addButton(QCoreApplication.translate(CONTEXT, SAVE_AS_TEXT), QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is not save:
        return None
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate(CONTEXT, SAVE_AS_TEXT_TITLE),
        str(documents_folder() / QCoreApplication.translate(CONTEXT, TEXT_FILE_NAME)),
        QCoreApplication.translate(CONTEXT, TEXT_FILTER),
    )
    if not name:
        return None
    try:
        return write_atomically(Path(name), lambda stream: stream.write(typed.encode("utf-8")))
    except OSError as error:
        QMessageBox.warning(parent, title, file_error_text(error))
        return None
