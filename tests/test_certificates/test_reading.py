"""Who reads a certificate: the two parties' people on the team and their coordinators; not
staff off the team, not another party, and not a third party on the team by consent."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal.placements.models import Placement
from tests.factories import (
    CertificateFactory,
    CertificateUnitFactory,
    ConsentFactory,
    UserFactory,
)
from tests.factories.certificates import issue
from tests.factories.placements import team_member_of
from tests.people import People
from tests.test_certificates.conftest import Login


def test_the_providers_people_read_it_on_the_placement(
    people: People, period: Placement, login: Login, app: Flask
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    for reader in (people.provider_staff, people.provider_coordinator, people.workshop_coordinator):
        client = login(reader)
        placement_page = client.get(f"/placements/{period.id}").get_data(as_text=True)
        assert f"/certificates/{certificate.id}" in placement_page
        page = client.get(f"/certificates/{certificate.id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Puutuotteiden valmistus (106927)" in html
        assert "Teki hyllyn itsenäisesti." in html
        assert f"/documents/{certificate.document_id}" in html
    # The PDF is the placement's document, which the provider's staff may download.
    assert (
        login(people.provider_staff).get(f"/documents/{certificate.document_id}").status_code == 200
    )


def test_staff_off_the_team_and_another_party_get_404(
    people: People, period: Placement, login: Login, app: Flask
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    for reader in (
        UserFactory(party=people.workshop, name="Ville Valmentaja"),
        UserFactory(party=people.provider, name="Olli Opettaja"),
        people.outsider,
        people.social_coordinator,
    ):
        client = login(reader)
        assert client.get(f"/certificates/{certificate.id}").status_code == 404
        assert client.post(f"/certificates/{certificate.id}", data={}).status_code == 404


def test_a_third_party_on_the_team_sees_the_placement_but_not_the_certificate(
    people: People, period: Placement, login: Login, app: Flask, db: Any
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    consent = ConsentFactory(placement=period, parties=[people.social])
    social_worker = UserFactory(party=people.social, name="Sirpa Sosiaalityöntekijä")
    period.team.append(team_member_of(period, social_worker, consent))
    db.session.commit()
    client = login(social_worker)
    page = client.get(f"/placements/{period.id}")
    assert page.status_code == 200
    assert f"/certificates/{certificate.id}" not in page.get_data(as_text=True)
    assert client.get(f"/certificates/{certificate.id}").status_code == 404


def test_the_placements_panel_lists_each_certificate_with_its_units(
    people: People, period: Placement, login: Login, db: Any
) -> None:
    first = CertificateFactory(link__placement=period, link__owner=people.workshop)
    CertificateUnitFactory(certificate=first, position=1, name="Pintakäsittely", code="106930")
    second = CertificateFactory(link__placement=period, link__owner=people.workshop)
    page = login(people.provider_coordinator).get(f"/placements/{period.id}")
    html = page.get_data(as_text=True)
    for certificate in (first, second):
        assert f"/certificates/{certificate.id}" in html
    assert "Pintakäsittely (106930)" in html
    assert "Ei vielä kirjattu" in html  # Not recorded yet


def test_the_pdf_takes_no_new_version(
    people: People, period: Placement, login: Login, app: Flask
) -> None:
    certificate = issue(app, people.workshop_staff, period)
    coordinator = login(people.workshop_coordinator)
    page = coordinator.get(f"/documents/{certificate.document_id}").get_data(as_text=True)
    assert f"/documents/{certificate.document_id}/versions/new" not in page
    assert coordinator.get(f"/documents/{certificate.document_id}/versions/new").status_code == 403
