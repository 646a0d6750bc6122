"""The reminder on the Overzicht that a periodic report to policymakers is due (issue 15):
"Rapportage over november staat klaar", the period's dates, how many minutes go along and to how
many recipients, and one button that opens the dialog that makes and sends it
(``periodic_dialog.py``, imported only then). After sending the banner shows the next due period,
or goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wiec_desktop.ui.common.context import AppContext

if TYPE_CHECKING:
    from wiec_desktop.services.followup.periodic import DueReport
    from wiec_desktop.ui.followup.periodic_dialog import PeriodicReportDialog

BANNER_STYLE = """
QFrame#periodicBanner { border: 1px solid #c9a227; border-radius: 6px; background: #fff6d6; }
QFrame#periodicBanner QLabel { background: transparent; color: #3d3000; }
QLabel#periodicBannerTitle { font-weight: bold; font-size: 11pt; }
"""


class PeriodicReportBanner(QFrame):
    """On the Overzicht while a periodic report is due: which period, and one button to make it."""

    sent = Signal()  # a report went out: the banner has moved on to the next due period (or gone)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.due: DueReport | None = None
        self.dialog: PeriodicReportDialog | None = None
        self.setObjectName("periodicBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.title = QLabel(self)
        self.title.setObjectName("periodicBannerTitle")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.button = QPushButton(self.tr("Rapportage maken en versturen…"), self)
        self.button.setObjectName("makePeriodicReport")
        self.button.setToolTip(
            self.tr(
                "De voortgangsrapportage met de verslagen van de periode naar de ontvangers van de opdracht"
            )
        )
        self.button.clicked.connect(lambda _checked=False: self.open_dialog())
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.addLayout(texts, 1)
        row.addWidget(self.button)
        self.hide()

    def refresh(self) -> None:
        """Read which period is due now; shown only while one is."""
        self.due = self.context.services.periodic_reports.next_due()
        if self.due is None:
            self.hide()
            return
        due = self.due
        label = due.period.label(self.context.services.today())
        self.title.setText(self.tr("Rapportage over {period} staat klaar").format(period=label))
        meetings = len(due.meetings)
        parts = [
            due.period.dates,
            self.tr("1 verslag") if meetings == 1 else self.tr("{n} verslagen").format(n=meetings),
            self.tr("1 ontvanger")
            if len(due.recipients) == 1
            else self.tr("{n} ontvangers").format(n=len(due.recipients)),
        ]
        if due.more_due:
            parts.append(self.tr("daarna nog {n}").format(n=due.more_due))
        self.detail.setText(" · ".join(parts))
        self.show()

    def open_dialog(self) -> PeriodicReportDialog | None:
        """The dialog for the due period (modal to the window); the banner follows what it sends."""
        from wiec_desktop.ui.followup.periodic_dialog import PeriodicReportDialog

        if self.due is None:
            return None
        self.dialog = PeriodicReportDialog(self.context, self.due.period, self.window())
        self.dialog.sent.connect(self._sent)
        self.dialog.show()
        return self.dialog

    def _sent(self) -> None:
        self.refresh()
        self.sent.emit()


__all__ = ["PeriodicReportBanner"]
