from __future__ import annotations

from flask.testing import FlaskClient


def test_health_check_reports_the_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["database"]["reachable"] is True
    assert data["database"]["schema"] == "current"
