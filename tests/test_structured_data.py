"""schema.org JobPosting JSON-LD on each detail page, parsed back."""

import json
import re
from datetime import timedelta

from django.utils import timezone

from vacancies.models import Vacancy


def job_posting(client, slug):
    body = client.get(f"/vacancies/{slug}/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_job_posting_of_the_two_station_vacancy(client, seeded):
    data = job_posting(client, "2024-2-42-political-peace-and-humanitarian-network")
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "JPO in Political, Peace and Humanitarian Network"
    assert data["datePosted"] == "2026-11-22"
    assert "validThrough" not in data  # no closing date stated
    assert data["identifier"] == {"@type": "PropertyValue", "name": "OSCSEA", "value": "2024-2-42"}
    assert data["hiringOrganization"]["name"] == "OSCSEA"
    assert [place["address"]["addressLocality"] for place in data["jobLocation"]] == ["Naqoura", "New York"]
    assert [place["address"]["addressCountry"] for place in data["jobLocation"]] == ["LB", "US"]
    assert data["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert data["educationRequirements"]["credentialCategory"] == "postgraduate degree"
    assert data["experienceRequirements"]["monthsOfExperience"] == 24
    assert "eligibilityToWorkRequirement" not in data
    assert data["url"] == "http://testserver/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
    assert "Support the network to carry out a joint PSEA risk assessment" in data["description"]


def test_job_posting_restricts_nationality_where_the_tor_does(client, seeded):
    swiss = job_posting(client, "int-010-17-p127-political-officer")
    assert swiss["eligibilityToWorkRequirement"] == "Open only to nationals of Switzerland"
    assert swiss["experienceRequirements"]["monthsOfExperience"] == 36
    korean = job_posting(client, "ohchr-human-rights-digital-age")
    assert korean["eligibilityToWorkRequirement"] == "Open only to nationals of South Korea"
    assert "identifier" not in korean  # the ToR has no reference
    assert korean["jobLocation"][0]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Geneva",
        "addressCountry": "CH",
    }


def test_job_posting_has_valid_through_when_a_closing_date_is_set(client, seeded):
    Vacancy.objects.filter(slug="21p224-child-protection").update(closes_on="2026-12-31")
    data = job_posting(client, "21p224-child-protection")
    assert data["validThrough"] == "2026-12-31T23:59:59Z"


def test_job_posting_escapes_text_that_could_end_the_script(client, seeded):
    Vacancy.objects.filter(slug="21p224-child-protection").update(title="</script><script>alert(1)</script>")
    body = client.get("/vacancies/21p224-child-protection/").content.decode()
    assert "</script><script>alert(1)" not in body
    assert job_posting(client, "21p224-child-protection")["title"] == "</script><script>alert(1)</script>"


def test_detail_shows_the_closing_date_prominently(client, seeded):
    body = client.get("/vacancies/21p224-child-protection/").content.decode()
    assert "<dt>Closing date</dt><dd>No closing date stated</dd>" in body
    closes_on = timezone.localdate() + timedelta(days=40)
    Vacancy.objects.filter(slug="21p224-child-protection").update(closes_on=closes_on)
    body = client.get("/vacancies/21p224-child-protection/").content.decode()
    assert (
        f'<dt>Closing date</dt><dd><time datetime="{closes_on.isoformat()}">{closes_on.day} '
        f'{closes_on:%B %Y}</time><span class="closing-state">Closes in 40 days</span></dd>'
    ) in body


def test_detail_has_a_print_stylesheet_and_a_canonical_url(client, seeded):
    body = client.get("/vacancies/21p224-child-protection/?country=US").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in body
    assert '<link rel="canonical" href="http://testserver/vacancies/21p224-child-protection/">' in body
