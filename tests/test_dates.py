"""Dates on the pages: posted, closing with its state of today, the deadline's time and zone."""

import json
import re
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from tests.helpers import SEED_SLUGS, page_text
from vacancies.models import Vacancy

UNODC = "22p001-crime-prevention-and-criminal-justice"
CHILD_PROTECTION = "21p224-child-protection"


def closing_in(days, slug=UNODC, **fields):
    """A seed vacancy that closes ``days`` from today (negative: in the past), in the test's transaction."""
    closes_on = timezone.localdate() + timedelta(days=days)
    Vacancy.objects.filter(slug=slug).update(closes_on=closes_on, **fields)
    return closes_on


def detail(client, slug=UNODC):
    response = client.get(f"/vacancies/{slug}/")
    assert response.status_code == 200
    return response


# Posted ---------------------------------------------------------------------


def test_every_card_shows_its_posted_date(client, seeded):
    response = client.get("/")
    assert page_text(response).count("Posted 22 November 2026") == len(SEED_SLUGS)
    assert response.content.decode().count('<time datetime="2026-11-22">22 November 2026</time>') == len(SEED_SLUGS)


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_detail_shows_its_posted_date(client, seeded, slug):
    response = detail(client, slug)
    assert "Posted 22 November 2026" in page_text(response)
    assert '<p class="posted">Posted <time datetime="2026-11-22">22 November 2026</time></p>' in (
        response.content.decode()
    )


def test_a_vacancy_without_a_posted_date_says_nothing_of_it(client, seeded):
    Vacancy.objects.filter(slug=UNODC).update(posted_on=None)
    assert "Posted" not in page_text(detail(client))
    assert page_text(client.get("/")).count("Posted 22 November 2026") == len(SEED_SLUGS) - 1


# Closing: the state of today --------------------------------------------------


@pytest.mark.parametrize(
    ("days", "phrase"),
    [(3, "Closes in 3 days"), (1, "Closes tomorrow"), (0, "Closes today"), (30, "Closes in 30 days")],
)
def test_card_and_detail_say_when_the_vacancy_closes(client, seeded, days, phrase):
    closes_on = closing_in(days)
    card_text = page_text(client.get("/"))
    assert f"Closing date: {closes_on.day} {closes_on:%b %Y} {phrase}" in card_text
    assert card_text.count("Closes") == 1  # the other four state no closing date
    body = detail(client).content.decode()
    assert f'<span class="closing-state">{phrase}</span>' in body
    assert f"Closing date {closes_on.day} {closes_on:%B %Y} {phrase}" in page_text(detail(client))


def test_a_vacancy_past_its_closing_date_is_closed(client, seeded):
    closing_in(-1)
    assert "Crime Prevention" not in page_text(client.get("/"))
    text = page_text(detail(client))
    assert "This vacancy is closed" in text
    assert '<span class="closing-state">Closed</span>' in detail(client).content.decode()


@pytest.mark.parametrize("days", [None, 10])
def test_a_vacancy_closed_by_hr_is_closed_whatever_its_date(client, seeded, days):
    if days is None:
        Vacancy.objects.filter(slug=UNODC).update(status="closed")
    else:
        closing_in(days, status="closed")
    body = detail(client).content.decode()
    assert '<span class="closing-state">Closed</span>' in body
    assert "Closes in" not in body


def test_no_closing_date_no_state(client, seeded):
    text = page_text(detail(client))
    assert "Closing date No closing date stated Duty station" in text
    assert "Closes" not in page_text(client.get("/"))


# The deadline's time and zone --------------------------------------------------


def with_deadline(closes_on, closes_at, zone, wording="", slug=CHILD_PROTECTION):
    Vacancy.objects.filter(slug=slug).update(
        closes_on=closes_on, closes_at=closes_at, closing_time_zone=zone, closing_time_text=wording
    )


def job_posting(client, slug=CHILD_PROTECTION):
    body = detail(client, slug).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(script)


@pytest.mark.parametrize(
    ("closes_on", "zone", "valid_through", "shown"),
    [
        # Geneva in winter (CET) and in summer (CEST): the offset follows the date, not today.
        (date(2027, 1, 15), "Europe/Zurich", "2027-01-15T23:59:59+01:00", "23:59 Europe/Zurich time (UTC+01:00)"),
        (date(2027, 7, 15), "Europe/Zurich", "2027-07-15T23:59:59+02:00", "23:59 Europe/Zurich time (UTC+02:00)"),
        (date(2027, 1, 15), "America/New_York", "2027-01-15T23:59:59-05:00", "23:59 America/New_York time (UTC−05:00)"),
    ],
)
def test_a_stated_deadline_is_an_instant_in_the_tor_time_zone(client, seeded, closes_on, zone, valid_through, shown):
    with_deadline(closes_on, time(23, 59, 59), zone, wording="midnight Geneva time")
    assert job_posting(client)["validThrough"] == valid_through
    response = detail(client, CHILD_PROTECTION)
    assert f'<time datetime="{valid_through}">{closes_on.day} {closes_on:%B %Y}, {shown}</time>' in (
        response.content.decode()
    )
    assert "The ToR: “midnight Geneva time”" in page_text(response)


def test_a_date_alone_is_valid_through_the_end_of_that_day_in_utc(client, seeded):
    with_deadline(date(2027, 1, 15), None, "")
    assert job_posting(client)["validThrough"] == "2027-01-15T23:59:59Z"
    assert '<time datetime="2027-01-15">15 January 2027</time>' in detail(client, CHILD_PROTECTION).content.decode()


def test_the_seeds_state_no_closing_date_or_time(seeded):
    # None of the five ToRs states one: the fixtures keep them blank, never a guess.
    assert list(Vacancy.objects.values_list("closes_on", "closes_at", "closing_time_zone", "closing_time_text")) == [
        (None, None, "", "")
    ] * len(SEED_SLUGS)


# Duration: one rule everywhere -------------------------------------------------


@pytest.mark.parametrize(
    ("months", "wording", "shown"),
    [
        (24, "", "24 months"),
        (1, "", "1 month"),
        (24, "Two years", "Two years"),
        (None, "", "Not stated"),
    ],
)
def test_duration_is_the_same_on_the_card_and_both_places_of_the_detail(client, seeded, months, wording, shown):
    Vacancy.objects.filter(slug=UNODC).update(duration_months=months, duration_text=wording)
    body = detail(client).content.decode()
    # The top box, then the General information table (where the extension terms follow).
    assert re.findall(r"<dt>Duration</dt><dd>([^<\n]*)", body) == [shown, shown]
    assert f"Duration: {shown} " in page_text(client.get("/?organization=UNODC"))


def test_the_seeds_show_the_tor_wording_of_their_duration(client, seeded):
    text = page_text(detail(client, "2024-2-42-political-peace-and-humanitarian-network"))
    assert text.count("2 years with possibility of extension for another year") == 2
    assert "24 months" not in text
