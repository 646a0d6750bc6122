"""The keyboard shortcuts of meeting mode, in one list for the menu, tooltips and the F1 help."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

# (name of the window's action, key sequence, Dutch description, short text for the toolbar)
SHORTCUTS: tuple[tuple[str, str, str, str], ...] = (
    ("next", "Ctrl+PgDown", "Volgend agendapunt", "Volgende ▶"),
    ("previous", "Ctrl+PgUp", "Vorig agendapunt", "◀ Vorige"),
    ("park", "Ctrl+Shift+P", "Agendapunt parkeren (naar het volgende overleg)", "Parkeren"),
    ("decision", "Ctrl+B", "Nieuw besluit", "Besluit…"),
    ("action", "Ctrl+Shift+A", "Nieuwe actie", "Actie…"),
    ("minutes", "Ctrl+M", "Naar de notulen", "Notulen"),
    ("attendance", "Ctrl+Shift+W", "Naar de aanwezigheid", "Aanwezigheid"),
    ("agenda", "Ctrl+Shift+G", "Naar de agenda", "Agenda"),
    ("actions", "Ctrl+Shift+L", "Naar de acties van dit punt", "Acties"),
    ("fullscreen", "F11", "Volledig scherm aan/uit (Esc verlaat volledig scherm)", "Volledig scherm"),
    ("close", "Ctrl+Shift+E", "Overleg sluiten (samenvatting, dan bevestigen)", "Overleg sluiten…"),
    ("help", "F1", "Sneltoetsen", "Sneltoetsen"),
)
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("Alt+1 … Alt+9", "Naar agendapunt 1 … 9"),
    ("Enter (in de agenda)", "Naar het gekozen agendapunt"),
    ("↑ / ↓ (in acties)", "Vorige/volgende actie"),
    (
        "G / L / N / V (in acties)",
        "Gereed / loopt / nieuwe deadline / vervallen, met toelichting; Enter legt vast",
    ),
    ("1 / 2 / 3 (in aanwezigheid)", "Aanwezig / afwezig met bericht / afwezig"),
    ("L (in aanwezigheid)", "Later binnen: aanwezig vanaf nu"),
    ("Delete (in aanwezigheid)", "Gast of deelnemer van de lijst halen"),
    ("Ctrl+Enter (in een venster)", "Besluit of actie opslaan"),
)


def help_html() -> str:
    rows = [(key, text) for _name, key, text, _short in SHORTCUTS] + list(OTHER_KEYS)
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
