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


def send(message: EmailMessage) -> None:
    """Deliver one message with the configured backend; SMTP errors reach the caller."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "log":
        log.info("E-mail (not sent, PORTAL_MAIL_BACKEND=log):\n%s", message.as_string())
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
