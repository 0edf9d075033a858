"""The administrator reads the audit log; nobody else sees it."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User
from portal.catalogue.service import RULES
from portal.core import audit
from portal.core.audit import EVENT_LABELS
from tests.conftest import AuthActions


def test_failed_sign_in_shows_in_the_audit_log(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User
) -> None:
    auth.login(coordinator.email, "wrong password!")
    html = admin_client.get("/admin/audit?event=login.failure").get_data(as_text=True)
    assert "Epäonnistunut kirjautuminen" in html and coordinator.email in html
    assert "Syy: väärä salasana" in html


def test_throttled_sign_in_is_audited(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User
) -> None:
    for _ in range(7):  # the seventh waits
        auth.login(coordinator.email, "wrong password!")
    html = admin_client.get("/admin/audit?event=rate_limit.exceeded").get_data(as_text=True)
    assert coordinator.email in html


def test_audit_log_filters_by_person(
    auth: AuthActions, admin_client: FlaskClient, coordinator: User, staff: User
) -> None:
    auth.login(coordinator.email, "wrong password!")
    auth.login(staff.email, "wrong password!")
    html = admin_client.get(
        f"/admin/audit?person={staff.email}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert staff.email in html and coordinator.email not in html and "<html" not in html


def test_only_the_administrator_reads_the_audit_log(
    coordinator_client: FlaskClient, db: Any
) -> None:
    assert coordinator_client.get("/admin/audit").status_code == 403


def test_every_recorded_event_has_a_name_to_choose_it_by(app: Any) -> None:
    """An event the administrator cannot name cannot be chosen in the log's filter."""
    package = Path(__file__).resolve().parents[2] / "portal"
    source = "\n".join(p.read_text() for p in package.rglob("*.py"))
    recorded = set(re.findall(r'(?:audit\.record|record)\(\s*"([a-z_.]+)"', source))
    recorded |= {f"catalogue.report.{action}" for action in RULES}
    assert "document.delete" in recorded and "login.failure" in recorded
    assert sorted(recorded - set(EVENT_LABELS)) == []


def test_a_features_events_read_in_the_administrators_language(
    admin_client: FlaskClient, admin: User, db: Any
) -> None:
    audit.record("party.create", actor=admin, target=admin, name="Kotkan työpaja")
    audit.record("document.delete", actor=admin, title="Pajajakson tavoitteet")
    db.session.commit()

    html = admin_client.get("/admin/audit").get_data(as_text=True)
    assert '<option value="document.delete" >Asiakirja poistettu</option>' in html
    assert "Nimi: Kotkan työpaja" in html and "Otsikko: Pajajakson tavoitteet" in html
    assert "name:" not in html and "title:" not in html

    admin_client.post("/language", data={"locale": "sv"})
    html = admin_client.get("/admin/audit?event=document.delete").get_data(as_text=True)
    assert "Dokument raderat" in html and "Rubrik: Pajajakson tavoitteet" in html
    assert "Kotkan työpaja" not in html


def test_the_log_pages_older_and_newer_by_its_sequence(
    app: Any, admin_client: FlaskClient, admin: User, db: Any
) -> None:
    size = app.config["PAGE_SIZE"]
    for n in range(size + 2):
        audit.record("party.create", actor=admin, target=admin, name=f"Paja {n:03d}")
    db.session.commit()

    def names(html: str) -> set[str]:
        return set(re.findall(r"Paja \d{3}", html))

    newest = admin_client.get("/admin/audit?event=party.create").get_data(as_text=True)
    assert names(newest) == {f"Paja {n:03d}" for n in range(2, size + 2)}
    assert 'rel="prev"' not in newest
    older_url = unescape(re.search(r'href="([^"]+)" rel="next"', newest).group(1))  # type: ignore[union-attr]
    assert "event=party.create" in older_url

    older = admin_client.get(older_url).get_data(as_text=True)
    assert names(older) == {"Paja 000", "Paja 001"}
    assert 'rel="next"' not in older
    newer_url = unescape(re.search(r'href="([^"]+)" rel="prev"', older).group(1))  # type: ignore[union-attr]
    back = admin_client.get(newer_url).get_data(as_text=True)
    assert names(back) == names(newest)


def test_a_key_past_the_end_shows_an_empty_page(admin_client: FlaskClient) -> None:
    for query in ("before=1", "after=99999999999", "before=x", f"before={2**70}"):
        assert admin_client.get(f"/admin/audit?{query}").status_code == 200
