"""Who sees which document: everyone else gets 404 — on every page, download, version,
fragment, list and count."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.auth.models import User
from portal.core.models import utcnow
from portal.documents.models import Classification, Document
from tests import factories
from tests.people import People
from tests.test_documents.conftest import MakeDocument

Login = Callable[[User], FlaskClient]

VIEWERS = [
    "workshop_coordinator",
    "workshop_staff",
    "provider_coordinator",
    "provider_staff",
    "social_coordinator",
    "supporting_coordinator",
    "admin",
]

# Who sees a document of each classification (recipient: Luovi; its staff not allowed).
SEES = {
    Classification.PUBLIC: set(VIEWERS),
    Classification.INTERNAL: {
        "workshop_coordinator",
        "workshop_staff",
        "provider_coordinator",
        "provider_staff",
        "social_coordinator",
    },
    Classification.CONFIDENTIAL: {"workshop_coordinator", "workshop_staff", "provider_coordinator"},
    Classification.SECRET: {"workshop_coordinator", "workshop_staff", "provider_coordinator"},
}


def _urls(document: Document) -> list[str]:
    version = document.versions[0]
    return [
        f"/documents/{document.id}",
        f"/documents/{document.id}/versions/{version.id}/download",
    ]


@pytest.mark.parametrize("classification", list(Classification))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_who_sees_a_document(
    login: Login,
    people: People,
    make_document: MakeDocument,
    classification: Classification,
    viewer: str,
) -> None:
    document = make_document(
        classification=classification, recipients=[people.provider], title="Salainen suunnitelma"
    )
    client = login(getattr(people, viewer))
    expected = 200 if viewer in SEES[classification] else 404
    for url in _urls(document):
        assert client.get(url).status_code == expected, url
    listing = client.get("/documents/?list=shared").get_data(as_text=True)
    own = client.get("/documents/?list=own").get_data(as_text=True)
    seen_in_lists = "Salainen suunnitelma" in listing + own
    assert seen_in_lists == (expected == 200)
    fragment = client.get("/documents/?list=shared&q=Salainen", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert ("Salainen suunnitelma" in fragment.get_data(as_text=True)) == (
        expected == 200 and viewer not in ("workshop_coordinator", "workshop_staff")
    )


def test_recipient_staff_see_it_when_the_owner_allows(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    document = make_document(staff_may_see=True)
    for url in _urls(document):
        assert login(people.provider_staff).get(url).status_code == 200
    # Staff of a party that is not a recipient still do not.
    assert login(people.social_coordinator).get(_urls(document)[0]).status_code == 404


def test_an_administrator_sees_confidential_only_when_their_party_is_a_recipient(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    from portal.auth.models import Role
    from tests import factories

    document = make_document(staff_may_see=True)
    admin_of_luovi = factories.UserFactory(
        role=Role.ADMIN, party=people.provider, party_from_command_line=True
    )
    assert login(people.admin).get(_urls(document)[0]).status_code == 404
    assert login(admin_of_luovi).get(_urls(document)[0]).status_code == 200


def test_another_documents_version_id_is_404(
    login: Login, people: People, make_document: MakeDocument
) -> None:
    mine = make_document(classification=Classification.PUBLIC, title="Julkinen")
    secret = make_document(recipients=[people.social], title="Kymsotelle")
    client = login(people.provider_coordinator)
    other_version = secret.versions[0].id
    assert client.get(f"/documents/{mine.id}/versions/{other_version}/download").status_code == 404
    assert (
        client.get(f"/documents/{secret.id}/versions/{other_version}/download").status_code == 404
    )
    assert client.get(f"/documents/{secret.id}/versions/new").status_code == 404
    assert client.get(f"/documents/{secret.id}/access-log").status_code == 404
    assert client.get(f"/documents/{secret.id}/delete").status_code == 404
    assert client.post(f"/documents/{secret.id}/delete").status_code == 404
    assert client.get(f"/documents/{secret.id}/disclosures/new").status_code == 404
    assert client.get("/documents/999999").status_code == 404


def test_counts_do_not_leak(login: Login, people: People, make_document: MakeDocument) -> None:
    for n in range(3):
        make_document(recipients=[people.social], title=f"Kymsotelle {n}")
    make_document(classification=Classification.INTERNAL, title="Kaikille osapuolille")
    response = login(people.provider_coordinator).get("/documents/?list=shared")
    html = response.get_data(as_text=True)
    assert "1 asiakirja" in html and "Kymsotelle" not in html
    response = login(people.social_coordinator).get("/documents/?list=shared")
    assert "4 asiakirjaa" in response.get_data(as_text=True)


def test_lists_filter_and_search(login: Login, people: People, make_document: MakeDocument) -> None:
    make_document(title="Pajajakson arviointi", recipients=[people.provider])
    make_document(title="Kiintiöpaikat 2027", classification=Classification.INTERNAL)
    make_document(
        owner=people.provider_coordinator, title="Luovin opas", classification=Classification.PUBLIC
    )
    client = login(people.provider_coordinator)
    shared = client.get("/documents/?list=shared").get_data(as_text=True)
    assert "Pajajakson arviointi" in shared and "Kiintiöpaikat 2027" in shared
    assert "Luovin opas" not in shared
    own = client.get("/documents/?list=own").get_data(as_text=True)
    assert "Luovin opas" in own and "Pajajakson arviointi" not in own
    confidential = client.get("/documents/?classification=confidential").get_data(as_text=True)
    assert "Pajajakson arviointi" in confidential and "Kiintiöpaikat 2027" not in confidential
    searched = client.get("/documents/?q=KIINTIÖ").get_data(as_text=True)
    assert "Kiintiöpaikat 2027" in searched and "Pajajakson" not in searched
    by_party = client.get(f"/documents/?party={people.social.id}").get_data(as_text=True)
    assert "0 asiakirjaa" in by_party
    by_owner = client.get(f"/documents/?party={people.workshop.id}").get_data(as_text=True)
    assert "2 asiakirjaa" in by_owner
    # The owner's list filters by recipient party.
    owner = login(people.workshop_coordinator)
    to_luovi = owner.get(f"/documents/?list=own&party={people.provider.id}").get_data(as_text=True)
    assert "Pajajakson arviointi" in to_luovi and "Kiintiöpaikat 2027" not in to_luovi


def _titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/documents/\d+">([^<]+)</a></td>', html)


def _link(html: str, label: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="(?:prev|next)">{label}</a>', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_pages_by_key_newest_first_without_counting(
    app: Any, login: Login, people: People, db: Any
) -> None:
    now = utcnow()
    # Shared in an order their ids do not follow, two at the same moment.
    hours = [5, 0, 3, 6, 1, 2, 2]
    for n, hour in enumerate(hours):
        factories.DocumentFactory(
            created_by=people.workshop_coordinator,
            title=f"Ote {n}",
            classification=Classification.INTERNAL,
            created_at=now - timedelta(hours=hour),
        )
    factories.DocumentFactory(
        created_by=people.workshop_coordinator, title="Muistio", recipients=[people.social]
    )
    # Newest first; of the two shared at once, the later id first.
    newest_first = ["Ote 1", "Ote 4", "Ote 6", "Ote 5", "Ote 2", "Ote 0", "Ote 3"]
    app.config["PAGE_SIZE"] = 3
    try:
        client = login(people.provider_coordinator)
        first = client.get("/documents/?classification=internal").get_data(as_text=True)
        older = _link(first, "Vanhemmat")
        assert older is not None and "classification=internal" in older
        second = client.get(older).get_data(as_text=True)
        third_link = _link(second, "Vanhemmat")
        assert third_link is not None
        third = client.get(third_link).get_data(as_text=True)
        back_link = _link(third, "Uudemmat")
        assert back_link is not None
        back = client.get(back_link).get_data(as_text=True)
        # A key outside the list (a document Luovi does not see) places nothing.
        hidden = db.session.scalar(sa.select(Document.id).where(Document.title == "Muistio"))
        outside = client.get(f"/documents/?classification=internal&before={hidden}")
        nonsense = client.get("/documents/?before=x").get_data(as_text=True)
        # Nothing newer than the newest: the list from its start.
        newest = db.session.scalar(sa.select(Document.id).where(Document.title == "Ote 1"))
        past_newest = client.get(f"/documents/?after={newest}").get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = 25
    assert _titles(first) == newest_first[:3] and _link(first, "Uudemmat") is None
    assert _titles(second) == newest_first[3:6] and _link(second, "Uudemmat") is not None
    assert _titles(third) == newest_first[6:] and _link(third, "Vanhemmat") is None
    assert _titles(back) == newest_first[3:6]
    assert _titles(outside.get_data(as_text=True)) == newest_first[:3]
    assert _titles(nonsense) == newest_first[:3]
    assert _titles(past_newest) == newest_first[:3] and _link(past_newest, "Uudemmat") is None
    # A list longer than a page is not counted; one that fits on a page counts its rows.
    assert 'id="results-count"' not in first + second + third
    only = login(people.provider_coordinator).get("/documents/?q=ote 3").get_data(as_text=True)
    assert _titles(only) == ["Ote 3"] and "1 asiakirja" in only


def test_the_mark_shows_in_the_users_language(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(classification=Classification.SECRET)
    people.provider_coordinator.locale = "sv"
    db.session.commit()
    client = login(people.provider_coordinator)
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Sekretessbelagd" in page and "JulkL 24 § 1 mom 25 k" in page
    assert "Sekretessbelagd" in client.get("/documents/").get_data(as_text=True)


def test_a_supporting_organisation_never_receives_confidential_documents(
    login: Login, people: People, make_document: MakeDocument, db: Any
) -> None:
    document = make_document(staff_may_see=True)
    # Even a recipient row written past the service's check does not open it.
    document.recipients.append(people.supporting)
    db.session.commit()
    client = login(people.supporting_coordinator)
    for url in _urls(document):
        assert client.get(url).status_code == 404
    assert "Yhteistyöraportti" not in client.get("/documents/").get_data(as_text=True)
