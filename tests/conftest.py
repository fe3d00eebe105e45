import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from tests.helpers import DESKTOP, FIXTURES, PHONE, force_verified_login
from vacancies import listing
from vacancies.models import Vacancy


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages must not leak from one test into the next; the list's index is read again in
    # each test, so that a test's first list request always counts the same queries.
    cache.clear()
    listing.forget()


@pytest.fixture(autouse=True)
def _index_not_shared(settings):
    # Each test reads its own index from its database: no file of another test's (tests/test_listing.py
    # shares one on purpose).
    settings.LISTING_INDEX_DIR = ""


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# The session's database: migrated, with the five seed ToRs ------------------

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


# What a transactional test's flush takes away and the next test needs back (see below).
SESSION_DATABASE = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, migrated, with the five seed ToRs loaded once for the whole session.

    Each test runs in a transaction rolled back at its end, so it starts from this database
    whatever the tests before it wrote.
    """
    with django_db_blocker.unblock():
        # The "HR staff" group comes from a data migration: kept to be put back after a flush.
        groups = serializers.serialize(
            "json", Group.objects.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        load_seeds()
    request.config.stash[SESSION_DATABASE] = (django_db_blocker, groups)


def _flushes_the_database(item):
    """Whether ``item`` runs outside a transaction: pytest-django empties every table after it."""

    def transactional(transaction=False, reset_sequences=False, *args, **kwargs):
        return transaction or reset_sequences

    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
        or (marker and transactional(*marker.args, **marker.kwargs))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test outside a transaction (``transactional_db``, ``live_server``), put the session's database back.

    pytest-django's flush leaves only what ``post_migrate`` makes (content types and
    permissions): the seeds and the group of the data migration are loaded again, so the
    tests that follow find the database every test starts from.
    """
    result = yield
    if nextitem is not None and SESSION_DATABASE in item.config.stash and _flushes_the_database(item):
        blocker, groups = item.config.stash[SESSION_DATABASE]
        with blocker.unblock():
            for group in serializers.deserialize("json", groups):
                group.save()
            load_seeds()
            # As Django does after such a test: the next test starts with a connection of its own.
            connection.close()
    return result


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``, with the second factor the admin asks of every account."""
    return force_verified_login(Client(), admin_user)


@pytest.fixture
def seeded(db):
    """The five seed ToRs in the test's database (loaded once for the session: ``django_db_setup``)."""


@pytest.fixture
def empty_db(db):
    """A database without any vacancy.

    The seed ToRs are deleted in the test's transaction, which is rolled back at its end;
    outside a transaction (``transaction=True``) the flush after the test and
    ``pytest_runtest_teardown`` bring them back.
    """
    Vacancy.objects.all().delete()


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
    # While Playwright's event loop runs, this thread's Django connections are objects of their own
    # (asgiref's Local goes by context there): closed here, or the test database could not be dropped.
    connections.close_all()
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
