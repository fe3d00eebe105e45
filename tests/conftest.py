import html
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

FIXTURES = sorted(str(path) for path in (Path(__file__).resolve().parent.parent / "fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages must not leak from one test into the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


SEARCH_TRIGGER_TABLES = ["vacancies_duty", "vacancies_qualification", "vacancies_dutystation", "vacancies_supervision"]


def load_seeds():
    """The five seed ToRs, loaded as ``loaddata fixtures/*.json`` loads them.

    The related tables' triggers would re-derive a vacancy's columns once per
    inserted row; here they wait until the load is done and each vacancy is
    derived once. test_search.py checks the plain loaddata path.
    """
    with connection.cursor() as cursor:
        for table in SEARCH_TRIGGER_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        call_command("loaddata", *FIXTURES, verbosity=0)
    finally:
        # Outside a transaction loaddata closes the connection when it is done: a new cursor here.
        with connection.cursor() as cursor:
            for table in SEARCH_TRIGGER_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("UPDATE vacancies_vacancy SET search_vector = NULL")


@pytest.fixture
def seeded(db):
    """The five seed ToRs in the test's database."""
    load_seeds()


def page_text(response):
    """The visible text of an HTML response: tags dropped, entities decoded, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


# Browser tests (``-m browser``) ---------------------------------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium (``make browser``); Playwright never downloads one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts, ``new_page(viewport=PHONE)``; all closed after the test."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh 1280 x 900 context."""
    return new_page()


@pytest.fixture
def phone_page(new_page):
    """A page in a fresh 375 px wide phone context (touch, mobile viewport)."""
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
