"""The public pages in Debian's Chromium: what a candidate sees, types and clicks, and WCAG 2.2 AA (axe-core)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers import (
    CHILD_PROTECTION,
    PHONE,
    POLITICAL_OFFICER,
    SEA_NETWORK,
    SEED_SLUGS,
    UNODC,
    clone_vacancy,
)
from vacancies.models import Vacancy

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# The pages the accessibility and overflow checks visit.
LIST_PAGES = {
    "list": "/",
    "list with a profile": "/?nationality=DE&age=29&degree=master",
    "full profile": "/?nationality=KR&age=30&degree=master&speaks=en&speaks=ko&experience=2",
    "filtered list": "/?country=US&speaks=en&speaks=fr",
    "search": "/?q=trafficking",
    "bad values": "/?grade=P9&country=ZZ",
}
DETAIL_PAGES = {slug: f"/vacancies/{slug}/" for slug in SEED_SLUGS}
DETAIL_PAGES["checked against a profile"] = (
    "/vacancies/ohchr-human-rights-digital-age/?nationality=DE&age=33&degree=bachelor&speaks=en&experience=3"
)


@pytest.fixture
def site(live_server, seeded):
    """The live server's address, with the five seed ToRs."""
    return live_server.url


def result_titles(page):
    return page.locator(".results .card-title")


def results_heading(page):
    return page.locator("#results-heading")


def facet_link(page, facet, label):
    """The link of one option (``label``, before its count) in the facet titled ``facet``."""
    return page.get_by_role("list", name=facet).get_by_role("link", name=re.compile(rf"^{re.escape(label)} \("))


def axe_violations(page):
    """axe-core's WCAG 2.2 A/AA violations on the loaded page, one readable line per failing node."""
    assert AXE.exists(), "axe-core is missing: run `make test` (or `npm ci`) first"
    # Evaluated by the test driver, not added as an inline <script>: the site's CSP forbids those.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
            }));
        }""",
        WCAG_22_AA,
    )
    return [f"{v['id']} ({v['impact']}): {v['help']}\n      {node}" for v in violations for node in v["nodes"]]


# Search, filters, paging and the way back -----------------------------------


def test_search_for_trafficking_with_the_keyboard_finds_the_unodc_vacancy(site, page):
    page.goto(site + "/")
    search_box = page.get_by_label("Search every word of every ToR")
    search_box.fill("trafficking")
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q=trafficking(&|$)"))
    expect(result_titles(page)).to_have_text([UNODC])
    expect(results_heading(page)).to_have_text("1 vacancy matching “trafficking”")
    marks = page.locator(".results .card .snippet mark")
    expect(marks.first).to_have_text(re.compile(r"^trafficking$", re.IGNORECASE))


def test_country_then_language_facets_narrow_the_list(site, page):
    page.goto(site + "/")
    expect(results_heading(page)).to_have_text("5 vacancies")

    facet_link(page, "Duty station country", "United States").click()
    expect(page).to_have_url(re.compile(r"\?country=US$"))
    expect(results_heading(page)).to_have_text("3 vacancies")
    assert sorted(result_titles(page).all_inner_texts()) == sorted([CHILD_PROTECTION, SEA_NETWORK, POLITICAL_OFFICER])

    # English alone: of the three, only Child Protection requires nothing more.
    languages = page.get_by_role("group", name="Languages you speak")
    languages.get_by_role("checkbox", name=re.compile(r"^English")).check()
    page.get_by_role("button", name="Show the vacancies open to me").click()
    expect(page).to_have_url(re.compile(r"\?speaks=en&country=US$"))
    expect(result_titles(page)).to_have_text([CHILD_PROTECTION])

    # English and French: the two that require French too come back.
    languages.get_by_role("checkbox", name=re.compile(r"^French")).check()
    page.get_by_role("button", name="Show the vacancies open to me").click()
    expect(page).to_have_url(re.compile(r"\?speaks=en&speaks=fr&country=US$"))
    expect(results_heading(page)).to_have_text("3 vacancies")
    assert sorted(result_titles(page).all_inner_texts()) == sorted([CHILD_PROTECTION, SEA_NETWORK, POLITICAL_OFFICER])

    # A selected option removes its filter.
    facet_link(page, "Duty station country", "United States").click()
    expect(page).to_have_url(re.compile(r"\?speaks=en&speaks=fr$"))
    expect(results_heading(page)).to_have_text("4 vacancies")


def test_next_page_keeps_the_country_filter(site, page):
    child_protection = Vacancy.objects.get(slug="21p224-child-protection")
    unodc = Vacancy.objects.get(slug="22p001-crime-prevention-and-criminal-justice")
    # 25 older postings: 20 in New York, every fifth in Vienna. With the three seeds in
    # the United States, the US filter gives 23, so page 2 holds the three oldest US copies.
    for number in range(1, 26):
        source = unodc if number % 5 == 0 else child_protection
        copy = clone_vacancy(Vacancy.objects.get(pk=source.pk), number)
        copy.title = f"{source.title} (copy {number:02})"
        copy.posted_on = source.posted_on - timedelta(days=number)
        copy.save()

    page.goto(site + "/?country=US")
    expect(results_heading(page)).to_have_text("23 vacancies")
    expect(result_titles(page)).to_have_count(20)
    expect(page.get_by_role("navigation", name="Pages of results")).to_contain_text("Page 1 of 2")

    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"\?country=US&page=2$"))
    expect(results_heading(page)).to_have_text("23 vacancies")
    expect(result_titles(page)).to_have_text([f"{CHILD_PROTECTION} (copy {n})" for n in (22, 23, 24)])
    expect(page.get_by_role("navigation", name="Pages of results")).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)

    page.get_by_role("link", name="Previous page").click()
    expect(page).to_have_url(re.compile(r"\?country=US&page=1$"))
    expect(result_titles(page)).to_have_count(20)


def test_a_vacancy_opened_from_the_results_leads_back_to_them(site, page):
    page.goto(site + "/?country=US&speaks=en")
    page.get_by_role("link", name=CHILD_PROTECTION, exact=True).click()

    expect(page).to_have_url(re.compile(r"/vacancies/21p224-child-protection/\?country=US&speaks=en$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CHILD_PROTECTION)
    back = page.get_by_role("link", name="Back to your results")
    expect(back).to_have_attribute("href", "/?country=US&speaks=en")

    back.click()
    expect(page).to_have_url(site + "/?country=US&speaks=en")
    expect(result_titles(page)).to_have_text([CHILD_PROTECTION])


def test_keyboard_reaches_skip_link_then_search_and_applies_a_facet_with_enter(site, page):
    page.goto(site + "/")
    focused = page.locator(":focus")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search every word of every ToR")).to_be_focused()

    # On a wide screen the filters are always shown: no toggle to stop at on the way.
    united_states = facet_link(page, "Duty station country", "United States")
    stops = []
    while len(stops) < 30 and not stops[-1:] == ["United States (3)"]:
        page.keyboard.press("Tab")
        stops.append(focused.evaluate("e => e.textContent.trim()"))
    expect(united_states).to_be_focused()
    assert not [stop for stop in stops if stop.startswith("Filters")]
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?country=US$"))
    expect(results_heading(page)).to_have_text("3 vacancies")


def test_on_a_phone_the_folded_filters_open_with_the_keyboard(site, phone_page):
    page = phone_page
    page.goto(site + "/")
    austria = facet_link(page, "Duty station country", "Austria")
    expect(austria).to_be_hidden()

    toggle = page.get_by_text("Filters", exact=True)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(austria).to_be_visible()
    # Through the "About you" form first, then the filters' links.
    for _ in range(20):
        page.keyboard.press("Tab")
        if austria.evaluate("e => e === document.activeElement"):
            break
    expect(austria).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?country=AT$"))
    expect(result_titles(page)).to_have_text([UNODC])


def test_on_a_phone_the_results_come_first_after_every_change(site, phone_page):
    """The filters fold behind one "Filters (N active)" control: each change reloads with the results on screen."""
    page = phone_page
    page.goto(site + "/")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Your nationality").select_option("DE")
    page.get_by_label("Your age").fill("29")
    page.get_by_label("Your highest degree").select_option("master")
    page.get_by_role("button", name="Show the vacancies open to me").click()

    expect(page).to_have_url(re.compile(r"\?nationality=DE&age=29&degree=master$"))
    expect(results_heading(page)).to_have_text("3 vacancies")
    expect(page.locator("#filters > summary")).to_have_text("Filters (3 active)")
    expect(page.locator("#filters")).not_to_have_attribute("open", "")
    # The first result is on the first screen, right below the search and the folded filters.
    first = result_titles(page).first
    expect(first).to_be_in_viewport()
    search_bottom = (
        page.locator("form.search").bounding_box()["y"] + page.locator("form.search").bounding_box()["height"]
    )
    assert first.bounding_box()["y"] - search_bottom < 300
    expect(page.locator(".card").first).to_contain_text("Missing or to check:")

    # A sort change too: the results stay first.
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(result_titles(page).first).to_be_in_viewport()
    expect(page.locator("#filters > summary")).to_have_text("Filters (3 active)")


# WCAG 2.2 AA and small screens ----------------------------------------------


@pytest.mark.parametrize("page_fixture", ["page", "phone_page"], ids=["1280px", "375px"])
def test_public_pages_have_no_wcag_22_aa_violations(site, request, page_fixture):
    page = request.getfixturevalue(page_fixture)
    width = page.viewport_size["width"]
    problems = []
    for name, path in {**LIST_PAGES, **DETAIL_PAGES}.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        problems += [f"{name} ({path}): {violation}" for violation in axe_violations(page)]
    assert not problems, f"axe found {len(problems)} problem(s) at {width}px:\n" + "\n".join(problems)


def test_nothing_scrolls_sideways_on_a_phone(site, phone_page):
    too_wide = {}
    pages = {"list": LIST_PAGES["list"], "filtered list": LIST_PAGES["filtered list"], **DETAIL_PAGES}
    for name, path in pages.items():
        phone_page.goto(site + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert not too_wide, f"wider than {PHONE['width']}px: {too_wide}"
