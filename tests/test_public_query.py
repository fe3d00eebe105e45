"""The public query written once: the closed rule, the parameters, the counts, and one selector behind
the list, the feed, the CSV and ``export_vacancies``."""

import csv
import io
from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.management import BaseCommand, CommandError, call_command, load_command_class
from django.http import QueryDict
from django.utils import timezone

from tests.helpers import CHILD_PROTECTION, HUMAN_RIGHTS, POLITICAL_OFFICER, SEA_NETWORK, UNODC, clone_vacancy
from vacancies.models import Qualification, Vacancy
from vacancies.querysets import (
    closed_as_of,
    is_closed,
    is_required_at_most,
    requires_at_most,
)

# Each rule, in the database and in Python ------------------------------------


def test_closed_rule_is_the_same_in_the_database_in_python_and_on_the_model(empty_db):
    today = timezone.localdate()
    days = {"none": None, "yesterday": today - timedelta(days=1), "today": today, "tomorrow": today + timedelta(days=1)}
    for status in Vacancy.Status.values:
        for day, closes_on in days.items():
            Vacancy.objects.create(title=f"{status} {day}", slug=f"{status}-{day}", status=status, closes_on=closes_on)
    in_python = {v.title for v in Vacancy.objects.all() if is_closed(v.status, v.closes_on, today)}
    on_the_model = {v.title for v in Vacancy.objects.all() if v.is_closed}
    in_the_database = set(Vacancy.objects.filter(closed_as_of(today)).values_list("title", flat=True))

    # Closed by HR whatever the date; otherwise from the day after the closing date.
    expected = {"closed none", "closed yesterday", "closed today", "closed tomorrow"}
    expected |= {"draft yesterday", "published yesterday"}
    assert in_python == on_the_model == in_the_database == expected
    assert set(Vacancy.objects.published().values_list("title", flat=True)) == {
        "published none",
        "published today",
        "published tomorrow",
    }


def test_experience_rule_is_the_same_in_the_database_and_in_python(empty_db):
    for minimum in (None, 0, 2, 5):
        vacancy = Vacancy.objects.create(title=f"at least {minimum}", slug=f"at-least-{minimum}", status="published")
        if minimum is not None:
            Qualification.objects.create(
                vacancy=vacancy, order=1, category="experience", level="required", text="t", min_years=minimum
            )
    minimums = dict(Vacancy.objects.values_list("pk", "min_experience_years"))
    assert sorted(minimums.values(), key=lambda m: -1 if m is None else m) == [None, 0, 2, 5]
    for years in range(7):
        in_the_database = set(Vacancy.objects.filter(requires_at_most(years)).values_list("pk", flat=True))
        in_python = {pk for pk, minimum in minimums.items() if is_required_at_most(minimum, years)}
        assert in_the_database == in_python, years


# The counts ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "q=protection", "speaks=en", "country=US&experience=2", "grade=P2", "sponsor=DE"]
)
def test_every_count_is_what_its_filter_gives(client, seeded, query):
    # A vacancy with no languages, experience or grade stated, and one closed: both count as the filters do.
    clone_vacancy(Vacancy.objects.get(title=SEA_NETWORK), 1)
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    response = client.get(f"/?{query}")
    followed = 0
    for name, _title, options in response.context["facets"]:
        repeatable_and_chosen = name == "country" and any(option.selected for option in options)
        for option in options:
            if option.selected or not option.count or repeatable_and_chosen:
                continue  # a chosen option's link takes it away; another country adds to the chosen ones
            assert client.get(f"/{option.url}").context["paginator"].count == option.count, (name, option)
            followed += 1
    assert followed


def test_facet_titles_are_the_filters_labels(client, seeded):
    titles = [title for _name, title, _options in client.get("/").context["facets"]]
    assert titles == [
        "Duty station country",
        "Organization",
        "Sector",
        "Sponsor country",
        "Grade",
    ]
    # The languages are the "About you" form's checkboxes, under the filter's label.
    assert "<legend>Languages you speak</legend>" in client.get("/").content.decode()


# The parameters --------------------------------------------------------------

FILTER_PARAMETERS = [
    "q",
    "country",
    "organization",
    "sector",
    "sponsor",
    "grade",
    "speaks",
    "experience",
    "nationality",
    "age",
    "degree",
    "sort",
]
# The export's own: sponsors report on closed vacancies and by posting date; the list and the feed show open ones.
EXPORT_PARAMETERS = ["status", "posted_after", "posted_before"]


def export_parser():
    return load_command_class("vacancies", "export_vacancies").create_parser("manage.py", "export_vacancies")


def test_the_export_command_takes_every_parameter_of_the_export_and_no_other():
    parser = export_parser()
    every_commands = {action.dest for action in BaseCommand().create_parser("manage.py", "base")._actions}
    own = {"output", "excel", "texts", "base_url"}
    assert {action.dest for action in parser._actions} - every_commands - own == {
        *FILTER_PARAMETERS,
        *EXPORT_PARAMETERS,
    }

    given = parser.parse_args(
        ["--country", "US", "--country", "AT", "--speaks", "en", "--grade", "P2", "--sort", "title"]
    )
    assert (given.country, given.speaks, given.grade, given.sort) == (["US", "AT"], ["en"], "P2", "title")
    assert parser.parse_args([]).country == []
    with pytest.raises(CommandError, match="invalid choice: 'oldest'"):
        parser.parse_args(["--sort", "oldest"])
    given = parser.parse_args(["--status", "all", "--posted-after", "2026-11-01", "--posted_before", "2026-11-30"])
    assert (given.status, given.posted_after, given.posted_before) == ("all", "2026-11-01", "2026-11-30")


def test_the_exports_own_parameters_are_the_filtersets_and_the_lists_are_unchanged():
    from vacancies.filters import ExportFilter, VacancyFilter
    from vacancies.querystrings import LIST_PARAMETERS

    assert list(VacancyFilter.base_filters) == FILTER_PARAMETERS
    assert list(ExportFilter.base_filters) == FILTER_PARAMETERS + EXPORT_PARAMETERS
    assert LIST_PARAMETERS == (*FILTER_PARAMETERS, "page")


def test_the_list_and_the_feed_show_open_vacancies_whatever_the_exports_parameters(client, seeded):
    Vacancy.objects.filter(title=UNODC).update(status="closed")
    open_slugs = from_the_list(client, "")
    assert len(open_slugs) == 4
    for query in ["status=closed", "status=all", "posted_after=2026-11-23", "posted_before=2000-01-01"]:
        response = client.get(f"/?{query}")
        assert [vacancy.slug for vacancy in response.context["vacancies"]] == open_slugs
        assert sorted(from_the_feed(client, query)) == sorted(open_slugs)
        # Not a parameter of the list: neither named as not understood nor carried into its export links.
        assert response.context["export_query"] == ""
        assert "understood" not in response.content.decode()


def test_the_export_commands_help_gives_each_parameters_meaning_and_limits():
    help_text = " ".join(export_parser().format_help().split())
    assert "--country COUNTRY duty station country: ISO 3166-1 alpha-2" in help_text
    assert "repeatable, at most 30 read" in help_text
    assert "repeatable, at most 12 read" in help_text
    assert "from 0 to 80" in help_text
    assert "--sort {relevance,newest,closing,title}" in help_text


def test_every_parameter_is_kept_from_the_list_to_a_vacancy_and_back(client, seeded):
    query = "q=protection&country=US&country=LB&organization=dpo&sector=child+protection&sponsor=DE&grade=P2"
    query += "&speaks=en&speaks=fr&experience=3&nationality=DE&nationality=FR&age=30&degree=master"
    query += "&sort=title&page=1&utm_source=mail"
    response = client.get(f"/?{query}")
    kept = QueryDict(response.context["detail_query"])
    assert list(kept) == [*FILTER_PARAMETERS, "page"]
    assert kept.getlist("country") == ["US", "LB"]
    assert kept.getlist("speaks") == ["en", "fr"]
    assert kept.getlist("nationality") == ["DE", "FR"]


# One selector ----------------------------------------------------------------


def slug_of(url):
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def from_the_list(client, query):
    return [vacancy.slug for vacancy in client.get(f"/?{query}").context["vacancies"]]


def from_the_feed(client, query):
    return [slug_of(entry.link) for entry in feedparser.parse(client.get(f"/vacancies/feed/?{query}").content).entries]


def from_the_csv(client, query):
    body = b"".join(client.get(f"/vacancies/export.csv?{query}").streaming_content).decode()
    return [slug_of(row["url"]) for row in csv.DictReader(io.StringIO(body, newline=""))]


def from_the_command(capsys, query):
    capsys.readouterr()
    options = [f"--{name}={value}" for name, values in QueryDict(query).lists() for value in values]
    call_command("export_vacancies", *options)
    return [slug_of(row["url"]) for row in csv.DictReader(io.StringIO(capsys.readouterr().out, newline=""))]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=US",
        "country=US&speaks=en&speaks=fr&sort=title",
        "q=protection",
        "q=protection&sort=closing",
        "grade=P2&experience=2",
        "speaks=ko&speaks=en",
        "sponsor=de&organization=OSCSEA",
    ],
)
def test_the_same_query_gives_the_same_vacancies_in_the_list_the_feed_the_csv_and_the_command(
    client, seeded, capsys, query
):
    # Closed by HR, past its closing date, a draft: in none of the four.
    last_month = timezone.localdate() - timedelta(days=30)
    Vacancy.objects.filter(title=POLITICAL_OFFICER).update(status="closed")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(posted_on=last_month, closes_on=last_month)
    Vacancy.objects.filter(title=UNODC).update(status="draft")
    in_the_list = from_the_list(client, query)
    assert in_the_list, "every query here finds a vacancy"
    assert set(in_the_list) <= set(
        Vacancy.objects.filter(title__in=[SEA_NETWORK, HUMAN_RIGHTS]).values_list("slug", flat=True)
    )
    assert sorted(from_the_feed(client, query)) == sorted(in_the_list)  # the feed: newest first, whatever the sort
    assert from_the_csv(client, query) == in_the_list
    assert from_the_command(capsys, query) == in_the_list


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("status=closed&sort=title", [CHILD_PROTECTION, POLITICAL_OFFICER]),
        ("status=all&sort=title", [CHILD_PROTECTION, HUMAN_RIGHTS, SEA_NETWORK, POLITICAL_OFFICER]),
        ("status=all&posted_before={last_month}", [CHILD_PROTECTION]),
        ("status=open&posted_after=2026-11-22&country=US", [SEA_NETWORK]),
    ],
)
def test_the_same_export_query_gives_the_same_vacancies_in_the_csv_and_the_command(
    client, seeded, capsys, query, titles
):
    last_month = timezone.localdate() - timedelta(days=30)
    Vacancy.objects.filter(title=POLITICAL_OFFICER).update(status="closed")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(posted_on=last_month, closes_on=last_month)
    Vacancy.objects.filter(title=UNODC).update(status="draft")
    slugs = dict(Vacancy.objects.values_list("title", "slug"))
    query = query.format(last_month=last_month.isoformat())
    assert from_the_csv(client, query) == from_the_command(capsys, query) == [slugs[title] for title in titles]
