"""Between the settings store (``ui/settings/preferences.Settings``) and a handover package: which
settings go along (``collect``) and how received ones are applied (``apply``, after the chair has
confirmed). Never the SMTP password (it stays in the keyring) and nothing machine-local."""

from __future__ import annotations

from collections.abc import Iterable

from wiec_desktop.services.handover import HandoverSettings, ReceivedPackage
from wiec_desktop.ui.settings.preferences import Settings

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def collect(settings: Settings, assignment_ids: Iterable[int]) -> HandoverSettings:
    """The assignment's settings as they are on this laptop: the mail settings (no password), Bcc
    or To per assignment, and the chair's Word template (its bytes, when it can be read)."""
    mail = settings.mail_settings()
    template = settings.word_template()
    content = b""
    if template is not None:
        try:
            if template.is_file() and template.stat().st_size <= MAX_TEMPLATE_BYTES:
                content = template.read_bytes()
        except OSError:
            content = b""  # a template on a disk that is gone: the package goes without it
    return HandoverSettings(
        mail=mail.to_dict() if mail else {},
        recipients_hidden={ident: settings.recipients_hidden(ident) for ident in assignment_ids},
        word_template_name=template.name if content and template else "",
        word_template=content,
    )


def describe(received: ReceivedPackage) -> list[str]:
    """What applying the received settings changes, one line each (for the confirmation)."""
    lines = []
    mail = received.settings.mail_settings
    if mail is not None:
        lines.append(f"mailserver {mail.host or '—'} (afzender {mail.sender_address or '—'})")
    if received.settings.recipients_hidden:
        lines.append("per opdracht: verslag in Bcc of aan alle ontvangers")
    if received.template is not None:
        lines.append(f"Word-sjabloon {received.template.name}")
    return lines


def apply(settings: Settings, received: ReceivedPackage) -> None:
    """Put the received settings in this laptop's settings store (the password is asked later)."""
    mail = received.settings.mail_settings
    if mail is not None:
        settings.set_mail_settings(mail)
    for ident, hidden in received.settings.recipients_hidden.items():
        settings.set_recipients_hidden(ident, hidden)
    if received.template is not None:
        settings.set_word_template(received.template)
