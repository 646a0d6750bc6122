"""The keyboard shortcuts of meeting mode, in one list for the menu, tooltips and the F1 help."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from wiec_desktop.translation import QT_TRANSLATE_NOOP

TR_CONTEXT = "MeetingShortcuts"  # the context in which their texts are marked and translated
# (name of the window's action, key sequence, Dutch description, short text for the toolbar)
SHORTCUTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "next",
        "Ctrl+PgDown",
        QT_TRANSLATE_NOOP(
            "MeetingShortcuts", "Volgend agendapunt (het punt eronder, ook als het al besproken is)"
        ),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Volgende ▶"),
    ),
    (
        "next_open",
        "Ctrl+Shift+PgDown",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Volgend agendapunt dat nog niet besproken is"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Volgend open punt ▶▶"),
    ),
    (
        "previous",
        "Ctrl+PgUp",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Vorig agendapunt (het punt erboven)"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "◀ Vorige"),
    ),
    (
        "park",
        "Ctrl+Shift+P",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Agendapunt parkeren (naar het volgende overleg)"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Parkeren"),
    ),
    (
        "decision",
        "Ctrl+B",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Nieuw besluit"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Besluit…"),
    ),
    (
        "action",
        "Ctrl+Shift+A",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Nieuwe actie"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Actie…"),
    ),
    (
        "minutes",
        "Ctrl+M",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar de notulen"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Notulen"),
    ),
    (
        "attendance",
        "Ctrl+Shift+W",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar de aanwezigheid"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Aanwezigheid"),
    ),
    (
        "agenda",
        "Ctrl+Shift+G",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar de agenda"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Agenda"),
    ),
    (
        "actions",
        "Ctrl+Shift+L",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar de acties van dit punt"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Acties"),
    ),
    (
        "fullscreen",
        "F11",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Volledig scherm aan/uit (Esc verlaat volledig scherm)"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Volledig scherm"),
    ),
    (
        "close",
        "Ctrl+Shift+E",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Overleg sluiten (met een samenvatting)"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Overleg sluiten…"),
    ),
    (
        "help",
        "F1",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Sneltoetsen"),
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Sneltoetsen"),
    ),
)
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("Alt+1 … Alt+9", QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar agendapunt 1 … 9")),
    ("Enter (in de agenda)", QT_TRANSLATE_NOOP("MeetingShortcuts", "Naar het gekozen agendapunt")),
    ("↑ / ↓ (in acties)", QT_TRANSLATE_NOOP("MeetingShortcuts", "Vorige/volgende actie")),
    (
        "G / L / N / V (in acties)",
        QT_TRANSLATE_NOOP(
            "MeetingShortcuts",
            "Gereed / loopt / nieuwe deadline / vervallen, met toelichting; Enter legt vast",
        ),
    ),
    (
        "1 / 2 / 3 (in aanwezigheid)",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Aanwezig / afwezig met bericht / afwezig"),
    ),
    ("L (in aanwezigheid)", QT_TRANSLATE_NOOP("MeetingShortcuts", "Later binnen: aanwezig vanaf nu")),
    (
        "Delete (in aanwezigheid)",
        QT_TRANSLATE_NOOP("MeetingShortcuts", "Gast of deelnemer van de lijst halen"),
    ),
    ("Ctrl+Enter (in een venster)", QT_TRANSLATE_NOOP("MeetingShortcuts", "Besluit of actie opslaan")),
)


def shortcut_text(text: str) -> str:
    """A description or short text of ``SHORTCUTS``/``OTHER_KEYS`` in the user's language."""
    return QCoreApplication.translate(TR_CONTEXT, text)


def help_html() -> str:
    rows = [(key, shortcut_text(text)) for _name, key, text, _short in SHORTCUTS]
    rows += [(key, shortcut_text(text)) for key, text in OTHER_KEYS]
    body = "".join(
        f"<tr><td style='padding:2px 16px 2px 0'><b>{escape(key)}</b></td><td>{escape(text)}</td></tr>"
        for key, text in rows
    )
    return f"<table>{body}</table>"


class ShortcutHelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sneltoetsen in het overleg"))
        label = QLabel(help_html(), self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
