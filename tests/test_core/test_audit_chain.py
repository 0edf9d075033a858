"""The audit trail shows tampering: every row is chained with an HMAC, `audit verify` names
the rows edited, deleted or inserted behind the portal's back, and PostgreSQL refuses to
change them at all."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from portal import create_app
from portal.auth.models import Role, User
from portal.core import audit, audit_chain
from portal.core.audit import AuditEvent
from portal.extensions import db as _db
from portal.parties.models import Party, PartyKind
from tests import databases, factories
from tests.conftest import AuthActions, app_config

postgresql_only = pytest.mark.skipif(
    not databases.is_postgresql(), reason="the trigger exists on PostgreSQL only"
)


def events(db: Any, name: str) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.seq)
    return list(db.session.scalars(stmt))


def verify(runner: Any) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def tamper(db: Any, sql: str, **params: Any) -> None:
    """Change the log as someone with the database's superuser password would."""
    if databases.is_postgresql():
        # Triggers off for this transaction only: the portal's own connection cannot do this.
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text(sql), params)
    if databases.is_postgresql():
        db.session.execute(sa.text("SET LOCAL session_replication_role = origin"))


# --- What a row says ------------------------------------------------------------------------


def test_sign_ins_name_the_party_the_outcome_the_address_and_the_utc_time(
    auth: AuthActions, coordinator: User, db: Any
) -> None:
    before = datetime.now(UTC)
    auth.login(coordinator.email, "wrong password!")
    auth.login(coordinator.email)

    failure, success = events(db, "login.failure")[0], events(db, "login.success")[0]
    assert failure.outcome == "failed" and success.outcome == "success"
    assert failure.actor_id == success.actor_id == coordinator.id
    assert failure.actor_party_id == success.actor_party_id == coordinator.party_id
    assert success.address == "127.0.0.1"
    assert before - timedelta(seconds=1) <= success.at <= datetime.now(UTC)
    assert success.at.tzinfo is not None and success.seq == failure.seq + 1
    assert success.prev_hash == failure.hash


def test_the_administrator_sees_the_outcome_and_the_party(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User, db: Any
) -> None:
    auth.login(coordinator.email, "wrong password!")
    html = admin_client.get("/admin/audit?event=login.failure").get_data(as_text=True)
    assert "<td>Epäonnistunut</td>" in html and "Parik-säätiö" in html


# --- Refusals ---------------------------------------------------------------------------------


def test_a_refused_object_is_recorded_once_a_minute_and_unknown_pages_not_at_all(
    login: Callable[[User], FlaskClient], coordinator: User, provider: Party, db: Any
) -> None:
    stranger = factories.UserFactory(role=Role.COORDINATOR, party=provider)
    client = login(stranger)
    for _ in range(5):
        assert client.get("/documents/424242").status_code == 404
    assert client.get("/no/such/page/1").status_code == 404
    assert client.get("/admin/audit").status_code == 403

    denied = events(db, "access.denied")
    assert [(e.target_type, e.target_id, e.details["status"]) for e in denied] == [
        ("Document", 424242, 404),
        ("", None, 403),
    ]
    assert all(e.actor_id == stranger.id and e.actor_party_id == provider.id for e in denied)
    assert all(e.outcome == "denied" and e.address == "127.0.0.1" for e in denied)
    # Another object on the same page within the minute is not a new row either.
    assert client.get("/documents/424243").status_code == 404
    assert len(events(db, "access.denied")) == 2


def test_the_refused_object_is_named_by_its_route(
    login: Callable[[User], FlaskClient], coordinator: User, provider: Party, db: Any
) -> None:
    quota_page = login(factories.UserFactory(role=Role.STAFF, party=provider)).get("/quotas/1")
    assert quota_page.status_code == 404
    assert [(e.target_type, e.target_id) for e in events(db, "access.denied")] == [("Quota", 1)]


# --- The chain and `audit verify` -------------------------------------------------------------


@pytest.fixture
def three(admin: User, db: Any) -> list[AuditEvent]:
    rows = [audit.record("party.create", actor=admin, name=f"Paja {n}") for n in (1, 2, 3)]
    db.session.commit()
    return rows


def test_an_untouched_trail_verifies(runner: Any, three: list[AuditEvent]) -> None:
    code, output = verify(runner)
    assert code == 0, output
    assert "audit_event: 3 rows" in output and "The audit trail verifies." in output


def test_an_edited_row_is_named(runner: Any, three: list[AuditEvent], db: Any) -> None:
    tamper(
        db,
        "UPDATE audit_event SET actor_email = 'someone@else.example' WHERE id = :id",
        id=three[1].id,
    )
    code, output = verify(runner)
    assert code == 1
    assert f"audit_event: row id {three[1].id} (seq {three[1].seq}): edited" in output
    assert f"row id {three[0].id} " not in output and f"row id {three[2].id} " not in output


def test_a_deleted_row_is_named_by_its_number(
    runner: Any, three: list[AuditEvent], db: Any
) -> None:
    tamper(db, "DELETE FROM audit_event WHERE id = :id", id=three[1].id)
    code, output = verify(runner)
    assert code == 1
    assert f"row id {three[2].id} (seq {three[2].seq}): deleted: seq {three[1].seq} missing" in (
        output
    )


def test_an_inserted_row_is_named(runner: Any, three: list[AuditEvent], db: Any) -> None:
    last = three[2]
    tamper(
        db,
        "INSERT INTO audit_event (at, event, outcome, actor_email, target_type, address, "
        "details, seq, prev_hash, hash) VALUES (:at, 'login.success', 'success', "
        "'intruder@example.com', '', '', '{}', :seq, :prev, :hash)",
        at=datetime(2026, 12, 1, 12, 0),
        seq=last.seq + 1,
        prev=last.hash,
        hash="f" * 64,
    )
    tamper(
        db,
        "INSERT INTO audit_event (at, event, outcome, actor_email, target_type, address, "
        "details, seq, prev_hash, hash) VALUES (:at, 'login.success', 'success', "
        "'intruder@example.com', '', '', '{}', :seq, :prev, :hash)",
        at=datetime(2026, 12, 1, 12, 0),
        seq=last.seq + 2,
        prev="a" * 64,
        hash="b" * 64,
    )
    inserted = db.session.execute(
        sa.text(
            "SELECT id FROM audit_event WHERE actor_email = 'intruder@example.com' ORDER BY seq"
        )
    ).scalars()
    first, second = list(inserted)
    code, output = verify(runner)
    assert code == 1
    assert f"row id {first} (seq {last.seq + 1}): edited" in output
    assert f"row id {second} (seq {last.seq + 2}): inserted: it does not continue" in output
    assert f"row id {last.id} " not in output


def test_the_access_log_is_a_chain_of_its_own(
    login: Callable[[User], FlaskClient], runner: Any, admin: User, db: Any
) -> None:
    from portal.documents import service
    from portal.documents.models import AccessLogEntry, Classification
    from tests.files import store

    owner = factories.UserFactory(
        role=Role.COORDINATOR,
        party=factories.PartyFactory(kind=PartyKind.WORKSHOP, is_founding=True),
    )
    with login(owner).application.test_request_context():
        document = service.create_document(
            owner,
            service.DocumentDetails(title="Pajan esittely", classification=Classification.INTERNAL),
            store(b"%PDF-1.4 just a test\n%%EOF\n", "esittely.pdf"),
        )
        db.session.commit()
    client = login(owner)
    for _ in range(3):
        assert client.get(f"/documents/{document.id}").status_code == 200
    entries = list(db.session.scalars(sa.select(AccessLogEntry).order_by(AccessLogEntry.seq)))
    assert [e.seq for e in entries] == [1, 2, 3]
    code, output = verify(runner)
    assert code == 0 and "document_access_log: 3 rows" in output

    tamper(
        db, "UPDATE document_access_log SET address = '10.0.0.1' WHERE id = :id", id=entries[0].id
    )
    code, output = verify(runner)
    assert code == 1 and f"document_access_log: row id {entries[0].id} (seq 1): edited" in output


@postgresql_only
def test_the_portals_connection_cannot_change_or_delete_rows(
    three: list[AuditEvent], db: Any
) -> None:
    for sql in (
        "UPDATE audit_event SET address = '10.0.0.1' WHERE id = :id",
        "DELETE FROM audit_event WHERE id = :id",
        "UPDATE document_access_log SET address = '10.0.0.1' WHERE id = :id",
        "DELETE FROM document_access_log WHERE id = :id",
    ):
        savepoint = db.session.begin_nested()
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(sql), {"id": three[0].id})
        savepoint.rollback()
    assert db.session.get(AuditEvent, three[0].id) is not None


# --- Concurrent writers -----------------------------------------------------------------------


@pytest.fixture
def own_app(tmp_path: Path, smtp_server: Any) -> Iterator[Flask]:
    with databases.fresh_database(tmp_path, "chain") as url:
        app = create_app(app_config(url, smtp_server[0].port))
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            _db.engine.dispose()


def test_writers_appending_at_the_same_moment_do_not_fork_the_chain(own_app: Flask) -> None:
    writers, each = 4, 10
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with own_app.app_context():
                start.wait()
                for i in range(each):
                    audit.record("party.update", actor_email=f"w{n}@example.com", round=i)
                    _db.session.commit()
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    with own_app.app_context():
        results, problems = audit_chain.verify_all(_db.session())
        seqs = list(_db.session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)))
    assert problems == []
    assert seqs == list(range(1, writers * each + 1))
    assert {r.chain: r.rows for r in results}["audit_event"] == writers * each


def test_refusals_stay_bounded_where_the_limiter_is_turned_off(
    tmp_path: Path, smtp_server: Any
) -> None:
    from flask_login import FlaskLoginClient

    from portal.auth.sessions import start_session

    with databases.fresh_database(tmp_path, "nolimit") as url:
        app = create_app(app_config(url, smtp_server[0].port, RATELIMIT_ENABLED=False))
        app.test_client_class = FlaskLoginClient
        with app.app_context():
            upgrade()
            party = Party(name="Luovi", kind=PartyKind.EDUCATION_PROVIDER, business_id="2049381-8")
            user = User(email="c@luovi.example", name="C", role=Role.COORDINATOR, party=party)
            _db.session.add_all([party, user])
            start_session(user)
            _db.session.commit()
            client = app.test_client(user=user)  # type: ignore[call-arg]
        for document_id in (1, 2, 3):
            assert client.get(f"/documents/{document_id}").status_code == 404
        with app.app_context():
            refused = _db.session.scalars(
                sa.select(AuditEvent.target_id).where(AuditEvent.event == "access.denied")
            ).all()
            _db.session.remove()
            _db.engine.dispose()
        assert refused == [1]
