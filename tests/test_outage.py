"""The database goes away and comes back: /healthz says so, every page answers 503, then recovers by itself."""

import json
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.helpers import page_text

UNODC = "22p001-crime-prevention-and-criminal-justice"
PAGES = ["/", "/?q=trafficking", f"/vacancies/{UNODC}/", "/vacancies/feed/", "/vacancies/export.csv", "/admin/login/"]


@contextmanager
def unreachable_database(monkeypatch):
    """No connection can be made, as when the server is down or the port closed; restored on leaving."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


@contextmanager
def failing_queries(monkeypatch, error=InterfaceError):
    """The connection opens, then every query fails, as when the server goes away mid-request."""

    def fail(*args, **kwargs):
        raise error("connection already closed")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", fail)
        yield


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    text = page_text(response)
    assert "JPO Board is temporarily unavailable" in text
    assert "Traceback" not in text
    assert "OperationalError" not in text
    assert "5432" not in text


def test_healthz_says_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_while_the_database_is_unreachable_then_200(client, db, monkeypatch):
    with unreachable_database(monkeypatch):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable"}
        assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_503_while_the_database_is_unreachable_and_recovers(seeded, monkeypatch, url):
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 200  # and now cached, for the pages that are
    with unreachable_database(monkeypatch):
        assert_outage_page(client.get(url))
        assert_outage_page(client.get(url))
    assert client.get(url).status_code == 200  # the same client, the same process: no restart


# Not the CSV: its rows are queried while it streams, after its 200 has gone out. An
# unreachable database is caught before the view runs (above); a failure in between cuts the file short.
# Not the admin's login form either: showing it needs no query.
@pytest.mark.parametrize("url", ["/", "/?q=trafficking", f"/vacancies/{UNODC}/", "/vacancies/feed/"])
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_query_failing_inside_the_view_gives_the_same_page(seeded, monkeypatch, url, error):
    # The connection opens, then the first query fails: for the cached public pages that is
    # the data version read, which the outage page covers like any other query.
    client = Client(raise_request_exception=False)
    with failing_queries(monkeypatch, error):
        assert_outage_page(client.get(url))
    assert client.get(url).status_code == 200


def test_hr_staff_in_the_admin_get_the_outage_page_then_their_page_back(seeded, admin_client, monkeypatch):
    admin_client.raise_request_exception = False
    with failing_queries(monkeypatch):
        assert_outage_page(admin_client.get("/admin/vacancies/vacancy/"))
    assert admin_client.get("/admin/vacancies/vacancy/").status_code == 200


def test_an_admin_form_posted_during_the_outage_gets_the_outage_page(seeded, monkeypatch):
    client = Client(raise_request_exception=False)
    with failing_queries(monkeypatch):
        assert_outage_page(client.post("/admin/login/", {"username": "amina", "password": "x"}))


def test_the_outage_page_has_the_security_headers(seeded, monkeypatch):
    with unreachable_database(monkeypatch):
        response = Client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 503
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_other_errors_are_not_taken_for_an_outage(seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", broken)
        response = Client(raise_request_exception=False).get(f"/vacancies/{UNODC}/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in page_text(response)
