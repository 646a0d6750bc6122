"""The periodic report to policymakers (issue 15): the dialog that makes and sends the report over
one period, opened from the banner on the Overzicht (``periodic_banner.py``).

The dialog shows the period, what is made (the progress report of the period and the minutes of
the meetings held in it), the assignment's report recipients (Bcc or Aan, remembered per assignment
as for the report e-mail) and the folder the documents are kept in (never the system's temporary
folder: they may hold personal data). After the privacy preview it either writes the documents and
a draft ``.eml`` that the mail program opens, or sends them over SMTP with the settings and the
keyring password. The work runs on a ``Runner`` (worker thread) with a progress bar per document;
the summary says what went out. Either way the period then counts as reported, and the banner
shows the next due period or goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.followup.periodic import NO_RECIPIENTS_MESSAGE, Period
from wiec_desktop.services.mail.settings import (
    MailError,
    MailSettings,
    PasswordStoreError,
    SendResult,
    load_password,
)
from wiec_desktop.services.privacy.redaction import Replacement
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.common.export_job import open_file
from wiec_desktop.ui.common.folder_choice import choose_folder_into, folder_in
from wiec_desktop.ui.common.forms import ErrorLabel
from wiec_desktop.ui.privacy_preview.choice import ExportChoice
from wiec_desktop.ui.reports.send_report import default_reports_folder


@dataclass(frozen=True)
class Outcome:
    """What the worker did: the documents, the message, and the draft or the server's answer."""

    files: tuple[Path, ...]
    message: EmailMessage
    draft: Path | None = None
    result: SendResult | None = None


class _Steps(QObject):
    """Progress from the worker thread, delivered on the UI thread (a queued signal)."""

    step = Signal(int, int, str)


class PeriodicReportDialog(QDialog):
    """Make the report over one period and send it (or open it as a draft)."""

    sent = Signal()

    def __init__(self, context: AppContext, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.period = period
        self.busy = False
        self.done_kind = ""
        self.last_result: SendResult | None = None
        self.last_draft: Path | None = None
        self.last_files: tuple[Path, ...] = ()
        self.last_error = ""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Periodieke rapportage"))
        self.resize(720, 560)
        self.runner = Runner()  # no parent: outlives the dialog while a job still runs
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.steps = _Steps()
        self.steps.step.connect(self._step)

        self.report = context.services.periodic_reports.report(period)
        label = period.label(context.services.today())
        heading = QLabel(self.tr("Rapportage over {period}").format(period=label), self)
        heading.setObjectName("sectionTitle")
        subtitle = QLabel(
            self.tr("{assignment} — {dates}").format(assignment=self.report.assignment, dates=period.dates),
            self,
        )
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addWidget(self._documents_box())
        layout.addWidget(self._recipients_box(), 1)
        layout.addWidget(self._folder_box())
        layout.addLayout(self._button_row())

    # --- building --------------------------------------------------------------------------------

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Wat wordt gemaakt"), self)
        self.documents_list = QListWidget(box)
        self.documents_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.documents_list.addItem(
            self.tr("Voortgangsrapportage over {dates} (Word)").format(dates=self.period.dates)
        )
        for meeting in self.report.meetings:
            self.documents_list.addItem(
                self.tr("Verslag: {meeting} (Word)").format(meeting=meeting.description)
            )
        if not self.report.meetings:
            self.documents_list.addItem(self.tr("Geen overleg gehouden in deze periode: geen verslagen."))
        self.documents_list.setMaximumHeight(22 * (self.documents_list.count() + 1) + 6)
        column = QVBoxLayout(box)
        column.addWidget(self.documents_list)
        return box

    def _recipients_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Ontvangers (de ontvangers van verslagen bij de opdracht)"), self)
        self.recipients_list = QListWidget(box)
        self.recipients_list.setMinimumHeight(70)
        for name, address in self.report.recipients:
            self.recipients_list.addItem(f"{name} <{address}>")
        self.recipients_error = ErrorLabel(box)
        if not self.report.recipients:
            self.recipients_error.show_message(
                QCoreApplication.translate("PeriodicReportDialog", NO_RECIPIENTS_MESSAGE)
            )
        self.bcc_button = QRadioButton(self.tr("&BCC: de ontvangers zien elkaars adres niet"), box)
        self.to_button = QRadioButton(self.tr("&Aan: iedere ontvanger ziet alle adressen"), box)
        hidden = self.context.settings.recipients_hidden(self.period.assignment_id)
        (self.bcc_button if hidden else self.to_button).setChecked(True)
        how = QHBoxLayout()
        how.addWidget(self.bcc_button)
        how.addWidget(self.to_button)
        how.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.recipients_list, 1)
        column.addLayout(how)
        column.addWidget(self.recipients_error)
        return box

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bewaren in"), self)
        self.folder_edit = QLineEdit(str(default_reports_folder(self.context)), box)
        self.folder_edit.setToolTip(
            self.tr("De documenten en het concept worden in deze map bewaard (niet in een tijdelijke map).")
        )
        folder_label = QLabel(self.tr("&Map:"), box)
        folder_label.setBuddy(self.folder_edit)
        self.folder_button = QPushButton(self.tr("Kiezen…"), box)
        self.folder_button.clicked.connect(lambda _checked=False: self.choose_folder())
        row = QHBoxLayout(box)
        row.addWidget(folder_label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        return box

    def _button_row(self) -> QVBoxLayout:
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setFormat(self.tr("%v van %m"))
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.draft_button = QPushButton(self.tr("Concept openen in mailprogramma"), self)
        self.draft_button.setObjectName("openDraft")
        self.draft_button.setToolTip(self.tr("De documenten en een concept-e-mail opslaan en openen"))
        self.draft_button.clicked.connect(lambda _checked=False: self.open_draft())
        self.send_button = QPushButton(self.tr("Nu versturen"), self)
        self.send_button.setObjectName("sendNow")
        self.send_button.setToolTip(self.tr("Direct versturen via de mailserver uit de instellingen"))
        self.send_button.clicked.connect(lambda _checked=False: self.send_now())
        self.close_button = QPushButton(self.tr("Sluiten"), self)
        self.close_button.clicked.connect(self.reject)
        status = QHBoxLayout()
        status.addWidget(self.progress)
        status.addWidget(self.status_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        column = QVBoxLayout()
        column.addLayout(status)
        column.addLayout(buttons)
        if not self.report.recipients:
            self._set_enabled(False)
        return column

    # --- input -----------------------------------------------------------------------------------

    def folder(self) -> Path:
        return folder_in(self.folder_edit, default_reports_folder(self.context))

    def choose_folder(self) -> None:
        title = self.tr("Map voor de rapportage")
        choose_folder_into(self, self.folder_edit, title, default_reports_folder(self.context))

    # --- the two ways out ------------------------------------------------------------------------

    def open_draft(self) -> None:
        """Write the documents and a draft ``.eml`` to the folder, then open the draft."""
        self._start("draft", None, None)

    def send_now(self) -> None:
        """Send over SMTP with the settings and the keyring password (asked when none is stored)."""
        if self.busy:
            return
        settings = self.context.settings.mail_settings()
        if settings is None or not settings.host.strip():
            self._show_error(
                self.tr(
                    "Er is nog geen mailserver ingesteld. Vul de gegevens in via Bestand › Instellingen… "
                    "(tabblad E-mail), of kies ‘Concept openen in mailprogramma’."
                )
            )
            return
        try:
            settings.validate()
        except ValidationError as error:
            self._show_error(
                self.tr("De instellingen van de mailserver zijn niet volledig: {problems}").format(
                    problems=" ".join(error.errors.values())
                )
            )
            return
        password: str | None = None
        if settings.username.strip():
            try:
                password = load_password(settings)
            except PasswordStoreError as error:
                self.status_label.setText(str(error))
            if not password:
                text, ok = QInputDialog.getText(
                    self,
                    self.tr("Wachtwoord"),
                    self.tr("Wachtwoord van {user} bij {host}:").format(
                        user=settings.username.strip(), host=settings.host.strip()
                    ),
                    QLineEdit.EchoMode.Password,
                )
                if not ok or not text:
                    return
                password = text
        self._start("send", settings, password)

    def _start(self, kind: str, settings: MailSettings | None, password: str | None) -> None:
        if self.busy:
            return
        self.last_error = ""
        if not self.report.recipients:
            self._show_error(QCoreApplication.translate("PeriodicReportDialog", NO_RECIPIENTS_MESSAGE))
            return
        choice = self.ask_choice()
        if choice is None:
            return
        folder = self.folder()
        blind = self.bcc_button.isChecked()
        self.context.settings.set_recipients_hidden(self.period.assignment_id, blind)
        sender = settings or self.context.settings.mail_settings()
        template = self.context.settings.word_template()
        services = self.context.services
        period = self.period
        steps = self.steps
        total = len(self.report.meetings) + 2  # the documents, then the mail
        self.busy = True
        self._set_enabled(False)
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.progress.show()
        self.status_label.setText(self.tr("Bezig met de documenten…"))

        def work() -> Outcome:
            from wiec_desktop.exports.periodic_report import make_periodic_report, save_periodic_draft

            made = make_periodic_report(
                services,
                period,
                folder,
                template,
                audience=choice.audience,
                password=choice.password,
                progress=lambda done, _all, what: steps.step.emit(done, total, what),
            )
            message = services.periodic_reports.compose(
                period, made.files, sender=sender, blind=blind, audience=choice.audience
            )
            if kind == "draft":
                draft = save_periodic_draft(services, message, made, folder)
                steps.step.emit(total, total, "")
                return Outcome(made.files, message, draft=draft)
            assert settings is not None
            result = services.periodic_reports.send(message, settings, password, period, made_at=made.made_at)
            steps.step.emit(total, total, "")
            return Outcome(made.files, message, result=result)

        self.runner.run(kind, work)

    def ask_choice(self) -> ExportChoice | None:
        """The privacy preview of the documents and the mail (modal); None when cancelled."""
        from wiec_desktop.ui.privacy_preview.dialog import ask_export_choice

        services = self.context.services
        period = self.period
        settings = self.context.settings.mail_settings()
        sender_name = settings.sender_name if settings else ""

        def compute() -> list[Replacement]:
            from wiec_desktop.exports.periodic_report import preview

            found: list[Replacement] = []
            subject, body = services.periodic_reports.texts(period, sender_name)
            services.periodic_reports.redact_texts(subject, body, sender_name, found)
            return found + preview(services, period)

        return ask_export_choice(self.context, self, self.tr("Periodieke rapportage"), compute)

    # --- outcome ---------------------------------------------------------------------------------

    def _step(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if what:
            self.status_label.setText(self.tr("Bezig: {what}…").format(what=what))
        elif done >= total - 1 and done < total:
            self.status_label.setText(self.tr("Bezig met de e-mail…"))

    def _finished(self, kind: str, outcome: Outcome) -> None:
        self._done()
        self.done_kind = kind
        self.last_files = outcome.files
        documents = len(outcome.files)
        what = (
            self.tr("de voortgangsrapportage")
            if documents == 1
            else self.tr("de voortgangsrapportage en {n} {noun}").format(
                n=documents - 1, noun=self.tr("verslag") if documents == 2 else self.tr("verslagen")
            )
        )
        if kind == "draft":
            assert outcome.draft is not None
            self.last_draft = outcome.draft
            text = self.tr("Concept met {what} opgeslagen in {folder}.").format(
                what=what, folder=outcome.draft.parent
            )
            if not open_file(outcome.draft):
                text += " " + self.tr("Open {name} met uw mailprogramma.").format(name=outcome.draft.name)
        else:
            result = outcome.result
            assert result is not None
            self.last_result = result
            count = len(result.accepted)
            text = self.tr("Verzonden aan {count} {noun}: {what}.").format(
                count=count, noun=self.tr("ontvanger") if count == 1 else self.tr("ontvangers"), what=what
            )
            if result.refused:
                text += " " + self.tr("Geweigerd door de mailserver: {addresses}.").format(
                    addresses=", ".join(result.refused)
                )
            if not result.recorded:
                text += " " + self.tr("Het versturen kon niet in het logboek worden vastgelegd.")
        self.status_label.setText(text)
        self._set_enabled(False)  # reported: not twice by a second click
        self.close_button.setDefault(True)
        self.sent.emit()

    def _failed(self, _kind: str, error: BaseException) -> None:
        self._done()
        if isinstance(error, ValidationError):
            self._show_error(" ".join(error.errors.values()))
            return
        text = str(error) if isinstance(error, MailError) else export_error_text(error)
        if text is None:
            raise error  # a bug: the crash dialog shows it
        self._show_error(text)

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.status_label.setText(self.tr("Niet verstuurd."))
        QMessageBox.warning(self, self.tr("Periodieke rapportage"), text)

    def _done(self) -> None:
        self.busy = False
        self.progress.hide()
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        usable = enabled and bool(self.report.recipients)
        for widget in (self.draft_button, self.send_button, self.folder_button):
            widget.setEnabled(usable)

    def reject(self) -> None:
        if self.busy:  # a mail on its way: closing now would hide whether it went out
            return
        super().reject()

    def wait(self) -> None:
        self.runner.wait()


__all__ = ["PeriodicReportDialog"]
