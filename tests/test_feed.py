"""The Atom feed: the list's vacancies for the same query, newest first, read back with feedparser."""

import feedparser
from django.db import connection

from tests.helpers import CHILD_PROTECTION, HUMAN_RIGHTS, POLITICAL_OFFICER, SEA_NETWORK, UNODC
from vacancies.models import Vacancy


def read_feed(client, query=""):
    response = client.get(f"/vacancies/feed/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_feed_lists_every_published_vacancy_newest_first(client, seeded):
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(posted_on="2026-11-24")
    Vacancy.objects.filter(title=UNODC).update(posted_on="2026-11-01")
    feed = read_feed(client)
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 5
    assert titles[0] == f"{HUMAN_RIGHTS} (OHCHR)"
    assert titles[-1] == f"{UNODC} (UNODC)"
    assert feed.feed.title == "JPO Board: vacancies"


def test_feed_entries_carry_link_organization_duty_stations_and_updated(client, seeded):
    feed = read_feed(client, "?sponsor=DE")
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == f"{SEA_NETWORK} (OSCSEA)"
    assert entry.link == "http://testserver/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
    assert entry.author == "OSCSEA"
    assert "Duty stations: Naqoura, Lebanon (1st year); New York, United States (2nd year)" in entry.summary
    assert "Duration: 24 months" in entry.summary
    assert entry.updated_parsed is not None
    assert entry.published.startswith("2026-11-22")
    assert {tag.term for tag in entry.tags} == {"OSCSEA", "Lebanon", "United States"}


def test_feed_takes_the_same_parameters_as_the_list(client, seeded):
    assert {e.title for e in read_feed(client, "?country=US&speaks=en").entries} == {f"{CHILD_PROTECTION} (DPO)"}
    assert {e.title for e in read_feed(client, "?q=genocide").entries} == {f"{POLITICAL_OFFICER} (DPA)"}
    assert read_feed(client, "?q=genocide").feed.title == "JPO Board: vacancies matching “genocide”"
    # A value not understood is left out, as on the list: never an error.
    assert len(read_feed(client, "?grade=P9&country=ZZ&experience=x").entries) == 5


def test_feed_leaves_out_drafts_and_closed_vacancies(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="draft")
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(status="closed")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(posted_on="2026-01-01", closes_on="2026-02-01")
    assert {e.title for e in read_feed(client).entries} == {f"{SEA_NETWORK} (OSCSEA)", f"{POLITICAL_OFFICER} (DPA)"}


def test_list_links_the_feed_for_its_query(client, seeded):
    body = client.get("/?country=US&q=protection&page=2").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="JPO Board: these vacancies (Atom)" '
        'href="/vacancies/feed/?q=protection&amp;country=US">'
    ) in body


def test_feed_runs_a_fixed_number_of_queries(client, seeded, django_assert_num_queries):
    # data version, vacancies with their duty stations
    with django_assert_num_queries(2):
        client.get("/vacancies/feed/")


# Ids that do not follow the host, and conditional GET ------------------------------------


def test_feed_and_entry_ids_are_the_same_whatever_the_host(client, seeded, settings):
    settings.ALLOWED_HOSTS = ["jpo.example.org", "127.0.0.1"]
    feeds = [
        feedparser.parse(client.get("/vacancies/feed/?q=genocide", HTTP_HOST=host).content)
        for host in ("jpo.example.org", "127.0.0.1")
    ]
    assert [feed.feed.id for feed in feeds] == ["https://jpo.example.org/vacancies/feed/?q=genocide"] * 2
    assert [[entry.id for entry in feed.entries] for feed in feeds] == [
        ["https://jpo.example.org/vacancies/int-010-17-p127-political-officer/"]
    ] * 2
    assert feeds[1].entries[0].link == "http://127.0.0.1/vacancies/int-010-17-p127-political-officer/"


def test_feed_answers_304_to_if_none_match_until_a_vacancy_is_edited(client, seeded, django_assert_num_queries):
    first = client.get("/vacancies/feed/")
    etag = first["ETag"]
    assert etag.startswith('"')
    with django_assert_num_queries(1):  # the data version only
        again = client.get("/vacancies/feed/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get("/vacancies/feed/?q=genocide", HTTP_IF_NONE_MATCH=etag).status_code == 200
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    vacancy.duration_text = "Two years"
    vacancy.save()
    edited = client.get("/vacancies/feed/", HTTP_IF_NONE_MATCH=etag)
    assert edited.status_code == 200
    assert edited["ETag"] != etag


def test_feed_answers_304_to_if_modified_since_until_a_vacancy_is_edited(client, seeded, settings):
    last_modified = client.get("/vacancies/feed/")["Last-Modified"]
    cached = client.get("/vacancies/feed/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert (cached.status_code, cached.content) == (304, b"")
    settings.PAGE_CACHE_SECONDS = 0
    uncached = client.get("/vacancies/feed/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert (uncached.status_code, uncached.content) == (304, b"")
    assert client.get("/vacancies/feed/")["Last-Modified"] == last_modified
    # A second later, so that the new Last-Modified (whole seconds) is later than the one held.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE vacancies_dataversion SET version = version + 1000000")
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    vacancy.duration_text = "Two years"
    vacancy.save()
    edited = client.get("/vacancies/feed/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert edited.status_code == 200
    assert edited["Last-Modified"] != last_modified


def test_feed_answers_304_from_the_page_cache_and_without_it(client, seeded, settings):
    etag = client.get("/vacancies/feed/?sponsor=DE")["ETag"]
    assert client.get("/vacancies/feed/?sponsor=DE", HTTP_IF_NONE_MATCH=etag).status_code == 304
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get("/vacancies/feed/?sponsor=DE")["ETag"] == etag
    assert client.get("/vacancies/feed/?sponsor=DE", HTTP_IF_NONE_MATCH=etag).status_code == 304
