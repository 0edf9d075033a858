"""Sending e-mail: to the log in development, to an SMTP server otherwise.

Over TLS the server's certificate and name are always verified (``MAIL_SECURITY``:
``starttls``, or ``ssl`` for implicit TLS on port 465): mail carries sign-in links, and a
connection that anyone in between could read or answer would give them away.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app

log = logging.getLogger("portal.mail")


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="silta")
    message.set_content(body)
    return message


def readable(message: EmailMessage) -> str:
    """The message as a person reads it: headers, the text decoded, attachments by name."""
    encoding = {"content-type", "content-transfer-encoding", "mime-version"}
    lines = [f"{name}: {value}" for name, value in message.items() if name.lower() not in encoding]
    text = message.get_body(preferencelist=("plain",))
    lines += ["", text.get_content() if text is not None else ""]
    for part in message.iter_attachments():
        lines.append(f"[attachment {part.get_filename()} ({part.get('Content-Type')})]")
    return "\n".join(lines)


def tls_context(config: Any) -> ssl.SSLContext:
    """Verify the server against the system's CAs, or only against MAIL_CA_FILE when given."""
    return ssl.create_default_context(cafile=config["MAIL_CA_FILE"] or None)


def _connect(config: Any) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_SECURITY"] == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=tls_context(config))
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if config["MAIL_SECURITY"] == "starttls":
        try:
            # Refused unless the server offers STARTTLS: never falls back to the clear.
            smtp.starttls(context=tls_context(config))
        except BaseException:
            smtp.close()
            raise
    return smtp


def send(message: EmailMessage) -> None:
    """Deliver one message with the configured backend; SMTP and TLS errors reach the caller."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "log":
        log.info("E-mail (not sent, PORTAL_MAIL_BACKEND=log):\n%s", readable(message))
        return
    with _connect(config) as smtp:
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def send_mail(to: str, subject: str, body: str) -> None:
    send(build_message(to, subject, body))
