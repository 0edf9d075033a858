"""htmx as enhancement: the same endpoint serves the page or the fragment."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests import factories


def test_directory_search_answers_htmx_with_the_results_only(
    coordinator_client: FlaskClient,
) -> None:
    factories.PartyFactory(name="Hakupaja")
    response = coordinator_client.get("/directory?q=hakupaja", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="results"' in html and "Hakupaja" in html
    assert "HX-Request" in response.headers["Vary"]


def test_boosted_navigation_gets_the_whole_page(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.get(
        "/directory", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in response.get_data(as_text=True)


def test_history_restore_gets_the_whole_page(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.get(
        "/directory?q=x", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.get_data(as_text=True)


def test_expired_session_sends_htmx_to_the_sign_in_page(client: FlaskClient) -> None:
    response = client.get(
        "/directory?q=x",
        headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/directory?q=x"},
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")
    assert "directory" in response.headers["HX-Redirect"]
    assert "<form" not in response.get_data(as_text=True)


def test_plain_request_without_session_redirects_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/directory?q=x")
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/login?next=/directory?q%3Dx"


def test_htmx_error_goes_to_the_message_area(coordinator_client: FlaskClient) -> None:
    response = coordinator_client.get("/parties/999999", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#messages"
    assert "<html" not in response.get_data(as_text=True)


def test_list_fragments_render_with_their_pager(
    admin_client: FlaskClient, coordinator_client: FlaskClient
) -> None:
    for client, url in [
        (admin_client, "/admin/accounts/?q=a"),
        (admin_client, "/admin/audit?event=login.success"),
        (coordinator_client, "/notifications/?page=1"),
    ]:
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        assert "<html" not in response.get_data(as_text=True)
