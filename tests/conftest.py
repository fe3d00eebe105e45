import pytest
from django.core.cache import cache

from tests.helpers import DESKTOP, PHONE, load_seeds


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


@pytest.fixture
def seeded(db):
    """The five seed ToRs in the test's database."""
    load_seeds()


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
