"""Mail over TLS verifies the server: STARTTLS and implicit TLS against real SMTP servers.

The servers are aiosmtpd in the test process with a throwaway CA and certificate made here.
A server whose certificate the portal cannot verify receives nothing: the message stays in
the outbox with the error, to be retried.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import Flask

from portal.extensions import db as _db
from portal.outbox import service
from portal.outbox.models import OutboxMessage, OutboxStatus
from tests.mail import Mailbox, deliver, free_port


@dataclass
class Certificates:
    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(directory: Path, *, server_names: list[str]) -> Certificates:
    """A CA of our own, and a server certificate it signed for the given names."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Silta test CA"))
        .issuer_name(_name("Silta test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    alternative_names: list[x509.GeneralName] = []
    for name in server_names:
        try:
            alternative_names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternative_names.append(x509.DNSName(name))
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(server_names[0]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    found = Certificates(directory / "ca.pem", directory / "server.pem", directory / "key.pem")
    found.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    found.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    found.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return found


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"), server_names=["127.0.0.1"])


def server_context(certs: Certificates) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.cert_file, certs.key_file)
    return context


@contextmanager
def smtp_server(certs: Certificates, *, implicit_tls: bool) -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server offering STARTTLS (and requiring it), or speaking TLS from the start."""
    mailbox = Mailbox()
    port = free_port()
    if implicit_tls:
        controller = Controller(
            mailbox, hostname="127.0.0.1", port=port, ssl_context=server_context(certs)
        )
    else:
        controller = Controller(
            mailbox,
            hostname="127.0.0.1",
            port=port,
            tls_context=server_context(certs),
            require_starttls=True,
        )
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


@contextmanager
def mail_settings(app: Flask, **values: Any) -> Iterator[None]:
    saved = {name: app.config[name] for name in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def queue_one(app: Flask) -> OutboxMessage:
    with app.app_context():
        message = service.queue("maija@silta.example", "Aihe", "Teksti", purpose="party.joined")
        _db.session.commit()
    return message


def status_of(app: Flask, message: OutboxMessage) -> tuple[OutboxStatus, str]:
    with app.app_context():
        row = _db.session.get(OutboxMessage, message.id)
        assert row is not None
        _db.session.refresh(row)
        return row.status, row.last_error


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_server_signed_by_the_configured_ca_receives_the_mail(
    app: Flask, db: Any, certificates: Certificates, security: str
) -> None:
    with (
        smtp_server(certificates, implicit_tls=security == "ssl") as (port, mailbox),
        mail_settings(
            app,
            MAIL_PORT=port,
            MAIL_SECURITY=security,
            MAIL_CA_FILE=str(certificates.ca_file),
        ),
    ):
        message = queue_one(app)
        deliver(app)
    assert [m["Subject"] for m in mailbox.messages] == ["Aihe"]
    assert status_of(app, message)[0] == OutboxStatus.SENT


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_untrusted_certificate_is_refused_and_the_mail_waits(
    app: Flask, db: Any, certificates: Certificates, security: str
) -> None:
    # No MAIL_CA_FILE: the system's CAs, which never signed the test CA's certificate.
    with (
        smtp_server(certificates, implicit_tls=security == "ssl") as (port, mailbox),
        mail_settings(app, MAIL_PORT=port, MAIL_SECURITY=security, MAIL_CA_FILE=None),
    ):
        message = queue_one(app)
        deliver(app)
    assert mailbox.messages == []
    status, error = status_of(app, message)
    assert status == OutboxStatus.QUEUED
    assert "CERTIFICATE_VERIFY_FAILED" in error


def test_a_certificate_for_another_name_is_refused(app: Flask, db: Any, tmp_path: Path) -> None:
    other = make_certificates(tmp_path, server_names=["mail.example.fi"])
    with (
        smtp_server(other, implicit_tls=False) as (port, mailbox),
        mail_settings(
            app, MAIL_PORT=port, MAIL_SECURITY="starttls", MAIL_CA_FILE=str(other.ca_file)
        ),
    ):
        message = queue_one(app)
        deliver(app)
    assert mailbox.messages == []
    assert status_of(app, message)[0] == OutboxStatus.QUEUED


def test_starttls_never_falls_back_to_the_clear(
    app: Flask, db: Any, mailbox: Mailbox, certificates: Certificates
) -> None:
    # The tests' ordinary server offers no STARTTLS.
    with mail_settings(app, MAIL_SECURITY="starttls", MAIL_CA_FILE=str(certificates.ca_file)):
        message = queue_one(app)
        deliver(app)
    assert mailbox.messages == []
    assert status_of(app, message)[0] == OutboxStatus.QUEUED
