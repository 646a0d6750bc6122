"""Before a case is saved: "these open cases look the same — link to one of them instead?"."""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import Enum
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget


class OverlapChoice(Enum):
    SAVE_ANYWAY = "save"
    OPEN_EXISTING = "open"
    GO_BACK = "back"


class OverlapDialog(QDialog):
    """Lists similar open cases with who works on them; the chair saves anyway, opens one, or goes back."""

    def __init__(self, similar: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.similar = list(similar)
        self.choice = OverlapChoice.GO_BACK
        self.chosen_case_id: int | None = self.similar[0].case_id if self.similar else None
        self.setWindowTitle(self.tr("Lijkt op een bestaande casus"))
        self.setMinimumSize(560, 380)

        intro = QLabel(
            self.tr(
                "Er lopen al casussen die hierop lijken. Werken hier al organisaties aan? "
                "Koppel dan liever aan de bestaande casus dan er een nieuwe naast te zetten."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self._open(int(url.toString().removeprefix("case:"))))
        self.browser.setHtml(self._html())

        self.save_button = QPushButton(self.tr("Toch opslaan"), self)
        self.open_button = QPushButton(self.tr("Bestaande casus openen"), self)
        self.back_button = QPushButton(self.tr("Terug naar invullen"), self)
        self.back_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self._finish(OverlapChoice.SAVE_ANYWAY))
        self.open_button.clicked.connect(lambda: self._open(self.chosen_case_id))
        self.back_button.clicked.connect(lambda: self._finish(OverlapChoice.GO_BACK))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)

    def _html(self) -> str:
        parts = []
        for case in self.similar:
            organisations = ", ".join(
                f"{html.escape(name)} ({html.escape(role)})" for name, role in case.organisations
            )
            details = " · ".join(
                html.escape(text) for text in (case.status, case.theme or "", case.location or "") if text
            )
            name = html.escape(f"{case.reference} {case.title}")
            parts.append(
                f"<p><a href='case:{case.case_id}'><b>{name}</b></a>"
                f"<br/>{details}"
                f"<br/><i>{html.escape(', '.join(case.reasons))}</i>"
                f"<br/>{self.tr('Betrokken')}: {organisations or self.tr('nog geen organisaties')}</p>"
            )
        return "".join(parts)

    def _open(self, case_id: int | None) -> None:
        self.chosen_case_id = case_id
        self._finish(OverlapChoice.OPEN_EXISTING)

    def _finish(self, choice: OverlapChoice) -> None:
        self.choice = choice
        if choice == OverlapChoice.GO_BACK:
            self.reject()
        else:
            self.accept()
