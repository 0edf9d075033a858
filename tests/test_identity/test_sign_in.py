"""Signing in with the organisation's account against a real OpenID Provider."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from portal.auth.models import User, UserSession
from portal.core.audit import AuditEvent
from portal.identity.models import ExternalIdentity, IdentityProvider
from tests import factories
from tests.oidc import Provider, query_of
from tests.test_identity.conftest import Journey, configure, new_subject


def events(db: Any, name: str) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(event=name).order_by(AuditEvent.id).all()


def refusal_reasons(db: Any) -> list[str]:
    return [e.details["reason"] for e in events(db, "login.organisation_refused")]


def person(party: Any, email: str, **values: Any) -> User:
    return factories.UserFactory(party=party, email=email, locale="en", **values)  # type: ignore[no-any-return]


def test_a_known_person_signs_in_at_their_provider_and_is_bound(
    db: Any,
    journey: Journey,
    new_journey: Callable[[], Journey],
    client: FlaskClient,
    idp_a: IdentityProvider,
    oidc_a: Provider,
) -> None:
    anna = person(idp_a.party, "anna@a.example.fi")
    subject = new_subject()
    oidc_a.add_account("anna@a.example.fi", subject, amr=["pwd", "mfa"], acr="mfa")

    to_provider = journey.to_provider("Anna@A.example.fi", next_url="/account")
    # The authorization code flow with PKCE, state and nonce, at the configured provider.
    assert to_provider.startswith(oidc_a.issuer)
    asked = query_of(to_provider)
    assert asked["response_type"] == "code" and asked["client_id"] == "silta-a"
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["state"] and asked["nonce"] and "openid" in asked["scope"].split()
    assert asked["login_hint"] == "anna@a.example.fi"

    response = journey.arrive(journey.back_from(to_provider))
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert anna.name in client.get("/").get_data(as_text=True)
    bound = db.session.query(ExternalIdentity).filter_by(user_id=anna.id).one()
    assert (bound.issuer, bound.subject) == (oidc_a.issuer, subject)
    signed_in = events(db, "login.organisation")[-1]
    assert signed_in.actor_id == anna.id
    assert signed_in.details["amr"] == "pwd mfa" and signed_in.details["acr"] == "mfa"
    assert len(events(db, "identity.bind")) == 1 and len(events(db, "login.success")) == 1

    # The next time the same subject comes back: no second binding.
    assert new_journey().sign_in("anna@a.example.fi").status_code == 303
    assert db.session.query(ExternalIdentity).filter_by(user_id=anna.id).count() == 1
    assert db.session.query(UserSession).filter_by(user_id=anna.id).count() == 2


def test_an_address_at_a_vouched_domain_never_gets_the_password_field(
    client: FlaskClient, idp_a: IdentityProvider
) -> None:
    # Whether an account exists or not: the domain alone decides, so nothing is revealed.
    for email in ("nobody@a.example.fi", "anna@a.example.fi"):
        response = client.post("/auth/login", data={"email": email})
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/auth/organisation?email=")
    response = client.post("/auth/login", data={"email": "someone@elsewhere.example"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'type="password"' in page
    assert 'value="someone@elsewhere.example"' in page


def test_a_password_is_refused_where_the_party_signs_in_only_at_its_provider(
    db: Any, client: FlaskClient, idp_a: IdentityProvider
) -> None:
    idp_a.password_allowed = False
    # An address of the party outside the provider's domains, with the right password.
    anna = person(idp_a.party, "anna@gmail.example")
    response = client.post(
        "/auth/login", data={"email": anna.email, "password": factories.PASSWORD}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ei Siltan salasanalla" in page
    assert client.get("/").status_code == 303  # not signed in
    assert events(db, "login.failure")[-1].details["reason"] == "password_not_allowed"
    # A wrong password is told as wrong, as for anyone.
    response = client.post("/auth/login", data={"email": anna.email, "password": "wrong" * 4})
    assert "ei Siltan salasanalla" not in response.get_data(as_text=True)


def test_a_party_that_still_allows_passwords_offers_both(
    client: FlaskClient, idp_a: IdentityProvider
) -> None:
    idp_a.password_allowed = True
    anna = person(idp_a.party, "anna@a.example.fi")
    response = client.post("/auth/login", data={"email": anna.email})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'type="password"' in page
    assert 'href="/auth/organisation?email=anna@a.example.fi"' in page
    assert "Kirjaudu organisaatiosi tunnuksella" in page
    # The password typed after the address lets her in.
    response = client.post(
        "/auth/login", data={"email": anna.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_tampered_state_is_refused(
    db: Any, journey: Journey, client: FlaskClient, idp_a: IdentityProvider, oidc_a: Provider
) -> None:
    person(idp_a.party, "anna@a.example.fi")
    oidc_a.add_account("anna@a.example.fi", new_subject())
    back = journey.back_from(journey.to_provider("anna@a.example.fi"))
    state = query_of(back)["state"]
    response = journey.arrive(back.replace(f"state={state}", "state=forged" + state[6:]))
    assert response.status_code == 403
    assert "ei onnistunut" in response.get_data(as_text=True)
    assert client.get("/").status_code == 303
    assert refusal_reasons(db) == ["mismatching_state"]
    assert db.session.query(ExternalIdentity).count() == 0


def test_a_code_is_used_once(
    db: Any,
    journey: Journey,
    new_journey: Callable[[], Journey],
    idp_a: IdentityProvider,
    oidc_a: Provider,
) -> None:
    anna = person(idp_a.party, "anna@a.example.fi")
    oidc_a.add_account("anna@a.example.fi", new_subject())
    back = journey.back_from(journey.to_provider("anna@a.example.fi"))
    assert journey.arrive(back).status_code == 303

    # The same answer again in the same browser: its state was spent.
    other = new_journey()
    assert other.arrive(back).status_code == 403
    # A thief's own sign-in, with the stolen code: the provider refuses the code (and PKCE).
    thief = new_journey()
    own = query_of(thief.back_from(thief.to_provider("anna@a.example.fi")))
    stolen = query_of(back)["code"]
    response = thief.arrive(f"/auth/organisation/callback?code={stolen}&state={own['state']}")
    assert response.status_code == 403
    assert thief.client.get("/").status_code == 303
    assert refusal_reasons(db)[-1] == "invalid_grant"
    assert db.session.query(UserSession).filter_by(user_id=anna.id).count() == 1


def test_a_provider_answering_for_a_domain_not_its_own_is_refused(
    db: Any,
    journey: Journey,
    client: FlaskClient,
    idp_a: IdentityProvider,
    idp_b: IdentityProvider,
    oidc_a: Provider,
) -> None:
    bea = person(idp_b.party, "bea@b.example.fi")
    # Provider A says the person signing in there is Bea of party B.
    oidc_a.add_account("anna@a.example.fi", new_subject(), email=bea.email)
    response = journey.sign_in("anna@a.example.fi")
    assert response.status_code == 403
    assert "ei vastaa verkkotunnuksen b.example.fi osoitteista" in response.get_data(as_text=True)
    assert client.get("/").status_code == 303
    assert refusal_reasons(db) == ["domain"]


def test_a_token_from_another_partys_provider_is_refused(
    db: Any,
    journey: Journey,
    client: FlaskClient,
    idp_a: IdentityProvider,
    oidc_a: Provider,
    provider: Any,
) -> None:
    # An account of another party at an address provider A vouches for.
    bea = person(provider, "bea@a.example.fi")
    oidc_a.add_account(bea.email, new_subject())
    response = journey.sign_in(bea.email)
    assert response.status_code == 403
    assert "eri organisaatiolle" in response.get_data(as_text=True)
    assert refusal_reasons(db) == ["party"]
    assert events(db, "login.organisation_refused")[-1].actor_id == bea.id


def test_an_unknown_person_is_refused(
    db: Any, journey: Journey, client: FlaskClient, idp_a: IdentityProvider, oidc_a: Provider
) -> None:
    oidc_a.add_account("stranger@a.example.fi", new_subject())
    response = journey.sign_in("stranger@a.example.fi")
    assert response.status_code == 403
    assert "Siltassa ei ole käyttäjätiliä osoitteelle stranger@a.example.fi" in response.get_data(
        as_text=True
    )
    assert client.get("/").status_code == 303
    refused = events(db, "login.organisation_refused")[-1]
    assert refused.details["reason"] == "unknown"
    assert refused.actor_email == "stranger@a.example.fi" and refused.outcome == "failed"


def test_another_subject_for_a_bound_person_is_refused(
    db: Any,
    journey: Journey,
    new_journey: Callable[[], Journey],
    idp_a: IdentityProvider,
    oidc_a: Provider,
) -> None:
    anna = person(idp_a.party, "anna@a.example.fi")
    oidc_a.add_account(anna.email, new_subject())
    assert journey.sign_in(anna.email).status_code == 303
    # The provider's account with her address is now someone else's.
    oidc_a.add_account(anna.email, new_subject())
    other = new_journey()
    response = other.sign_in(anna.email)
    assert response.status_code == 403
    assert "liitetty organisaatiosi toiseen tunnukseen" in response.get_data(as_text=True)
    assert other.client.get("/").status_code == 303
    assert refusal_reasons(db) == ["subject_mismatch"]


def test_an_inactive_account_is_refused(
    db: Any, journey: Journey, idp_a: IdentityProvider, oidc_a: Provider
) -> None:
    anna = person(idp_a.party, "anna@a.example.fi", active=False)
    oidc_a.add_account(anna.email, new_subject())
    response = journey.sign_in(anna.email)
    assert response.status_code == 403
    assert "poistettu käytöstä" in response.get_data(as_text=True)
    assert refusal_reasons(db) == ["inactive"]


def test_a_party_requiring_mfa_refuses_a_password_alone_at_the_provider(
    db: Any,
    journey: Journey,
    new_journey: Callable[[], Journey],
    idp_a: IdentityProvider,
    oidc_a: Provider,
) -> None:
    idp_a.mfa_required = True
    idp_a.mfa_acr_values = "mfa"
    anna = person(idp_a.party, "anna@a.example.fi")
    subject = new_subject()
    oidc_a.add_account(anna.email, subject, amr=["pwd"], acr="password")
    response = journey.sign_in(anna.email)
    assert response.status_code == 403
    assert "kaksivaiheista tunnistautumista" in response.get_data(as_text=True)
    refused = events(db, "login.organisation_refused")[-1]
    assert (refused.details["reason"], refused.details["amr"]) == ("mfa", "pwd")

    # The provider's acr for two factors, with no amr saying so, is enough.
    oidc_a.add_account(anna.email, subject, amr=["pwd"], acr="mfa")
    assert new_journey().sign_in(anna.email).status_code == 303


def test_signing_out_ends_the_providers_session_too(
    journey: Journey, client: FlaskClient, idp_a: IdentityProvider, oidc_a: Provider
) -> None:
    anna = person(idp_a.party, "anna@a.example.fi")
    oidc_a.add_account(anna.email, new_subject())
    assert journey.sign_in(anna.email).status_code == 303
    response = client.post("/auth/logout")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(f"{oidc_a.issuer}/session/end")
    asked = query_of(location)
    assert asked["id_token_hint"].count(".") == 2
    assert asked["post_logout_redirect_uri"] == "http://127.0.0.1:5000/auth/login"
    assert client.get("/").status_code == 303

    # A person who signed in with a password signs out at the portal alone.
    idp_a.password_allowed = True
    factories.UserFactory(party=idp_a.party, email="pia@elsewhere.example")
    client.post("/auth/login", data={"email": "pia@elsewhere.example", "password": "x" * 12})
    client.post(
        "/auth/login", data={"email": "pia@elsewhere.example", "password": factories.PASSWORD}
    )
    assert client.post("/auth/logout").headers["Location"] == "/auth/login"


def test_a_disabled_provider_sends_nobody_away(
    client: FlaskClient, idp_a: IdentityProvider
) -> None:
    idp_a.enabled = False
    anna = person(idp_a.party, "anna@a.example.fi")
    response = client.post("/auth/login", data={"email": anna.email})
    assert response.status_code == 200 and 'type="password"' in response.get_data(as_text=True)
    assert client.get(f"/auth/organisation?email={anna.email}").status_code == 404
    assert client.get("/auth/organisation/callback?code=x&state=y").status_code == 403


def test_a_provider_that_does_not_answer_is_told_and_logged(
    app: Any, db: Any, client: FlaskClient, workshop: Any
) -> None:
    # A port nothing listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure(app, workshop, f"http://127.0.0.1:{port}", "silta-a", "a.example.fi")
    response = client.get("/auth/organisation?email=anna@a.example.fi")
    assert response.status_code == 502
    assert "ei onnistunut" in response.get_data(as_text=True)
    assert refusal_reasons(db) == ["provider_unusable"]
