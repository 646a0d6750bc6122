"""Instellingen: the mail server for "Verslag versturen", the Word template and folder for reports,
and the folder for backups (checked: it must exist and be writable).

The settings go to ``settings.ini``; the SMTP password never does: it is stored in the operating
system's keyring (``store_password``) under ``username@host``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wiec_desktop.services.mail.settings import (
    DEFAULT_PORTS,
    SECURITY_LABELS,
    MailSettings,
    PasswordStoreError,
    forget_password,
    load_password,
    store_password,
)
from wiec_desktop.services.validation import ValidationError
from wiec_desktop.storage.backups import folder_problem
from wiec_desktop.storage.paths import default_backup_dir
from wiec_desktop.translation import QT_TRANSLATE_NOOP
from wiec_desktop.ui.common.context import AppContext
from wiec_desktop.ui.common.forms import Form, select_value

PASSWORD_STORED = QT_TRANSLATE_NOOP(
    "SettingsDialog", "Wachtwoord opgeslagen in de sleutelbos van het systeem."
)
WORD_FILTER = QT_TRANSLATE_NOOP("FileFilters", "Word-document (*.docx);;Alle bestanden (*)")


class SettingsDialog(QDialog):
    """Tabs "E-mail", "Verslag" and "Back-ups"; Opslaan keeps the settings (and a typed password) and closes,
    Toepassen keeps them and stays open."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Instellingen"))
        self.resize(680, 560)
        self.tabs = QTabWidget(self)
        self.mail_form = Form(self)
        self.report_form = Form(self)
        self.backup_form = Form(self)
        self._build_mail()
        self._build_report()
        self._build_backups()
        self.tabs.addTab(_wrap(self.mail_form, self), self.tr("E-mail"))
        self.tabs.addTab(_wrap(self.report_form, self), self.tr("Verslag"))
        self.tabs.addTab(_wrap(self.backup_form, self), self.tr("Back-ups"))

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("Opslaan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button = self.buttons.addButton(
            self.tr("Toepassen"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Annuleren"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.apply_button.clicked.connect(lambda _checked=False: self.apply())
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._load()

    # --- building --------------------------------------------------------------------------------

    def _build_mail(self) -> None:
        self.host = QLineEdit(self)
        self.host.setPlaceholderText(self.tr("bijvoorbeeld smtp.office365.com"))
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORTS["starttls"])
        self.security = QComboBox(self)
        for key, label in SECURITY_LABELS.items():
            self.security.addItem(QCoreApplication.translate("MailSettings", label), key)
        self._security_shown = "starttls"
        self.security.currentIndexChanged.connect(lambda _i: self._security_changed())
        self.username = QLineEdit(self)
        self.username.setPlaceholderText(
            self.tr("meestal uw e-mailadres; leeg als de server geen inlog vraagt")
        )
        self.sender_name = QLineEdit(self)
        self.sender_address = QLineEdit(self)
        self.sender_address.setPlaceholderText(self.tr("naam@organisatie.nl"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("leeg laten om het opgeslagen wachtwoord te houden"))
        self.forget_button = QPushButton(self.tr("Wachtwoord vergeten"), self)
        self.forget_button.setToolTip(self.tr("Het opgeslagen wachtwoord uit de sleutelbos verwijderen"))
        self.forget_button.clicked.connect(lambda _checked=False: self.forget())
        password_row = QWidget(self)
        row = QHBoxLayout(password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.password, 1)
        row.addWidget(self.forget_button)
        password_row.setFocusProxy(self.password)
        self.password_status = QLabel(self)
        self.password_status.setWordWrap(True)
        self.password_status.setObjectName("countLabel")
        form = self.mail_form
        form.add_row("host", self.tr("&Mailserver"), self.host)
        form.add_row("port", self.tr("&Poort"), self.port)
        form.add_row("security", self.tr("&Beveiliging"), self.security)
        form.add_row("username", self.tr("&Gebruikersnaam"), self.username)
        form.add_row("password", self.tr("&Wachtwoord"), password_row)
        form.fields["password"] = self.password  # errors focus the field itself
        form.add_row("password_status", "", self.password_status)
        form.add_row("sender_name", self.tr("Afzender &naam"), self.sender_name)
        form.add_row("sender_address", self.tr("Afzender &adres"), self.sender_address)
        note = QLabel(
            self.tr(
                "Het wachtwoord wordt bewaard in de sleutelbos (wachtwoordkluis) van het "
                "besturingssysteem, nooit in het instellingenbestand."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("countLabel")
        form.add_row("note", "", note)

    def _build_report(self) -> None:
        self.template_edit = QLineEdit(self)
        self.template_edit.setReadOnly(True)
        self.template_edit.setPlaceholderText(self.tr("Standaardsjabloon (meegeleverd)"))
        self.template_button = QPushButton(self.tr("Kiezen…"), self)
        self.template_button.clicked.connect(lambda _checked=False: self.choose_template())
        self.default_template_button = QPushButton(self.tr("Standaardsjabloon gebruiken"), self)
        self.default_template_button.clicked.connect(lambda _checked=False: self.use_default_template())
        template_row = self._path_with_buttons(
            self.template_edit, (self.template_button, self.default_template_button), self.template_button
        )
        template_note = QLabel(
            self.tr(
                "Een Word-document (.docx) met uw briefhoofd en huisstijl: de kop- en voettekst en de "
                "stijlen (Titel, Kop 1, Kop 2, Lijstopsommingsteken, Tabelraster) worden gebruikt."
            ),
            self,
        )
        template_note.setWordWrap(True)
        template_note.setObjectName("countLabel")
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText(self.tr("Map ‘Verslagen’ naast de database"))
        self.folder_button = QPushButton(self.tr("Kiezen…"), self)
        self.folder_button.clicked.connect(lambda _checked=False: self.choose_folder())
        folder_row = QWidget(self)
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_button)
        folder_row.setFocusProxy(self.folder_edit)
        form = self.report_form
        form.add_row("template", self.tr("Word-&sjabloon"), template_row)
        form.fields["template"] = self.template_edit
        form.add_row("template_note", "", template_note)
        form.add_row("folder", self.tr("Map voor &verslagen"), folder_row)
        form.fields["folder"] = self.folder_edit

    def _path_with_buttons(
        self, edit: QLineEdit, buttons: tuple[QPushButton, ...], focus: QWidget
    ) -> QWidget:
        """A path field with its buttons (Kiezen…, Standaard…) in a row below it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(edit)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        box.setFocusProxy(focus)
        return box

    def _build_backups(self) -> None:
        self.backup_folder_edit = QLineEdit(self)
        self.backup_folder_edit.setPlaceholderText(self.tr("Standaardmap (zie hieronder)"))
        self.backup_folder_button = QPushButton(self.tr("Kiezen…"), self)
        self.backup_folder_button.clicked.connect(lambda _checked=False: self.choose_backup_folder())
        self.default_backup_button = QPushButton(self.tr("Standaardmap gebruiken"), self)
        self.default_backup_button.clicked.connect(lambda _checked=False: self.use_default_backup_folder())
        folder_row = self._path_with_buttons(
            self.backup_folder_edit,
            (self.backup_folder_button, self.default_backup_button),
            self.backup_folder_edit,
        )
        note = QLabel(
            self.tr(
                "Een back-up wordt gemaakt bij het afsluiten, eens per dag terwijl het programma open is "
                "en met Bestand › Back-up maken; bewaard worden er 7 van de laatste dagen, 4 van de laatste "
                "weken en 12 van de laatste maanden. Kies bijvoorbeeld een externe schijf of een "
                "gesynchroniseerde map. Is die map er niet (schijf niet aangesloten), dan komt de back-up "
                "in de standaardmap en meldt de statusbalk dat.\nStandaardmap: {folder}"
            ).format(folder=default_backup_dir()),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("countLabel")
        form = self.backup_form
        form.add_row("backup_folder", self.tr("Map voor &back-ups"), folder_row)
        form.fields["backup_folder"] = self.backup_folder_edit
        form.add_row("backup_note", "", note)

    # --- loading ---------------------------------------------------------------------------------

    def _load(self) -> None:
        settings = self.context.settings
        mail = settings.mail_settings() or MailSettings()
        self.host.setText(mail.host)
        select_value(self.security, mail.security)
        self._security_shown = str(self.security.currentData())
        self.port.setValue(mail.port if 1 <= mail.port <= 65535 else DEFAULT_PORTS[self._security_shown])
        self.username.setText(mail.username)
        self.sender_name.setText(mail.sender_name)
        self.sender_address.setText(mail.sender_address)
        self._timeout = mail.timeout
        self._show_password_status(mail)
        template = settings.word_template()
        self.template_edit.setText(str(template) if template else "")
        folder = settings.reports_folder()
        self.folder_edit.setText(str(folder) if folder else "")
        backup_folder = settings.backup_folder()
        self.backup_folder_edit.setText(str(backup_folder) if backup_folder else "")

    def _show_password_status(self, mail: MailSettings) -> None:
        if not mail.username.strip() or not mail.host.strip():
            self.password_status.setText(self.tr("Geen wachtwoord nodig zonder gebruikersnaam."))
            return
        try:
            stored = load_password(mail) is not None
        except PasswordStoreError as error:
            self.password_status.setText(str(error))
            return
        self.password_status.setText(
            QCoreApplication.translate("SettingsDialog", PASSWORD_STORED)
            if stored
            else self.tr("Er is nog geen wachtwoord opgeslagen.")
        )

    def _security_changed(self) -> None:
        """The port follows the security choice, unless the chair typed a port of their own."""
        new = str(self.security.currentData())
        if self.port.value() == DEFAULT_PORTS.get(self._security_shown):
            self.port.setValue(DEFAULT_PORTS[new])
        self._security_shown = new

    # --- values ----------------------------------------------------------------------------------

    def mail_settings(self) -> MailSettings:
        return MailSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=str(self.security.currentData()),
            username=self.username.text().strip(),
            sender_address=self.sender_address.text().strip(),
            sender_name=self.sender_name.text().strip(),
            timeout=self._timeout,
        )

    def template_path(self) -> Path | None:
        text = self.template_edit.text().strip()
        return Path(text) if text else None

    def choose_template(self) -> None:
        start = self.template_path()
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Word-sjabloon kiezen"),
            str(start.parent if start else Path.home()),
            QCoreApplication.translate("FileFilters", WORD_FILTER),
        )
        if path:
            self.set_template(Path(path))

    def set_template(self, path: Path) -> bool:
        """Take ``path`` as the template when it can be used; else show why (e.g. a .dotx)."""
        from wiec_desktop.exports.docx.template import TemplateError, open_template

        self.report_form.errors["template"].show_message("")
        try:
            open_template(path)
        except TemplateError as error:
            self.tabs.setCurrentIndex(1)
            self.report_form.errors["template"].show_message(str(error))
            return False
        self.template_edit.setText(str(path))
        return True

    def use_default_template(self) -> None:
        self.report_form.errors["template"].show_message("")
        self.template_edit.clear()

    def choose_folder(self) -> None:
        text = self.folder_edit.text().strip()
        path = QFileDialog.getExistingDirectory(self, self.tr("Map voor verslagen"), text or str(Path.home()))
        if path:
            self.folder_edit.setText(path)

    def choose_backup_folder(self) -> None:
        text = self.backup_folder_edit.text().strip()
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Map voor back-ups"), text or str(default_backup_dir().parent)
        )
        if path:
            self.backup_folder_edit.setText(path)
            self.check_backup_folder()

    def use_default_backup_folder(self) -> None:
        self.backup_form.errors["backup_folder"].show_message("")
        self.backup_folder_edit.clear()

    def backup_folder(self) -> Path | None:
        text = self.backup_folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def check_backup_folder(self) -> bool:
        """Whether a backup can be written in the chosen folder; else the reason under the field."""
        folder = self.backup_folder()
        problem = folder_problem(folder) if folder is not None else None
        if problem is None:
            self.backup_form.errors["backup_folder"].show_message("")
            return True
        self.tabs.setCurrentIndex(2)
        self.backup_form.errors["backup_folder"].show_message(
            self.tr("Hier kan geen back-up worden gemaakt: {problem}. Kies een andere map.").format(
                problem=problem
            )
        )
        return False

    # --- saving ----------------------------------------------------------------------------------

    def apply(self) -> bool:
        """Check and keep the settings; a typed password goes to the keyring. False: see the form."""
        mail = self.mail_settings()
        self.mail_form.clear_errors()
        try:
            mail.validate(for_sending=False)
        except ValidationError as error:
            self.tabs.setCurrentIndex(0)
            self.mail_form.show_errors(error.errors)
            return False
        if not self.check_backup_folder():
            return False
        folder_text = self.folder_edit.text().strip()
        settings = self.context.settings
        entered = (mail.host, mail.username, mail.sender_address, mail.sender_name)
        settings.set_mail_settings(mail if any(entered) else None)  # nothing entered: not set up
        settings.set_word_template(self.template_path())
        settings.set_reports_folder(Path(folder_text).expanduser() if folder_text else None)
        settings.set_backup_folder(self.backup_folder())
        password = self.password.text()
        if password:
            try:
                store_password(mail, password)
            except ValidationError as error:
                self.tabs.setCurrentIndex(0)
                self.mail_form.show_errors(error.errors)
                return False
            except PasswordStoreError as error:
                self.tabs.setCurrentIndex(0)
                self.mail_form.errors["password"].show_message(str(error))
                return False
            self.password.clear()
            self.password_status.setText(QCoreApplication.translate("SettingsDialog", PASSWORD_STORED))
        else:
            self._show_password_status(mail)
        return True

    def save(self) -> None:
        if self.apply():
            self.accept()

    def forget(self) -> None:
        mail = self.mail_settings()
        self.mail_form.errors["password"].show_message("")
        try:
            forget_password(mail)
        except PasswordStoreError as error:
            self.mail_form.errors["password"].show_message(str(error))
            return
        self.password.clear()
        self.password_status.setText(self.tr("Het wachtwoord is uit de sleutelbos verwijderd."))


def _wrap(widget: QWidget, parent: QWidget) -> QWidget:
    page = QWidget(parent)
    layout = QVBoxLayout(page)
    layout.addWidget(widget)
    layout.addStretch(1)
    return page
