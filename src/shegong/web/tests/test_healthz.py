"""/healthz checks the database and the task queue."""

from __future__ import annotations

from unittest import mock

from django.test import Client


def test_healthz_reports_database_and_queue(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "ok", "queue": "ok"}


def test_healthz_answers_503_when_the_queue_is_down(client: Client, db: None) -> None:
    from huey.contrib.djhuey import HUEY

    with mock.patch.object(HUEY, "pending_count", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "down"
