from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_queue_is_down(client):
    with mock.patch("portal.views.HUEY.pending_count", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["queue"] == {"ok": False, "error": "ConnectionError"}
    assert body["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("portal.views.connection.cursor", side_effect=RuntimeError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "RuntimeError"}
