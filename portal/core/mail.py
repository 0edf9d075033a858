"""Sending e-mail: to the log in development, to an SMTP server otherwise."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

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


def send(message: EmailMessage) -> None:
    """Deliver one message with the configured backend; SMTP errors reach the caller."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "log":
        log.info("E-mail (not sent, PORTAL_MAIL_BACKEND=log):\n%s", readable(message))
        return
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def send_mail(to: str, subject: str, body: str) -> None:
    send(build_message(to, subject, body))
