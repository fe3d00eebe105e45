"""What search engines and link previews read: robots.txt, the sitemap, the favicon, meta tags."""

import re

import django_filters
from django.contrib.staticfiles import finders
from django.http import QueryDict

from tests.helpers import SEED_SLUGS, clone_vacancy
from vacancies.checks import check_site_url
from vacancies.filters import CodeListFilter, VacancyFilter, YearsFilter
from vacancies.labels import is_country_code
from vacancies.models import Vacancy
from vacancies.selectors import public_scope
from vacancies.seo import list_phrase

SITE = "https://jpo.example.org"  # DJANGO_SITE_URL of the test suite (pyproject.toml)


def head_tags(response):
    """The title, meta description, robots and canonical link of an HTML page."""
    body = response.content.decode()
    head = body[: body.index("</head>")]
    return {
        "title": re.search(r"<title>(.*?)</title>", head).group(1),
        "description": re.search(r'<meta name="description" content="(.*?)">', head).group(1),
        "robots": re.findall(r'<meta name="robots" content="(.*?)">', head),
        "canonical": re.findall(r'<link rel="canonical" href="(.*?)">', head),
    }


# robots.txt, the sitemap, the favicon ---------------------------------------------------


def test_robots_txt_allows_the_public_pages_and_names_the_sitemap(client, settings, seeded):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    response = client.get("/robots.txt", HTTP_HOST="other.example")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /admin/\n"
        "Disallow: /vacancies/export.\n"
        "\n"
        "Sitemap: https://jpo.example.org/sitemap.xml\n"
    )


def sitemap_locations(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_sitemap_lists_the_list_and_every_listed_vacancy_on_the_site_url(client, settings, seeded):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    expected = [f"{SITE}/", *(f"{SITE}/vacancies/{slug}/" for slug in SEED_SLUGS)]
    assert sorted(sitemap_locations(client, HTTP_HOST="other.example")) == sorted(expected)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/vacancies/ohchr-human-rights-digital-age/</loc><lastmod>2026-11-22</lastmod>" in body


def test_sitemap_leaves_out_drafts_and_closed_vacancies(client, seeded):
    Vacancy.objects.filter(slug=SEED_SLUGS[0]).update(status="draft")
    Vacancy.objects.filter(slug=SEED_SLUGS[1]).update(status="closed")
    Vacancy.objects.filter(slug=SEED_SLUGS[2]).update(posted_on="2026-01-01", closes_on="2026-02-01")
    assert sorted(sitemap_locations(client)) == sorted(
        [f"{SITE}/", *(f"{SITE}/vacancies/{s}/" for s in SEED_SLUGS[3:])]
    )


def test_sitemap_shows_an_edit_at_once(client, seeded):
    assert len(sitemap_locations(client)) == 6
    Vacancy.objects.filter(slug=SEED_SLUGS[0]).update(status="closed")
    assert len(sitemap_locations(client)) == 5


def test_favicon_is_linked_and_answers_at_favicon_ico(client, seeded):
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/favicon.svg")
    icon = open(finders.find("favicon.svg"), encoding="utf-8").read()
    assert icon.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'fill="#003f6e"' in icon


# The detail page's link preview ------------------------------------------------------------


def test_detail_has_open_graph_and_twitter_card_tags(client, settings, seeded):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    body = client.get("/vacancies/ohchr-human-rights-digital-age/?q=rights", HTTP_HOST="other.example").content.decode()
    description = (
        "The Office of the High Commissioner for Human Rights (UN Human Rights) is the leading UN entity on human "
        "rights. UN Human Rights provides assistance in the form of technical…"
    )
    assert re.findall(r'<meta (?:property|name)="(?:og|twitter):[^>]*>', body) == [
        '<meta property="og:type" content="website">',
        '<meta property="og:site_name" content="JPO Board">',
        '<meta property="og:title" content="JPO in Human Rights">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:url" content="{SITE}/vacancies/ohchr-human-rights-digital-age/">',
        '<meta name="twitter:card" content="summary">',
    ]
    assert f'<meta name="description" content="{description}">' in body


def test_open_graph_tags_escape_tor_text(client, seeded):
    Vacancy.objects.filter(slug="21p224-child-protection").update(title='"><script>x</script>', duties_intro="")
    body = client.get("/vacancies/21p224-child-protection/").content.decode()
    assert '<meta property="og:title" content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">' in body
    assert "<script>x" not in body


# The list: canonical, robots, title -----------------------------------------------------------


def test_list_is_indexed_and_canonical_to_itself(client, seeded):
    assert head_tags(client.get("/")) == {
        "title": "JPO vacancies · JPO Board",
        "description": "5 open Junior Professional Officer vacancies of the United Nations, "
        "searchable by every fact of their Terms of Reference.",
        "robots": [],
        "canonical": [f"{SITE}/"],
    }


def test_a_page_of_the_list_is_indexed_and_canonical_to_itself(client, seeded):
    source = Vacancy.objects.get(slug=SEED_SLUGS[0])
    for number in range(20):
        clone_vacancy(Vacancy.objects.get(pk=source.pk), number)
    tags = head_tags(client.get("/?page=2"))
    assert tags["title"] == "JPO vacancies, page 2 · JPO Board"
    assert tags["robots"] == []
    assert tags["canonical"] == [f"{SITE}/?page=2"]
    # A page past the end shows the last page: canonical to that page.
    assert head_tags(client.get("/?page=9"))["canonical"] == [f"{SITE}/?page=2"]
    assert head_tags(client.get("/?page=1"))["canonical"] == [f"{SITE}/"]


def test_a_filtered_list_is_named_by_its_filters_and_not_indexed(client, seeded):
    assert head_tags(client.get("/?organization=UNODC")) == {
        "title": "UNODC vacancies · JPO Board",
        "description": "UNODC vacancies: 1 open United Nations Junior Professional Officer vacancy on JPO Board.",
        "robots": ["noindex"],
        "canonical": [f"{SITE}/"],
    }
    tags = head_tags(client.get("/?organization=UNODC&country=AT&sponsor=DE&page=1"))
    assert tags["title"] == "UNODC vacancies in Austria, sponsored by Germany · JPO Board"
    assert tags["robots"] == ["noindex"]
    tags = head_tags(
        client.get("/?country=US&country=LB&speaks=en&speaks=fr&experience=1&grade=P2&sector=Human+Rights")
    )
    assert tags["title"] == (
        "Vacancies in United States or Lebanon, in the sector Human Rights, at grade P2, "
        "for speakers of English and French, for 1 year of experience · JPO Board"
    )


def test_a_search_is_named_and_not_indexed(client, seeded):
    assert head_tags(client.get("/?q=trafficking")) == {
        "title": "Vacancies matching “trafficking” · JPO Board",
        "description": "Vacancies matching “trafficking”: 1 open United Nations Junior Professional Officer "
        "vacancy on JPO Board.",
        "robots": ["noindex"],
        "canonical": [f"{SITE}/"],
    }


def test_any_other_parameter_is_not_indexed_and_values_not_understood_are_not_named(client, seeded):
    # (An empty ``?q=`` is sent on to ``/`` itself: test_eligibility.py.)
    for query in ("?sort=title", "?utm_source=mail", "?grade=P9&country=ZZ"):
        tags = head_tags(client.get(f"/{query}"))
        assert (tags["title"], tags["robots"], tags["canonical"]) == (
            "JPO vacancies · JPO Board",
            ["noindex"],
            [f"{SITE}/"],
        ), query


def test_list_title_escapes_the_search(client, seeded):
    tags = head_tags(client.get("/?q=%3C%2Ftitle%3E%3Cscript%3E"))
    assert tags["title"] == "Vacancies matching “&lt;/title&gt;&lt;script&gt;” · JPO Board"


def test_deploy_check_asks_for_the_real_site_url(settings):
    settings.ALLOWED_HOSTS = ["jpo.example.org"]
    settings.SITE_URL = "https://jpo.example.org"
    assert check_site_url(None) == []
    for wrong in ("http://127.0.0.1:8000", "http://jpo.example.org", "https://elsewhere.example"):
        settings.SITE_URL = wrong
        assert [warning.id for warning in check_site_url(None)] == ["vacancies.W001"], wrong


# New filters are named too ------------------------------------------------------------------


def test_list_title_names_every_filter_of_the_filterset_even_one_it_has_no_words_for(seeded):
    class WithMoreFilters(VacancyFilter):
        # As the filters another branch adds, and one the title has no words for.
        nationality = CodeListFilter(upper=True, is_code=is_country_code, problem="", most=5, method="keep")
        age = YearsFilter(method="keep")
        degree = django_filters.CharFilter(method="keep")
        contract = django_filters.CharFilter(method="keep", label="Contract type")

    query = QueryDict("organization=OHCHR&contract=fixed-term&age=30&nationality=KR&degree=master&sort=title")
    assert list_phrase(WithMoreFilters(query, queryset=public_scope())) == (
        "OHCHR vacancies open to nationals of South Korea, for candidates aged 30, "
        "for holders of a master's degree, with contract type: fixed-term"
    )
    # The board's own FilterSet has all but the contract type: that one is not named.
    assert list_phrase(VacancyFilter(query, queryset=public_scope())) == (
        "OHCHR vacancies open to nationals of South Korea, for candidates aged 30, for holders of a master's degree"
    )
