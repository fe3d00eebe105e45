"""The list's query parameters, on the five seed ToRs: exact vacancies, counts, paging, bad values."""

import re
from html import unescape

import pytest

from tests.helpers import (
    ALL,
    CHILD_PROTECTION,
    HUMAN_RIGHTS,
    POLITICAL_OFFICER,
    SEA_NETWORK,
    UNODC,
    clone_vacancy,
    page_text,
    titles,
)
from vacancies.models import Vacancy


def facet(response, title):
    """{label: (count, selected)} of one filter's options as the page offers them."""
    body = response.content.decode()
    match = re.search(
        rf'<h2 class="facet-title" id="facet-\w+">{re.escape(title)}</h2>\s*<ul[^>]*>(.*?)</ul>', body, re.S
    )
    if match is None:
        return {}
    options = {}
    for attrs, inner in re.findall(r"<a ([^>]*)>(.*?)</a>", match.group(1), re.S):
        text = re.sub(r"<[^>]+>", "", inner)
        text = unescape(text).replace("✓ ", "").split(", selected")[0].strip()
        label, count = re.match(r"(.*) \((\d+)\)$", text).groups()
        options[label] = (int(count), 'class="selected"' in attrs)
    return options


def languages_offered(response):
    """{language: (how many vacancies require it, ticked)} of the "About you" form's checkboxes."""
    body = response.content.decode()
    return {
        label: (int(count), "checked" in attrs)
        for attrs, label, count in re.findall(
            r'<input type="checkbox" name="speaks" value="\w+"([^>]*)> ([^<]+?) <span class="n">\(required by (\d+)\)',
            body,
        )
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("country=US", {POLITICAL_OFFICER, SEA_NETWORK, CHILD_PROTECTION}),
        ("country=LB", {SEA_NETWORK}),
        ("country=lb", {SEA_NETWORK}),
        ("country=AT", {UNODC}),
        ("country=CH", {HUMAN_RIGHTS}),
        ("country=AT&country=LB", {UNODC, SEA_NETWORK}),
        ("country=FR", set()),
        ("organization=UNODC", {UNODC}),
        ("organization=ohchr", {HUMAN_RIGHTS}),
        ("sector=political+affairs", {SEA_NETWORK}),
        ("sector=Child+Protection", {CHILD_PROTECTION}),
        ("sponsor=KR", {HUMAN_RIGHTS}),
        ("sponsor=de", {SEA_NETWORK}),
        ("sponsor=CH", {POLITICAL_OFFICER}),
        ("sponsor=US", set()),
        ("grade=P1", {HUMAN_RIGHTS}),
        ("grade=P2", {HUMAN_RIGHTS}),
        ("grade=p2", {HUMAN_RIGHTS}),
        ("grade=P3", set()),
        ("speaks=en", {UNODC, CHILD_PROTECTION}),
        ("speaks=en&speaks=fr", {UNODC, POLITICAL_OFFICER, SEA_NETWORK, CHILD_PROTECTION}),
        ("speaks=en&speaks=ko", {UNODC, CHILD_PROTECTION, HUMAN_RIGHTS}),
        ("speaks=EN&speaks=KO", {UNODC, CHILD_PROTECTION, HUMAN_RIGHTS}),
        ("speaks=fr", set()),
        ("speaks=en&speaks=fr&speaks=ko", ALL),
        ("experience=1", set()),
        ("experience=2", {UNODC, SEA_NETWORK, CHILD_PROTECTION, HUMAN_RIGHTS}),
        ("experience=3", ALL),
        ("experience=10", ALL),
        ("country=US&speaks=en", {CHILD_PROTECTION}),
        ("country=US&experience=2", {SEA_NETWORK, CHILD_PROTECTION}),
        ("sponsor=KR&speaks=en&speaks=ko&grade=P2", {HUMAN_RIGHTS}),
        ("country=US&speaks=en&speaks=fr&experience=3&sort=title", {POLITICAL_OFFICER, SEA_NETWORK, CHILD_PROTECTION}),
        ("q=trafficking", {UNODC}),
        ("q=genocide", {POLITICAL_OFFICER}),
        ("q=Korea", {HUMAN_RIGHTS}),
        ("q=UNIFIL", {SEA_NETWORK}),
        ("q=peacekeeping&country=US", {SEA_NETWORK, CHILD_PROTECTION}),
        ("q=xylophone", set()),
    ],
)
def test_each_parameter_gives_exactly_the_expected_vacancies(client, seeded, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert f"{len(expected)} vacanc" in page_text(response)


def test_country_filter_matches_any_duty_station(client, seeded):
    # Naqoura in the first year, New York in the second: found under both countries.
    assert SEA_NETWORK in titles(client.get("/?country=LB"))
    assert SEA_NETWORK in titles(client.get("/?country=US"))


def test_sort_by_title(client, seeded):
    assert titles(client.get("/?sort=title")) == [
        CHILD_PROTECTION,
        UNODC,
        HUMAN_RIGHTS,
        SEA_NETWORK,
        POLITICAL_OFFICER,
    ]


def test_sort_newest_is_the_default_without_a_search(client, seeded):
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(posted_on="2026-11-20")
    Vacancy.objects.filter(title=UNODC).update(posted_on="2026-11-23")
    order = titles(client.get("/"))
    assert order[0] == UNODC
    assert order[-1] == HUMAN_RIGHTS
    assert order == titles(client.get("/?sort=newest"))


def test_sort_closing_puts_the_soonest_first_and_no_date_last(client, seeded):
    Vacancy.objects.filter(title=HUMAN_RIGHTS).update(closes_on="2027-01-31")
    Vacancy.objects.filter(title=CHILD_PROTECTION).update(closes_on="2026-12-15")
    order = titles(client.get("/?sort=closing"))
    assert order[:2] == [CHILD_PROTECTION, HUMAN_RIGHTS]
    assert set(order[2:]) == {UNODC, SEA_NETWORK, POLITICAL_OFFICER}


def test_search_ranks_the_best_match_first(client, seeded):
    # "child protection" is the title and every duty of 21P224; the others mention it in passing.
    order = titles(client.get("/?q=child+protection"))
    assert order[0] == CHILD_PROTECTION
    assert SEA_NETWORK in order
    order = titles(client.get("/?q=protection"))
    assert order[0] == CHILD_PROTECTION
    assert len(order) >= 3


def test_relevance_is_the_default_with_a_search_and_can_be_changed(client, seeded):
    response = client.get("/?q=protection")
    assert '<option value="relevance" selected>' in response.content.decode()
    assert titles(client.get("/?q=protection&sort=title")) == sorted(titles(response), key=lambda title: title.lower())


def test_websearch_syntax(client, seeded):
    # Quotes make a phrase, a leading minus leaves out: PostgreSQL's websearch syntax.
    assert CHILD_PROTECTION in titles(client.get('/?q="child+protection"'))
    found = set(titles(client.get('/?q="child+protection"+-peacekeeping')))
    assert CHILD_PROTECTION not in found
    assert SEA_NETWORK not in found


def test_search_snippet_marks_the_matched_words_escaped(client, seeded):
    body = client.get("/?q=trafficking").content.decode()
    assert re.search(r"<mark>[Tt]rafficking</mark>", body)
    Vacancy.objects.filter(title=UNODC).update(duties_intro="<b>trafficking</b> & more")
    body = client.get("/?q=trafficking").content.decode()
    assert "&lt;b&gt;<mark>trafficking</mark>&lt;/b&gt; &amp; more" in body


def test_counts_without_filters(client, seeded):
    response = client.get("/")
    assert facet(response, "Duty station country") == {
        "Austria": (1, False),
        "Lebanon": (1, False),
        "Switzerland": (1, False),
        "United States": (3, False),
    }
    assert facet(response, "Organization") == {name: (1, False) for name in ["DPA", "DPO", "OHCHR", "OSCSEA", "UNODC"]}
    assert facet(response, "Sponsor country") == {
        "Germany": (1, False),
        "South Korea": (1, False),
        "Switzerland": (1, False),
    }
    # P3 would give none: not offered.
    assert facet(response, "Grade") == {"P1": (1, False), "P2": (1, False)}
    # Every language a vacancy requires is offered, with how many require it (not only those that alone keep one).
    assert languages_offered(response) == {"English": (5, False), "French": (2, False), "Korean": (1, False)}
    # Experience is one field of the "About you" form, not a list of options as well.
    assert facet(response, "Your years of experience") == {}
    assert facet(response, "Languages you speak") == {}


def test_counts_keep_the_other_filters(client, seeded):
    response = client.get("/?country=US&speaks=en")
    # The country counts ignore the country filter but keep the languages.
    assert facet(response, "Duty station country") == {"Austria": (1, False), "United States": (1, True)}
    assert facet(response, "Organization") == {"DPO": (1, False)}
    # The three US vacancies all require English, two of them French too; English is ticked.
    assert languages_offered(response) == {"English": (3, True), "French": (2, False)}


def test_count_links_toggle_one_value_and_go_back_to_page_one(client, seeded):
    body = client.get("/?country=US&speaks=en&page=2").content.decode()
    assert 'href="?speaks=en"' in body  # remove the United States
    assert 'href="?country=US&amp;country=AT&amp;speaks=en"' in body  # add Austria
    filters = body[body.index('id="filters"') : body.index("</details>")]
    assert "page=" not in filters


def test_paging_keeps_every_filter(client, seeded):
    child_protection = Vacancy.objects.get(title=CHILD_PROTECTION)
    for number in range(24):
        clone_vacancy(Vacancy.objects.get(pk=child_protection.pk), number)
    first = client.get("/?country=US&speaks=en&sort=title")
    assert len(titles(first)) == 20
    assert "25 vacancies" in page_text(first)
    assert "Page 1 of 2" in page_text(first)
    body = first.content.decode()
    assert 'href="?country=US&amp;speaks=en&amp;sort=title&amp;page=2"' in body
    second = client.get("/?country=US&speaks=en&sort=title&page=2")
    assert len(titles(second)) == 5
    assert set(titles(first)) | set(titles(second)) == {CHILD_PROTECTION}
    assert len({*titles(first), *titles(second)}) == 1


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, seeded):
    response = client.get("/?page=99")
    assert response.status_code == 200
    assert set(titles(response)) == ALL
    assert "There is no page “99”: showing page 1 of 1." in page_text(response)
    response = client.get("/?page=abc")
    assert response.status_code == 200
    assert "There is no page “abc”" in page_text(response)


@pytest.mark.parametrize(
    ("query", "named", "expected"),
    [
        ("grade=P9", "grade=P9", ALL),
        ("country=ZZ&country=US", "country=ZZ", {POLITICAL_OFFICER, SEA_NETWORK, CHILD_PROTECTION}),
        ("speaks=english", "speaks=english", ALL),
        ("experience=abc&country=AT", "experience=abc", {UNODC}),
        ("experience=-3", "experience=-3", ALL),
        ("experience=99999999999999999999", "experience=99999999999999999999", ALL),
        ("sponsor=Korea", "sponsor=Korea", ALL),
        ("sort=cheapest", "sort=cheapest", ALL),
    ],
)
def test_values_not_understood_are_named_and_the_rest_applies(client, seeded, query, named, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Some of your search was not understood" in text
    assert named in text
    assert "It was left out; the rest of your search applies." in text
    assert set(titles(response)) == expected


def test_hostile_query_values_are_escaped(client, seeded):
    body = client.get("/?q=<script>alert(1)</script>&grade=<b>x</b>").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<b>x</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_detail_links_back_to_the_same_results(client, seeded):
    body = client.get("/?country=US&speaks=en&page=1").content.decode()
    assert 'href="/vacancies/21p224-child-protection/?country=US&amp;speaks=en&amp;page=1"' in body
    detail = client.get("/vacancies/21p224-child-protection/?country=US&speaks=en&page=1&utm=x")
    assert 'href="/?country=US&amp;speaks=en&amp;page=1"' in detail.content.decode()
    assert "Back to your results" in page_text(detail)
    assert "All vacancies" in page_text(client.get("/vacancies/21p224-child-protection/"))


def test_filtered_list_runs_the_same_number_of_queries(client, seeded, django_assert_num_queries):
    query = (
        "/?country=US&speaks=en&speaks=fr&experience=3&sponsor=DE&sector=political+affairs&organization=oscsea"
        "&nationality=DE&age=30&degree=master"
    )
    # The data version, the listing index (once per data version, with its settings), the page
    # (its rows carry their duty stations).
    with django_assert_num_queries(5):
        client.get(query)
    source = Vacancy.objects.get(title=SEA_NETWORK).pk
    for number in range(25):
        clone_vacancy(Vacancy.objects.get(pk=source), number)
    with django_assert_num_queries(5):
        response = client.get(query)
    assert len(titles(response)) == 20  # the eligibility of each card comes with its row
    # A search asks the database which vacancies match and how they rank (with the setting that
    # reads them through the search index, and back); the page's rows carry the duties and
    # qualifications that snippets come from; the index is already read for this data version.
    with django_assert_num_queries(5):
        client.get("/?q=protection")


def test_a_flood_of_repeated_values_is_capped_and_named(client, seeded):
    codes = ["en", "fr", "ko", "ar", "es", "ru", "zh", "de", "it", "pt", "ja", "nl", "sv", "da", "fi", "no"]
    codes += ["pl", "cs", "sk", "hu", "ro", "bg", "el", "tr", "he", "fa", "hi", "bn", "ur", "sw", "am", "so"]
    response = client.get("/?" + "&".join(f"speaks={code}" for code in codes))
    assert response.status_code == 200
    assert set(titles(response)) == ALL
    text = page_text(response)
    assert "speaks=sv : “sv” is one value too many: at most 12 are read" in text
    assert "speaks=so" in text
