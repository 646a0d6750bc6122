"""Verslag versturen: the minutes and the action list to the assignment's report recipients.

The chair ticks the recipients (and may add addresses), edits subject and text (prefilled from the
template), and chooses the folder for the attachments: a "Verslagen" folder next to the database
file (or the folder chosen in the settings, or Documents) — never the system's temporary folder,
the documents hold personal data. Then either:

- "Concept openen in mailprogramma": the Word minutes and Excel action list are written to that
  folder with a draft ``.eml`` (``X-Unsent: 1``) beside them, which the default mail program opens
  as a new message to send;
- "Nu versturen": the same files, sent over SMTP with the settings and the keyring password; the
  send is recorded in the logboek only when the server accepted it.

Files are written and the mail sent on a ``Runner`` (worker thread): the window stays responsive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import MeetingStatus
from wiec_desktop.exports import documents
from wiec_desktop.services.formatting import long_date
from wiec_desktop.services.mail.service import NOT_HELD_MESSAGE
from wiec_desktop.services.mail.settings import (
    MailError,
    MailSettings,
    PasswordStoreError,
    SendResult,
    load_password,
)
from wiec_desktop.services.privacy.redaction import Audience, Replacement
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.common.export_job import (
    dated_name,
    documents_folder,
    open_file,
)
from wiec_desktop.ui.common.folder_choice import choose_folder_into, folder_in
from wiec_desktop.ui.common.forms import ErrorLabel
from wiec_desktop.ui.privacy_preview.choice import ExportChoice

REPORTS_FOLDER_NAME = "Verslagen"
ADDRESS_SPLIT_RE = re.compile(r"[,;\s]+")
ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1


def default_reports_folder(context: AppContext) -> Path:
    """The settings' reports folder, else "Verslagen" next to the database file, else Documents."""
    chosen = context.settings.reports_folder()
    if chosen is not None:
        return chosen
    database = context.database.location.path
    if database is not None:
        return database.parent / REPORTS_FOLDER_NAME
    return documents_folder() / REPORTS_FOLDER_NAME


@dataclass(frozen=True)
class Prepared:
    """What the worker made: the message, the files it wrote, and (when sent) the result."""

    message: EmailMessage
    files: tuple[Path, ...]
    draft: Path | None = None
    result: SendResult | None = None


class SendReportDialog(QDialog):
    """Compose and send (or open as a draft) the report of one held meeting."""

    sent = Signal()  # the report went out (or a draft was made): the lists may show it

    def __init__(self, context: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.busy = False
        self.last_result: SendResult | None = None
        self.last_draft: Path | None = None
        self.last_error = ""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(self.tr("Verslag versturen"))
        self.resize(760, 700)
        self.runner = Runner()  # no parent: outlives the dialog while a job still runs
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)

        meeting = context.services.meetings.get_meeting(meeting_id)
        self.meeting_date = meeting.date
        self.meeting_title = meeting.title
        self.assignment_id = meeting.assignment_id
        self.held = meeting.status == MeetingStatus.HELD

        self.intro = QLabel(
            self.tr("{title} van {date}").format(title=meeting.title, date=long_date(meeting.date)), self
        )
        self.intro.setObjectName("sectionTitle")
        self.not_held = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.not_held)
        layout.addWidget(self._recipients_box(), 2)
        layout.addWidget(self._message_box(), 3)
        layout.addWidget(self._attachments_box())
        layout.addLayout(self._button_row())
        self._prefill()

    # --- building --------------------------------------------------------------------------------

    def _recipients_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Ontvangers"), self)
        self.recipients_model = QStandardItemModel(self)
        self.recipients_view = QListView(box)
        self.recipients_view.setModel(self.recipients_model)
        self.recipients_view.setMinimumHeight(70)
        self.extra_edit = QLineEdit(box)
        self.extra_edit.setPlaceholderText(self.tr("Extra adressen, gescheiden door komma's"))
        extra_label = QLabel(self.tr("&Extra:"), box)
        extra_label.setBuddy(self.extra_edit)
        self.recipients_error = ErrorLabel(box)
        row = QHBoxLayout()
        row.addWidget(extra_label)
        row.addWidget(self.extra_edit, 1)
        self.bcc_button = QRadioButton(self.tr("&BCC: de ontvangers zien elkaars adres niet"), box)
        self.to_button = QRadioButton(self.tr("&Aan: iedere ontvanger ziet alle adressen"), box)
        hidden = self.context.settings.recipients_hidden(self.assignment_id)
        (self.bcc_button if hidden else self.to_button).setChecked(True)
        how = QHBoxLayout()
        how.addWidget(self.bcc_button)
        how.addWidget(self.to_button)
        how.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.recipients_view, 1)
        column.addLayout(row)
        column.addLayout(how)
        column.addWidget(self.recipients_error)
        return box

    def _message_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bericht"), self)
        self.subject_edit = QLineEdit(box)
        subject_label = QLabel(self.tr("&Onderwerp:"), box)
        subject_label.setBuddy(self.subject_edit)
        self.body_edit = QPlainTextEdit(box)
        self.body_edit.setTabChangesFocus(True)
        self.message_error = ErrorLabel(box)
        row = QHBoxLayout()
        row.addWidget(subject_label)
        row.addWidget(self.subject_edit, 1)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.body_edit, 1)
        column.addWidget(self.message_error)
        return box

    def _attachments_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Bijlagen"), self)
        self.attach_minutes = QCheckBox(self.tr("Verslag (Word)"), box)
        self.attach_minutes.setChecked(True)
        self.attach_actions = QCheckBox(self.tr("Actielijst met alle openstaande acties (Excel)"), box)
        self.attach_actions.setChecked(True)
        self.folder_edit = QLineEdit(str(default_reports_folder(self.context)), box)
        self.folder_edit.setToolTip(
            self.tr("De bijlagen en het concept worden in deze map bewaard (niet in een tijdelijke map).")
        )
        folder_label = QLabel(self.tr("&Map:"), box)
        folder_label.setBuddy(self.folder_edit)
        self.folder_button = QPushButton(self.tr("Kiezen…"), box)
        self.folder_button.clicked.connect(lambda _checked=False: self.choose_folder())
        checks = QHBoxLayout()
        checks.addWidget(self.attach_minutes)
        checks.addWidget(self.attach_actions)
        checks.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        column = QVBoxLayout(box)
        column.addLayout(checks)
        column.addLayout(row)
        return box

    def _button_row(self) -> QVBoxLayout:
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.draft_button = QPushButton(self.tr("Concept openen in mailprogramma"), self)
        self.draft_button.setObjectName("openDraft")
        self.draft_button.setToolTip(
            self.tr("Bijlagen en een concept-e-mail opslaan en openen in uw mailprogramma")
        )
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
        return column

    def _prefill(self) -> None:
        mail = self.context.services.mail
        for name, address in mail.recipients(self.meeting_id):
            item = QStandardItem(f"{name} <{address}>")
            item.setData(address, ADDRESS_ROLE)
            item.setData(name, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.recipients_model.appendRow(item)
        if self.recipients_model.rowCount() == 0:
            self.recipients_error.show_message(
                self.tr(
                    "Bij de opdracht van dit overleg staan geen ontvangers van het verslag met een "
                    "e-mailadres. Vul adressen in bij Extra, of voeg ontvangers toe bij de opdracht."
                )
            )
        if not self.held:
            self.not_held.show_message(QCoreApplication.translate("SendReportDialog", NOT_HELD_MESSAGE))
            for widget in (self.draft_button, self.send_button):
                widget.setEnabled(False)
            return
        # The chair's own view of the text: redacted only when the e-mail leaves (after the preview).
        message = mail.compose_report(
            self.meeting_id, [], recipients=[], sender=self._settings(), audience=Audience.INTERNAL
        )
        self.subject_edit.setText(str(message["Subject"]))
        self.body_edit.setPlainText(message.get_content())

    # --- input -----------------------------------------------------------------------------------

    def _settings(self) -> MailSettings | None:
        return self.context.settings.mail_settings()

    def chosen_recipients(self) -> list[tuple[str, str]]:
        """The ticked recipients and the extra addresses, as (name, address)."""
        chosen = []
        for row in range(self.recipients_model.rowCount()):
            item = self.recipients_model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append((str(item.data(Qt.ItemDataRole.UserRole)), str(item.data(ADDRESS_ROLE))))
        extra = [part for part in ADDRESS_SPLIT_RE.split(self.extra_edit.text()) if part]
        return chosen + [("", address) for address in extra]

    def folder(self) -> Path:
        return folder_in(self.folder_edit, default_reports_folder(self.context))

    def choose_folder(self) -> None:
        title = self.tr("Map voor verslagen")
        choose_folder_into(self, self.folder_edit, title, default_reports_folder(self.context))

    # --- the two ways out ------------------------------------------------------------------------

    def open_draft(self) -> None:
        """Write the attachments and a draft ``.eml`` to the folder, then open the draft."""
        self._start("draft", None, None)

    def send_now(self) -> None:
        """Send over SMTP with the settings and the keyring password (asked when none is stored)."""
        if self.busy or not self.held:
            return
        settings = self._settings()
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
                password = self._ask_password(settings)
                if password is None:
                    return
        self._start("send", settings, password)

    def _ask_password(self, settings: MailSettings) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Wachtwoord"),
            self.tr("Wachtwoord van {user} bij {host}:").format(
                user=settings.username.strip(), host=settings.host.strip()
            ),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    def _start(self, kind: str, settings: MailSettings | None, password: str | None) -> None:
        if self.busy or not self.held:
            return
        self._clear_errors()
        recipients = self.chosen_recipients()
        if kind == "send" and not recipients:
            self._show_error(self.tr("Kies ten minste één ontvanger of vul een adres in bij Extra."))
            return
        folder = self.folder()
        subject, body = self.subject_edit.text().strip(), self.body_edit.toPlainText()
        if not subject:
            self.message_error.show_message(self.tr("Vul een onderwerp in."))
            return
        minutes, actions = self.attach_minutes.isChecked(), self.attach_actions.isChecked()
        sender = settings or self._settings()
        sender_name = sender.sender_name if sender is not None else ""
        choice = self.ask_choice(subject, body, sender, minutes=minutes, actions=actions)
        if choice is None:
            return
        blind = self.bcc_button.isChecked()
        self.context.settings.set_recipients_hidden(self.assignment_id, blind)
        self.busy = True
        self._set_enabled(False)
        self.progress.show()
        self.status_label.setText(
            self.tr("Bezig met versturen…") if kind == "send" else self.tr("Bezig met het concept…")
        )

        def work() -> Prepared:
            folder.mkdir(parents=True, exist_ok=True)
            files = self._write_attachments(folder, choice, minutes=minutes, actions=actions)
            mail = self.context.services.mail
            message = mail.compose_report(
                self.meeting_id,
                files,
                recipients=recipients,
                sender=settings,
                blind=blind,
                audience=choice.audience,
            )
            chosen_subject, chosen_body = subject, body
            if not choice.internal:  # the chair's own text is redacted too
                chosen_subject, chosen_body = mail.redact_texts(subject, body, sender_name)
            _set_text(message, chosen_subject, chosen_body)
            if kind == "draft":
                name = dated_name("verslag", self.meeting_date, self.meeting_title, ".eml")
                detail = f"concept-e-mail {name} ({len(files)} bijlagen)"
                draft = documents.save_logged_draft(  # the draft and its entry in one step
                    self.context.services, message, folder / name, self.meeting_id, detail
                )
                return Prepared(message, tuple(files), draft=draft)
            assert settings is not None
            result = self.context.services.mail.send(message, settings, password, meeting_id=self.meeting_id)
            return Prepared(message, tuple(files), result=result)

        self.runner.run(kind, work)

    def ask_choice(
        self, subject: str, body: str, settings: MailSettings | None, *, minutes: bool, actions: bool
    ) -> ExportChoice | None:
        """The privacy preview of the e-mail and its attachments (modal); None when cancelled.
        The password protects the attachments; the e-mail itself cannot have one."""
        from wiec_desktop.ui.privacy_preview.dialog import ask_export_choice

        services = self.context.services
        sender_name = settings.sender_name if settings else ""
        meeting_id = self.meeting_id

        def compute() -> list[Replacement]:
            from wiec_desktop.services.actions.action_list import ActionListScope

            found: list[Replacement] = []
            services.mail.redact_texts(subject, body, sender_name, found)
            if minutes:
                found += documents.replacements(services, services.minutes_data.minutes(meeting_id))
            if actions:
                found += documents.replacements(
                    services, services.action_list.action_list(ActionListScope.all_open())
                )
            return found

        return ask_export_choice(
            self.context, self, self.tr("Verslag versturen"), compute, protectable=minutes or actions
        )

    def _write_attachments(
        self, folder: Path, choice: ExportChoice, *, minutes: bool, actions: bool
    ) -> list[Path]:
        """The Word minutes and the Excel action list in ``folder`` for the chosen audience, with
        the chosen password (worker thread)."""
        services = self.context.services
        files: list[Path] = []
        # The sending is logged instead of the attachments, except the intern variant: its making
        # is always recorded in the logboek.
        chosen = {"record": choice.internal, "audience": choice.audience, "password": choice.password}
        if minutes:
            target = folder / dated_name("verslag", self.meeting_date, self.meeting_title, ".docx")
            template = self.context.settings.word_template()
            documents.write_minutes(services, self.meeting_id, target, template, **chosen)
            files.append(documents.variant_target(target, choice.audience))
        if actions:
            from wiec_desktop.services.actions.action_list import ActionListScope

            target = folder / f"actielijst-{services.today().isoformat()}.xlsx"
            documents.write_action_list(services, ActionListScope.all_open(), target, **chosen)
            files.append(documents.variant_target(target, choice.audience))
        return files

    # --- outcome ---------------------------------------------------------------------------------

    def _finished(self, kind: str, prepared: Prepared) -> None:
        self._done()
        if kind == "draft":
            assert prepared.draft is not None
            self.last_draft = prepared.draft
            self.status_label.setText(
                self.tr("Concept opgeslagen in {folder}; het wordt geopend in uw mailprogramma.").format(
                    folder=prepared.draft.parent
                )
            )
            if not open_file(prepared.draft):
                self.status_label.setText(
                    self.tr("Concept opgeslagen als {path}. Open het met uw mailprogramma.").format(
                        path=prepared.draft
                    )
                )
            self.sent.emit()
            return
        result = prepared.result
        assert result is not None
        self.last_result = result
        count = len(result.accepted)
        text = self.tr("Verzonden aan {count} {noun}.").format(
            count=count, noun=self.tr("ontvanger") if count == 1 else self.tr("ontvangers")
        )
        if result.refused:
            text += " " + self.tr("Geweigerd door de mailserver: {addresses}.").format(
                addresses=", ".join(result.refused)
            )
        if not result.recorded:
            text += " " + self.tr("Het versturen kon niet in het logboek worden vastgelegd.")
        self.status_label.setText(text)
        self.send_button.setEnabled(False)  # sent: not twice by a second click
        self.close_button.setDefault(True)
        self.sent.emit()

    def _failed(self, _kind: str, error: BaseException) -> None:
        self._done()
        if isinstance(error, ValidationError):
            self._show_validation(error)
            return
        text = str(error) if isinstance(error, MailError) else export_error_text(error)
        if text is None:
            raise error  # a bug: the crash dialog shows it
        self._show_error(text)

    def _show_validation(self, error: ValidationError) -> None:
        errors = dict(error.errors)
        if "recipients" in errors:
            self.recipients_error.show_message(errors.pop("recipients"))
        for key in ("subject", "body"):
            if key in errors:
                self.message_error.show_message(errors.pop(key))
        self.last_error = "\n".join(error.errors.values())
        self.status_label.setText(" ".join(errors.values()) or self.tr("Controleer de invoer."))

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.status_label.setText(self.tr("Niet verstuurd."))
        QMessageBox.warning(self, self.tr("Verslag versturen"), text)

    def _clear_errors(self) -> None:
        self.last_error = ""
        self.message_error.show_message("")
        if self.recipients_model.rowCount():
            self.recipients_error.show_message("")

    def _done(self) -> None:
        self.busy = False
        self.progress.hide()
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.draft_button, self.send_button, self.folder_button):
            widget.setEnabled(enabled and self.held)

    def reject(self) -> None:
        if self.busy:  # a mail on its way: closing now would hide whether it went out
            return
        super().reject()

    def wait(self) -> None:
        self.runner.wait()


def _set_text(message: EmailMessage, subject: str, body: str) -> None:
    """The chair's subject and text (taken literally: no placeholders are filled in again)."""
    del message["Subject"]
    message["Subject"] = " ".join(subject.split())
    part: Any = message.get_body(("plain",))
    if part is not None:
        policy = part.policy
        part.set_content(body.replace("\r\n", "\n").rstrip() + "\n")
        part.policy = policy
