"""The Atom feed: the list's vacancies for the same query, newest first, read back with feedparser."""

import feedparser

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
    # data version, vacancies, their duty stations
    with django_assert_num_queries(3):
        client.get("/vacancies/feed/")
