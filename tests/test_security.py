"""Hardened for the open internet: HTTPS settings, security headers, error pages, admin login throttling."""

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import path

from jpoboard.proxy import client_ip
from jpoboard.urls import urlpatterns as project_urlpatterns
from tests.helpers import PASSWORD, authenticator, current_code, page_text

ROOT = Path(__file__).resolve().parent.parent
UNODC = "22p001-crime-prevention-and-criminal-justice"


# Test-only URLs raising each error (``@pytest.mark.urls(__name__)``) -----------


def _raise(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("test-errors/400/", _raise(SuspiciousOperation("a tampered request"))),
    path("test-errors/403/", _raise(PermissionDenied("not for you"))),
    path("test-errors/500/", _raise(RuntimeError("Traceback-marker: a bug"))),
    *project_urlpatterns,
]


# Settings: production defaults, switches, check --deploy ---------------------


def run_python(code, env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "jpoboard.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


SHOW_SETTINGS = """
import json
from django.conf import settings
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def https_settings(**env):
    result = run_python(SHOW_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_is_https_only_by_default():
    assert https_settings(DJANGO_SECRET_KEY="x" * 50) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_debug_turns_the_https_only_settings_off_for_local_development():
    shown = https_settings(DJANGO_DEBUG="1")
    assert (shown["SECURE_SSL_REDIRECT"], shown["SECURE_HSTS_SECONDS"], shown["SESSION_COOKIE_SECURE"]) == (
        False,
        0,
        False,
    )


def test_each_https_setting_has_its_own_switch():
    shown = https_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="off",
        DJANGO_SECURE_PROXY_SSL_HEADER="no",
    )
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SESSION_COOKIE_SECURE"] is shown["CSRF_COOKIE_SECURE"] is False
    assert shown["SECURE_PROXY_SSL_HEADER"] is None


def test_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "jpo.example.org",
            "DJANGO_SITE_URL": "https://jpo.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_is_redirected_to_https_except_the_health_check(client, seeded, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(f"/vacancies/{UNODC}/?q=x")
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver/vacancies/{UNODC}/?q=x"
    assert client.get(f"/vacancies/{UNODC}/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_hsts_is_sent_over_https_only(client, seeded):
    over_https = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert over_https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/")


# Security headers on every kind of response -----------------------------------

PUBLIC_CSP = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";") if part
    )


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert (policy["object-src"], policy["base-uri"], policy["frame-ancestors"]) == ("'none'", "'none'", "'none'")
    assert policy["form-action"] == "'self'"
    assert "script-src" not in policy  # scripts fall back to default-src 'self': no inline script anywhere
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/?q=trafficking&country=AT", 200),
        (f"/vacancies/{UNODC}/", 200),
        ("/vacancies/export.csv", 200),
        ("/vacancies/export.csv?grade=P9", 400),
        ("/vacancies/feed/", 200),
        ("/healthz", 200),
        ("/admin/login/", 200),
        ("/admin/", 302),
        ("/vacancies/no-such-vacancy/", 404),
        ("/test-errors/400/", 400),
        ("/test-errors/403/", 403),
        ("/test-errors/500/", 500),
    ],
)
def test_every_kind_of_response_has_the_security_headers(seeded, settings, url, status):
    client = Client(raise_request_exception=False)
    response = client.get(url, headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == status
    assert_security_headers(response)
    if not url.startswith("/admin/"):
        assert csp(response) == PUBLIC_CSP


def test_static_files_get_the_transport_headers(db, settings):
    # whitenoise answers right after SecurityMiddleware, as its docs ask: a stylesheet gets
    # nosniff, HSTS and the referrer policy; framing and CSP concern documents, not CSS.
    settings.WHITENOISE_USE_FINDERS = True  # the source folders, as in development
    response = Client().get("/static/css/board.css", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_public_pages_need_no_inline_script_or_style(client, seeded):
    for url in ["/", f"/vacancies/{UNODC}/"]:
        body = client.get(url).content.decode()
        # The one <script> is the detail page's JSON-LD: data, never executed, so CSP allows it.
        assert body.count("<script") == body.count('<script type="application/ld+json">')
        assert "<style" not in body
        assert " style=" not in body
        assert " on" + "click=" not in body


def test_only_the_admin_may_use_inline_styles_and_never_inline_script(admin_client):
    response = admin_client.get("/admin/vacancies/vacancy/add/")
    assert response.status_code == 200
    policy = csp(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "script-src" not in policy
    body = response.content.decode()
    # Django's admin loads every script from a file (data in data-* attributes or JSON blocks).
    for chunk in body.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert " src=" in tag or 'type="application/json"' in tag, tag


def test_cookies_are_secure_http_only_and_same_site(client, db):
    response = client.get("/admin/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    amina = User.objects.create_user("amina", password=PASSWORD, is_staff=True)
    code = current_code(authenticator(amina))
    response = client.post("/admin/login/", {"username": "amina", "password": PASSWORD, "otp_token": code})
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


# Error pages of our own ---------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/test-errors/400/", 400, "This request could not be understood"),
        ("/test-errors/403/", 403, "You may not open this page"),
        ("/vacancies/no-such-vacancy/", 404, "Page not found"),
        ("/no/such/page/", 404, "Page not found"),
        ("/test-errors/500/", 500, "Something went wrong on our side"),
    ],
)
def test_error_pages_are_our_own_and_show_no_internals(db, url, status, heading):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == status
    text = page_text(response)
    assert heading in text
    assert "JPO Board United Nations Junior Professional Officer vacancies" in text  # the site's own header
    assert 'href="/"' in response.content.decode()  # a way back to the vacancies
    for internal in ("Traceback", "Traceback-marker", "tampered", "not for you", "Django"):
        assert internal not in text
    assert '<link rel="stylesheet" href="/static/css/board.css">' in response.content.decode()


def test_a_request_for_another_host_gets_our_400_page(db):
    response = Client(raise_request_exception=False).get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "This request could not be understood" in page_text(response)


def test_a_form_without_its_csrf_token_gets_our_403_page(db):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in page_text(response)
    assert "CSRF" not in page_text(response)


def test_the_500_page_needs_neither_a_request_nor_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        body = render_to_string("500.html")
    assert "Something went wrong on our side" in body


# Admin login throttling (django-axes) ------------------------------------------


@pytest.fixture
def amina(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    amina = User.objects.create_user("amina", password=PASSWORD, is_staff=True, is_superuser=True)
    authenticator(amina)
    return amina


def log_in(client, username, password, address="203.0.113.7"):
    """A login with a current code (for an account that has an authenticator; "000000" for one that has not)."""
    user = User.objects.filter(username=username).first()
    code = current_code(authenticator(user)) if user else "000000"
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=address,
    )


def answer(response):
    """What a visitor learns from a login answer: its status and its visible text."""
    return response.status_code, page_text(response)


def test_five_wrong_passwords_lock_the_account_out_until_the_cool_off_ends(client, amina):
    for _ in range(4):
        response = log_in(client, "amina", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in page_text(response)
    locked = log_in(client, "amina", "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in page_text(locked)
    assert "paused for 15 minutes" in page_text(locked)

    # The right password is refused too while locked out.
    assert log_in(client, "amina", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session

    # Fifteen minutes later (the attempts moved back in time), the right password works.
    AccessAttempt.objects.update(attempt_time=amina.date_joined - timedelta(minutes=16))
    response = log_in(client, "amina", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_lockout_is_per_username_and_address(client, amina):
    for _ in range(5):
        log_in(client, "amina", "wrong")
    assert log_in(client, "amina", PASSWORD).status_code == 429
    assert log_in(Client(), "amina", PASSWORD, address="198.51.100.20").status_code == 302


def test_an_unknown_user_gets_exactly_the_same_answers(amina):
    known, unknown = Client(), Client()
    for _ in range(6):
        assert answer(log_in(known, "amina", "wrong")) == answer(log_in(unknown, "nobody-here", "wrong"))
    assert log_in(unknown, "nobody-here", "wrong").status_code == 429


def test_the_lockout_page_does_not_name_the_account(client, amina):
    for _ in range(5):
        response = log_in(client, "amina", "wrong")
    assert "amina" not in page_text(response)


def test_the_client_address_is_remote_addr_unless_proxies_are_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # a forged X-Forwarded-For is ignored
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # appended by our one proxy; 6.6.6.6 came from the client
    settings.PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: not through them
