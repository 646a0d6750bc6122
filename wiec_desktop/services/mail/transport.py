"""Sending a composed message over SMTP (STARTTLS, SSL or plain) with a timeout; every failure
becomes a ``MailError`` with a Dutch text the chair can act on. Imported only when the chair sends
(smtplib and ssl stay out of the program's start-up). No Qt, nothing logged about the message.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import logging
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid

from wiec_desktop.services.mail.message import wire_bytes
from wiec_desktop.services.mail.settings import MailError, MailServerUnusable, MailSettings, SendResult

log = logging.getLogger(__name__)





# --- sending --------------------------------------------------------------------------


SERVER_PHASES = frozenset({"connect", "starttls", "login"})  # failing there: the server, not the mail


def send_message(
    message: EmailMessage,
    settings: MailSettings,
    password: str | None,
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> SendResult:
    """Send ``message`` (From set to the sender of ``settings``, a Date and Message-ID added; the
    caller's message is not changed). Returns the accepted and refused addresses; raises
    ValidationError for unusable settings and MailError (Dutch) for every failure on the way."""
    settings.validate()
    if settings.username.strip() and not password:
        raise MailError("Vul het wachtwoord van de mailserver in.")
    outgoing = copy.deepcopy(message)
    del outgoing["X-Unsent"]
    del outgoing["From"]
    outgoing["From"] = settings.sender
    if outgoing["Date"] is None:
        outgoing["Date"] = formatdate(localtime=True)
    if outgoing["Message-ID"] is None:
        outgoing["Message-ID"] = make_msgid(domain=settings.sender_address.rsplit("@", 1)[-1])
    addresses = _envelope_recipients(outgoing)
    if not addresses:
        raise MailError("Het bericht heeft geen ontvangers. Voeg ten minste één e-mailadres toe.")

    host, port = settings.host.strip(), settings.port
    where = f"{host}:{port}"
    context = ssl_context or ssl.create_default_context()
    phase = "connect"
    client: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(host, port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=settings.timeout)
        client.ehlo()
        if settings.security == "starttls":
            phase = "starttls"
            client.starttls(context=context)
            client.ehlo()
        if settings.username.strip():
            phase = "login"
            _login(client, settings.username.strip(), password or "")
        phase = "send"
        refused = client.sendmail(settings.sender_address.strip(), addresses, wire_bytes(outgoing))
        phase = "quit"
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(
            "De mailserver weigert alle ontvangers: "
            f"{', '.join(sorted(error.recipients))}. Controleer de e-mailadressen."
        ) from error
    except Exception as error:  # mapped to a Dutch message; the original stays as __cause__
        log.warning("SMTP failure during %s: %s", phase, type(error).__name__)
        kind = MailServerUnusable if phase in SERVER_PHASES else MailError
        raise kind(_smtp_message(error, phase, where, settings)) from error
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
    refused_addresses = tuple(sorted(refused))
    accepted = tuple(a for a in addresses if a not in refused)
    return SendResult(accepted=accepted, refused=refused_addresses, message_id=str(outgoing["Message-ID"]))


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """``client.login``, but with a user name or password outside ASCII (smtplib refuses those)
    AUTH PLAIN or LOGIN with UTF-8 (RFC 4616)."""
    if (username + password).isascii():
        client.login(username, password)
        return
    methods = client.esmtp_features.get("auth", "").upper().split()

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")

    if "PLAIN" in methods:
        token = b64(b"\0" + username.encode() + b"\0" + password.encode())
        code, reply = client.docmd("AUTH", f"PLAIN {token}")
        if code == 334:
            code, reply = client.docmd(token)
    elif "LOGIN" in methods:
        code, reply = client.docmd("AUTH", "LOGIN")
        if code == 334:
            code, reply = client.docmd(b64(username.encode()))
        if code == 334:
            code, reply = client.docmd(b64(password.encode()))
    else:
        raise smtplib.SMTPNotSupportedError("No AUTH method for a non-ASCII password.")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _envelope_recipients(message: EmailMessage) -> list[str]:
    fields = [str(value) for name in ("To", "Cc", "Bcc") for value in message.get_all(name, [])]
    result: list[str] = []
    for _name, address in getaddresses(fields):
        if address and address not in result:
            result.append(address)
    return result


def _smtp_message(error: BaseException, phase: str, where: str, settings: MailSettings) -> str:
    """A Dutch message for an SMTP failure, with what the chair can check."""
    check_settings = "Controleer de naam van de server, de poort en de beveiliging in de instellingen."
    if isinstance(error, socket.gaierror):
        return f"De mailserver {settings.host} is niet bereikbaar: de naam is onbekend. {check_settings}"
    if isinstance(error, ConnectionRefusedError):
        return f"De mailserver {where} is niet bereikbaar: de verbinding wordt geweigerd. {check_settings}"
    # smtplib turns a timeout while waiting for a reply into SMTPServerDisconnected.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return (
            f"De mailserver {where} reageert niet (geen antwoord binnen {settings.timeout:g} seconden). "
            "Controleer de internetverbinding en de instellingen, of probeer het later opnieuw."
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            f"Het certificaat van de mailserver {settings.host} wordt niet vertrouwd "
            f"({error.verify_message}). De verbinding is niet gemaakt; controleer de naam van de "
            "server of vraag de beheerder van de mailserver."
        )
    if isinstance(error, ssl.SSLError):
        return (
            f"De beveiligde verbinding (TLS) met de mailserver {where} is mislukt. Controleer of de "
            "beveiliging (STARTTLS of SSL/TLS) bij deze poort past."
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        if phase == "starttls":
            return (
                f"De mailserver {where} biedt geen STARTTLS aan. Kies SSL/TLS (meestal poort 465) of "
                "vraag de beheerder van de mailserver."
            )
        if phase == "login":
            return (
                f"De mailserver {where} biedt hier geen inloggen aan. Laat de gebruikersnaam leeg of "
                "kies een beveiligde verbinding."
            )
        return f"De mailserver {where} ondersteunt dit bericht niet (bijvoorbeeld adressen met accenten)."
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "Inloggen bij de mailserver is mislukt: controleer de gebruikersnaam en het wachtwoord."
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 530:
        return (
            f"De mailserver {where} eist eerst een beveiligde verbinding of inloggen "
            f"({_server_text(error)}). Kies STARTTLS of SSL/TLS en vul de gebruikersnaam in."
        )
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (
            f"De mailserver weigert het afzenderadres {settings.sender_address}: {_server_text(error)}. "
            "Gebruik het adres dat bij deze mailserver hoort."
        )
    if isinstance(error, smtplib.SMTPDataError):
        return f"De mailserver heeft het bericht geweigerd: {_server_text(error)}."
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return (
            f"De mailserver {where} heeft de verbinding onverwacht verbroken. Het bericht is niet "
            "verstuurd; controleer de beveiliging in de instellingen en probeer het opnieuw."
        )
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        return f"De mailserver {where} weigert de verbinding: {_server_text(error)}."
    if isinstance(error, smtplib.SMTPResponseException):
        return f"De mailserver gaf een fout: {_server_text(error)}. Het bericht is niet verstuurd."
    if isinstance(error, OSError):
        reason = error.strerror or type(error).__name__
        return f"De mailserver {where} is niet bereikbaar ({reason}). {check_settings}"
    return f"Versturen is mislukt ({type(error).__name__}). Het bericht is niet verstuurd."


def _server_text(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{error.smtp_code} {' '.join(str(text).split())}".strip()
