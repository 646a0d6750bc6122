"""Acties per partner versturen: per organisation with open actions a workbook with only its own
actions, and a mail to its contact persons — as draft e-mails in a folder, or sent at once.

The chair chooses which actions (those of the meeting just held, or all open ones), the kind of
mail (the actions after a meeting, or a reminder before the next one), draft or send, and the
folder (by default "Acties per partner" beside the reports folder; never the system's temporary
folder: the files hold personal data). The list shows per organisation how many actions and who
gets the mail; unticked organisations are skipped. The work runs on a ``Runner`` with progress per
organisation and ends with a Dutch summary.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.domain.enums import DispatchKind
from wiec_desktop.services.followup.dispatch import DispatchMode, DispatchRequest, DispatchResult, PartnerPlan
from wiec_desktop.services.formatting import long_date
from wiec_desktop.services.mail.settings import MailError, MailSettings, PasswordStoreError, load_password
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.ui.common.background import Runner
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.errors import export_error_text
from wiec_desktop.ui.common.folder_choice import choose_folder_into, folder_in

FOLDER_NAME = "Acties per partner"
ORG_ROLE = Qt.ItemDataRole.UserRole


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (queued: the object lives there)."""

    moved = Signal(int, int, str)


def default_folder(context: AppContext) -> Path:
    """ "Acties per partner" in the reports folder (settings, else beside the database)."""
    from wiec_desktop.ui.reports.send_report import default_reports_folder

    return default_reports_folder(context) / FOLDER_NAME


class PartnerSendDialog(QDialog):
    """Choose, then make the workbooks and the mails; ``sent`` after a run that made any."""

    sent = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        meeting_id: int | None = None,
        kind: DispatchKind = DispatchKind.ACTIONS,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.services.followup_dispatch
        self.meeting_id = meeting_id
        self.busy = False
        self.results: list[DispatchResult] = []
        self.plans: list[PartnerPlan] = []
        self.setWindowTitle(self.tr("Acties per partner versturen"))
        self.resize(900, 640)
        self.runner = runner or Runner()  # no parent: outlives the dialog while a job still runs
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.progress_signal = _Progress(self)
        self.progress_signal.moved.connect(self._moved)

        intro = QLabel(
            self.tr(
                "Elke organisatie met open acties krijgt een Excel-bestand met alleen haar eigen acties, "
                "om in te vullen en terug te sturen, en een e-mail aan haar contactpersonen."
            ),
            self,
        )
        intro.setWordWrap(True)

        # which actions
        # the radio buttons are made without parent and go into their box before any is checked
        # (siblings of one parent are exclusive together)
        self.meeting_scope = QRadioButton()
        self.all_scope = QRadioButton(self.tr("&Alle open acties"))
        scope_box = _group(self.tr("Welke acties"), self.meeting_scope, self.all_scope)
        if meeting_id is not None:
            meeting = context.services.meetings.get_meeting(meeting_id)
            self.meeting_scope.setText(
                self.tr("Open acties uit &dit overleg ({title}, {date})").format(
                    title=meeting.title, date=long_date(meeting.date)
                )
            )
            self.meeting_scope.setChecked(True)
        else:
            self.meeting_scope.setText(self.tr("Open acties uit &dit overleg"))
            self.meeting_scope.setEnabled(False)
            self.all_scope.setChecked(True)

        # what kind of mail
        self.actions_kind = QRadioButton(self.tr("Acties &na het overleg"))
        self.reminder_kind = QRadioButton(self.tr("&Herinnering vóór het volgende overleg"))
        kind_box = _group(self.tr("Soort bericht"), self.actions_kind, self.reminder_kind)
        (self.reminder_kind if kind is DispatchKind.REMINDER else self.actions_kind).setChecked(True)

        # draft or send
        self.draft_mode = QRadioButton(self.tr("&Concept-e-mails in de map (voor het mailprogramma)"))
        self.send_mode = QRadioButton(self.tr("&Direct versturen via de mailserver"))
        mode_box = _group(self.tr("Versturen"), self.draft_mode, self.send_mode)
        self.draft_mode.setChecked(True)

        choices = QHBoxLayout()
        for box in (scope_box, kind_box, mode_box):
            choices.addWidget(box, 1)
        for group in (
            _buttons(self.meeting_scope, self.all_scope),
            _buttons(self.actions_kind, self.reminder_kind),
        ):
            group.buttonToggled.connect(lambda _button, checked: checked and self.refresh())
            group.setParent(self)

        self.next_label = QLabel(self)
        self.next_label.setObjectName("nextMeeting")
        self.table = QTreeWidget(self)
        self.table.setObjectName("partners")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Organisatie"), self.tr("Acties"), self.tr("E-mail aan")])
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(default_folder(context)), self)
        self.folder_edit.setObjectName("folder")
        self.folder_button = QPushButton(self.tr("&Kiezen…"), self)
        self.folder_button.clicked.connect(lambda _checked=False: self.choose_folder())
        folder_label = QLabel(self.tr("&Map:"), self)
        folder_label.setBuddy(self.folder_edit)
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)

        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("summary")
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(130)
        self.summary.hide()

        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("&Maken en versturen"), self)
        self.start_button.setObjectName("start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda _checked=False: self.start())
        self.close_button = QPushButton(self.tr("Sl&uiten"), self)
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choices)
        layout.addWidget(self.next_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.refresh()

    # --- choices -----------------------------------------------------------------------------------

    def request(self) -> DispatchRequest:
        kind = DispatchKind.REMINDER if self.reminder_kind.isChecked() else DispatchKind.ACTIONS
        only = self.meeting_id is not None and self.meeting_scope.isChecked()
        return DispatchRequest(kind=kind, meeting_id=self.meeting_id, only_meeting_actions=only)

    def refresh(self) -> None:
        """The organisations and the named meeting for the current choices."""
        request = self.request()
        self.plans = self.service.plan(request)
        self.next_label.setText(
            self.tr("Volgend overleg in de e-mail: {meeting}").format(
                meeting=self.service.next_meeting_text(request)
            )
        )
        self.table.clear()
        for plan in self.plans:
            if plan.contacts:
                who = "; ".join(f"{c.name} <{c.address}>" if c.name else c.address for c in plan.contacts)
            else:
                who = self.tr("geen e-mailadres bekend — alleen het Excel-bestand")
            item = QTreeWidgetItem([plan.organisation, str(plan.action_count), who])
            item.setData(0, ORG_ROLE, plan.organisation_id)
            item.setToolTip(2, "\n".join(who.split("; ")))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        total = sum(p.action_count for p in self.plans)
        if self.plans:
            self.status_label.setText(
                self.tr("{orgs} organisaties, samen {actions} open acties.").format(
                    orgs=len(self.plans), actions=total
                )
            )
        else:
            self.status_label.setText(self.tr("Er zijn geen open acties in deze keuze."))
        self.start_button.setEnabled(bool(self.plans) and not self.busy)

    def chosen_ids(self) -> list[int]:
        ids = []
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is not None and item.checkState(0) == Qt.CheckState.Checked:
                ids.append(int(item.data(0, ORG_ROLE)))
        return ids

    def folder(self) -> Path:
        return folder_in(self.folder_edit, default_folder(self.context))

    def choose_folder(self) -> None:
        title = self.tr("Map voor de bestanden per partner")
        choose_folder_into(self, self.folder_edit, title, default_folder(self.context))

    # --- running -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Make the workbooks and mails for the ticked organisations, off the UI thread."""
        if self.busy:
            return
        ids = self.chosen_ids()
        if not ids:
            self.status_label.setText(self.tr("Vink ten minste één organisatie aan."))
            return
        mode = DispatchMode.SEND if self.send_mode.isChecked() else DispatchMode.DRAFT
        settings: MailSettings | None = self.context.settings.mail_settings()
        password: str | None = None
        if mode is DispatchMode.SEND:
            ready = self._sending_settings(settings)
            if ready is None:
                return
            settings, password = ready
        request, folder = self.request(), self.folder()
        from wiec_desktop.exports.xlsx.partner_workbook import write_partner_workbook

        self.busy = True
        self._set_enabled(False)
        self.summary.hide()
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.show()
        self.status_label.setText(self.tr("Bezig…"))
        moved = self.progress_signal.moved
        service = self.service

        def work() -> list[DispatchResult]:
            return service.dispatch_all(
                request,
                folder,
                write_partner_workbook,
                mode,
                settings=settings,
                password=password,
                progress=lambda done, total, name: moved.emit(done, total, name),
                organisation_ids=ids,
            )

        self.runner.run(mode, work)

    def _sending_settings(self, settings: MailSettings | None) -> tuple[MailSettings, str | None] | None:
        if settings is None or not settings.host.strip():
            self._warn(
                self.tr(
                    "Er is nog geen mailserver ingesteld. Vul de gegevens in via Bestand › Instellingen… "
                    "(tabblad E-mail), of kies ‘Concept-e-mails in de map’."
                )
            )
            return None
        try:
            settings.validate()
        except ValidationError as error:
            self._warn(
                self.tr("De instellingen van de mailserver zijn niet volledig: {problems}").format(
                    problems=" ".join(error.errors.values())
                )
            )
            return None
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
                    return None
                password = text
        return settings, password

    def _moved(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if name:
            self.status_label.setText(self.tr("Bezig met {organisation}…").format(organisation=name))

    def _finished(self, _mode: object, results: list[DispatchResult]) -> None:
        self._done()
        self.results = results
        self.status_label.setText(self.summary_text(results))
        self.summary.setPlainText("\n".join(r.message for r in results))
        self.summary.show()
        self.close_button.setDefault(True)  # done: a stray Enter does not make a second batch
        if any(r.ok for r in results):
            self.sent.emit()

    def summary_text(self, results: list[DispatchResult]) -> str:
        """One Dutch sentence over the run."""
        drafts = sum(1 for r in results if r.ok and r.draft is not None)
        sent = sum(1 for r in results if r.ok and r.draft is None and not r.without_contact)
        lonely = sum(1 for r in results if r.ok and r.without_contact)
        failed = sum(1 for r in results if not r.ok)
        parts = []
        if drafts:
            one, many = self.tr("1 concept-e-mail klaargezet"), self.tr("{n} concept-e-mails klaargezet")
            parts.append(one if drafts == 1 else many.format(n=drafts))
        if sent:
            one, many = self.tr("1 e-mail verstuurd"), self.tr("{n} e-mails verstuurd")
            parts.append(one if sent == 1 else many.format(n=sent))
        if lonely:
            parts.append(self.tr("{n} alleen als Excel-bestand (geen e-mailadres bekend)").format(n=lonely))
        if failed:
            parts.append(self.tr("{n} niet verstuurd").format(n=failed))
        text = self.tr("Klaar: {parts}.").format(parts=", ".join(parts) or self.tr("niets gemaakt"))
        if drafts or lonely:
            text += " " + self.tr("De bestanden staan in {folder}.").format(folder=self.folder())
        return text

    def _failed(self, _mode: object, error: BaseException) -> None:
        self._done()
        text = str(error) if isinstance(error, MailError) else export_error_text(error)
        if text is None:
            raise error  # a bug: the crash dialog shows it
        self.status_label.setText(self.tr("Niet gelukt."))
        self._warn(text)

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Acties per partner versturen"), text)

    def _done(self) -> None:
        self.busy = False
        self.progress.hide()
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.start_button, self.folder_button, self.table, self.folder_edit):
            widget.setEnabled(enabled)

    def reject(self) -> None:
        if self.busy:  # mails on their way: closing now would hide which went out
            return
        super().reject()

    def wait(self) -> None:
        self.runner.wait()


def _group(title: str, *buttons: QRadioButton) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for button in buttons:
        layout.addWidget(button)
    layout.addStretch(1)
    return box


def _buttons(*buttons: QRadioButton) -> QButtonGroup:
    group = QButtonGroup()
    for button in buttons:
        group.addButton(button)
    return group


def open_send_dialog(
    context: AppContext,
    parent: QWidget | None,
    *,
    meeting_id: int | None = None,
    kind: DispatchKind = DispatchKind.ACTIONS,
) -> PartnerSendDialog:
    """The dialog, modal to ``parent``'s window, deleted when closed. Without a parent it is not
    modal at all: a window-modal dialog without a window is application-modal and would block every
    other window of the program."""
    dialog = PartnerSendDialog(context, parent, meeting_id=meeting_id, kind=kind)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(
        Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.NonModal
    )
    dialog.open()
    return dialog
