"""The list and detail pages over the five seed ToRs."""

import gc
import html
import re
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from django.test.client import ClientHandler, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse

from tests.helpers import HUMAN_RIGHTS, SEA_NETWORK, SEED_SLUGS, clone_vacancy, page_text
from vacancies.models import Vacancy

# What the PDFs left behind and must never reach a page.
PDF_DEBRIS = [
    "\uf0b7",
    "\uf0a7",
    "•",
    "Organizational Chart",
    "TERMS OF REFERENCE",
    "[Non-Family",
    "](#)",
    "**",
    "-----",
]


def test_fixtures_load_all_five_published(seeded):
    assert sorted(Vacancy.objects.published().values_list("slug", flat=True)) == sorted(SEED_SLUGS)


def test_list_shows_the_five_seed_vacancies_with_their_facts(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    text = page_text(response)
    assert "5 vacancies" in text
    assert "JPO in Crime Prevention and Criminal Justice (Anti-Human Trafficking and Migrant Smuggling)" in text
    assert "UNODC" in text
    assert "Vienna, Austria" in text
    assert "Naqoura, Lebanon (1st year); New York, United States (2nd year)" in text
    assert "Duration: 2 years with possibility of extension for another year" in text
    assert "Sponsor: South Korea" in text
    assert "Sponsor: Switzerland" in text
    assert "Sponsor: Germany" in text
    assert "Grade: P1 or P2" in text
    for slug in SEED_SLUGS:
        assert f'href="/vacancies/{slug}/"' in response.content.decode()


def test_list_summary_is_a_short_excerpt_of_the_tor(client, seeded):
    text = page_text(client.get("/"))
    assert "The JPO will provide professional support to HTMSS" in text
    # The summary is cut, not the whole introduction.
    assert "and other relevant Country Offices" not in text


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_detail_page_has_every_section_and_no_pdf_debris(client, seeded, slug):
    response = client.get(f"/vacancies/{slug}/")
    assert response.status_code == 200
    text = page_text(response)
    for heading in [
        "General information",
        "Supervision",
        "Duties, responsibilities and output expectations",
        "Qualifications and experience",
        "UN competencies",
        "Learning elements",
        "Background information",
        "How to apply and eligibility",
    ]:
        assert heading in text
    for debris in PDF_DEBRIS:
        assert debris not in text, debris


def test_detail_sections_follow_the_tor_order(client, seeded):
    body = client.get(f"/vacancies/{SEED_SLUGS[0]}/").content.decode()
    sections = ["general", "supervision", "duties", "qualifications", "competencies", "learning", "background", "apply"]
    positions = [body.index(f'<h2 id="{section}">') for section in sections]
    assert positions == sorted(positions)
    text = page_text(client.get(f"/vacancies/{SEED_SLUGS[0]}/"))
    assert text.index("Content and methodology of supervision") < text.index("Results expected")


def test_detail_has_a_table_of_contents_linking_every_section(client, seeded):
    body = client.get(f"/vacancies/{SEED_SLUGS[2]}/").content.decode()
    for anchor in ["general", "supervision", "duties", "qualifications", "competencies", "apply", "other-language"]:
        assert f'<a href="#{anchor}">' in body
        assert f'id="{anchor}"' in body


def test_list_runs_a_fixed_number_of_queries(client, seeded, django_assert_num_queries):
    # The data version (page cache); the listing index, read once per data version (the count, the
    # filters' counts and the order: one statement, and two for its settings); the page's vacancies
    # with their duty stations.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200
    source = Vacancy.objects.get(slug=SEED_SLUGS[2])
    for number in range(30):
        clone_vacancy(Vacancy.objects.get(pk=source.pk), number)
    with django_assert_num_queries(5):  # a new data version: the index is read again
        response = client.get("/")
    assert len(response.context["vacancies"]) == 20


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_detail_runs_a_fixed_number_of_queries(client, seeded, slug, django_assert_num_queries):
    # data version, vacancy with supervision, duty stations, duties, qualifications
    with django_assert_num_queries(5):
        assert client.get(f"/vacancies/{slug}/").status_code == 200


def test_drafts_are_not_public(client, seeded):
    Vacancy.objects.filter(slug=SEED_SLUGS[3]).update(status="draft")
    assert client.get(f"/vacancies/{SEED_SLUGS[3]}/").status_code == 404
    assert "JPO in Child Protection" not in page_text(client.get("/"))
    assert "4 vacancies" in page_text(client.get("/"))


def test_unknown_vacancy_is_404(client, seeded):
    assert client.get("/vacancies/no-such-vacancy/").status_code == 404


def test_absolute_url_is_the_contract_url(seeded):
    vacancy = Vacancy.objects.get(slug=SEED_SLUGS[4])
    assert vacancy.get_absolute_url() == "/vacancies/ohchr-human-rights-digital-age/"
    assert reverse("vacancies:list") == "/"


def test_markup_in_tor_text_is_escaped(client, seeded):
    Vacancy.objects.filter(slug=SEED_SLUGS[0]).update(
        title="<script>alert(1)</script>", background="- <b>bold</b> item\n## <i>head</i>"
    )
    body = client.get(f"/vacancies/{SEED_SLUGS[0]}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<li>&lt;b&gt;bold&lt;/b&gt; item</li>" in body
    assert "&lt;i&gt;head&lt;/i&gt;" in body


def run_settings(env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env={"DJANGO_SETTINGS_MODULE": "jpoboard.settings", "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_starts_without_a_secret_key():
    assert run_settings({"DJANGO_DEBUG": "1"}).returncode == 0


def test_a_bad_debug_value_is_named():
    result = run_settings({"DJANGO_DEBUG": "maybe", "DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_a_card_names_its_duty_stations_in_the_tors_order(client, seeded):
    card = re.compile(r'<article class="card">.*?</article>', re.DOTALL)
    stations = re.compile(r'<span class="label">(Duty stations?):</span>\s*(.*?)</li>', re.DOTALL)
    by_title = {}
    for article in card.findall(client.get("/").content.decode()):
        title = re.search(r'<h3 class="card-title"><a [^>]*>(.*?)</a>', article).group(1)
        by_title[title] = stations.search(article).groups()
    assert by_title[SEA_NETWORK] == ("Duty stations", "Naqoura, Lebanon (1st year); New York, United States (2nd year)")
    assert by_title[HUMAN_RIGHTS] == ("Duty station", "Geneva, Switzerland")
    sea = Vacancy.objects.get(title=SEA_NETWORK)
    sea.duty_stations.filter(city="Naqoura").update(order=3)
    sea.duty_stations.filter(city="New York").update(city="New York <HQ>")
    article = next(a for a in card.findall(client.get("/").content.decode()) if SEA_NETWORK in a)
    assert stations.search(article).group(2) == (
        "New York &lt;HQ&gt;, United States (2nd year); Naqoura, Lebanon (1st year)"
    )


def test_a_card_links_to_its_vacancys_address_with_the_list_query(client, seeded):
    Vacancy.objects.filter(title=SEA_NETWORK).update(slug="SEA_network-2")  # every character a slug may hold
    links = {}
    page = client.get("/?age=30").content.decode()
    for article in re.findall(r'<article class="card">.*?</article>', page, re.DOTALL):
        title, href = re.search(r'<h3 class="card-title"><a href="([^"]*)">(.*?)</a>', article).group(2, 1)
        links[html.unescape(title)] = html.unescape(href)
    assert links[HUMAN_RIGHTS] == "/vacancies/ohchr-human-rights-digital-age/?age=30"
    assert links[SEA_NETWORK] == "/vacancies/SEA_network-2/?age=30"
    assert links == {vacancy.title: f"{vacancy.get_absolute_url()}?age=30" for vacancy in Vacancy.objects.all()}
    assert client.get(links[SEA_NETWORK]).status_code == 200


def test_a_rendered_list_page_is_freed_without_the_garbage_collector(seeded):
    # jpoboard/template_backend.py: Django's Context and its dicts refer to each other, which kept a
    # page's vacancies and options alive until Python's cyclic collector ran (issue 16).
    pages = []

    def watch(sender, context, **kwargs):
        if "page_obj" in context:
            pages.append(weakref.ref(context["page_obj"]))

    template_rendered.connect(watch)
    gc.disable()
    try:
        response = ClientHandler()(RequestFactory().get("/?nationality=KR&age=30").environ)
        assert response.status_code == 200
        assert "JPO in Political, Peace and Humanitarian Network" in response.content.decode()
        response.close()
        del response
        assert pages  # the list, and the templates it extends and includes, saw the page
        assert [page() for page in pages] == [None] * len(pages)
    finally:
        gc.enable()
        template_rendered.disconnect(watch)
