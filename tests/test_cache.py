"""Public pages are cached per data version: every write, by any path, shows at once."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.helpers import CHILD_PROTECTION, page_text, titles
from vacancies.cache import data_version
from vacancies.models import Duty, DutyStation, Qualification, Supervision, Vacancy

DETAIL = "/vacancies/21p224-child-protection/"


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request, settings):
    """Each test runs on local memory and on the machine's Redis (as in production)."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/15",
                "KEY_PREFIX": "jpoboard-tests",
            }
        }
    cache.clear()
    yield request.param
    cache.clear()


def test_a_repeated_page_is_served_from_the_cache(client, seeded, any_cache, django_assert_num_queries):
    first = client.get("/?country=US")
    with django_assert_num_queries(1):  # the data version only
        second = client.get("/?country=US")
    assert second.content == first.content
    client.get(DETAIL)
    with django_assert_num_queries(1):
        assert client.get(DETAIL).content.decode().count(CHILD_PROTECTION) >= 1
    client.get("/vacancies/feed/")
    with django_assert_num_queries(1):
        client.get("/vacancies/feed/")


def test_an_edit_through_the_orm_shows_at_once(client, seeded, any_cache):
    assert "Supervisor Child Protection Team Leader" in page_text(client.get(DETAIL))
    Supervision.objects.filter(vacancy__slug="21p224-child-protection").update(supervisor_title="Chief of Section")
    text = page_text(client.get(DETAIL))
    assert "Supervisor Chief of Section" in text
    assert "Supervisor Child Protection Team Leader" not in text


def test_a_new_or_removed_vacancy_shows_on_the_list_at_once(client, seeded, any_cache):
    assert CHILD_PROTECTION in titles(client.get("/"))
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(status="closed")
    assert CHILD_PROTECTION not in titles(client.get("/"))
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(status="published")
    assert CHILD_PROTECTION in titles(client.get("/"))


def test_a_vacancy_leaves_the_cached_list_on_its_closing_date(client, seeded, any_cache, monkeypatch):
    today = timezone.localdate()
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(closes_on=today)
    assert CHILD_PROTECTION in titles(client.get("/"))
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert CHILD_PROTECTION not in titles(client.get("/"))


def test_each_host_gets_its_own_absolute_links(client, seeded, any_cache, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    # The feed's entry links follow the host (its ids and the pages' canonical links do not).
    client.get("/vacancies/feed/", HTTP_HOST="127.0.0.1")
    body = client.get("/vacancies/feed/", HTTP_HOST="localhost").content.decode()
    assert '<link href="http://localhost/vacancies/21p224-child-protection/" rel="alternate"/>' in body


def test_errors_are_not_cached(client, seeded, any_cache):
    assert client.get("/vacancies/not-yet/").status_code == 404
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    vacancy.slug = "not-yet"
    vacancy.save()
    assert client.get("/vacancies/not-yet/").status_code == 200


@pytest.mark.parametrize(
    "write",
    [
        lambda v: Vacancy.objects.filter(pk=v.pk).update(title="New title"),
        lambda v: Supervision.objects.filter(vacancy=v).update(evaluation="Yearly."),
        lambda v: DutyStation.objects.create(vacancy=v, order=9, city="Nairobi", country="KE"),
        lambda v: Duty.objects.filter(vacancy=v).first().delete(),
        lambda v: Qualification.objects.filter(vacancy=v).update(text="Changed."),
    ],
    ids=["vacancy", "supervision", "duty station", "duty", "qualification"],
)
def test_every_write_to_the_vacancy_tables_moves_the_data_version(seeded, write):
    before = data_version()
    write(Vacancy.objects.get(title=CHILD_PROTECTION))
    assert data_version() > before
