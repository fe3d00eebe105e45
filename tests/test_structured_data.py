"""schema.org JobPosting JSON-LD on each detail page, parsed back."""

import datetime
import json
import re
from datetime import timedelta

from django.utils import timezone

from vacancies.models import Duty, Qualification, Vacancy


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
    assert data["url"] == "https://jpo.example.org/vacancies/2024-2-42-political-peace-and-humanitarian-network/"
    assert "Support the network to carry out a joint PSEA risk assessment" in data["description"]


def test_job_posting_restricts_nationality_where_the_tor_does(client, seeded):
    swiss = job_posting(client, "int-010-17-p127-political-officer")
    assert swiss["eligibilityToWorkRequirement"] == "Nationals of Switzerland only"
    assert swiss["experienceRequirements"]["monthsOfExperience"] == 36
    korean = job_posting(client, "ohchr-human-rights-digital-age")
    assert korean["eligibilityToWorkRequirement"] == "Nationals of South Korea only"
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
    assert '<link rel="canonical" href="https://jpo.example.org/vacancies/21p224-child-protection/">' in body


# The description: the ToR's text as HTML ------------------------------------------------

OHCHR = "ohchr-human-rights-digital-age"
UNODC_SLUG = "22p001-crime-prevention-and-criminal-justice"


def test_description_is_html_with_duties_qualifications_eligibility_and_how_to_apply(client, seeded):
    description = job_posting(client, OHCHR)["description"]
    assert description.startswith(
        "<h3>Duties, responsibilities and output expectations</h3>"
        "<p>Within delegated authority, the JPO will be responsible for the following duties:</p>"
        "<ul><li>Undertake research and analysis on issues relating to the promotion and protection of human rights"
    )
    assert "<li>Represents UN human rights programme at working level meetings.</li>" in description
    assert "<h3>Work experience</h3><ul><li>Required · at least 2 years: A minimum of two years" in description
    assert "<h3>Languages</h3>" in description
    assert "<li>Required · Korean, fluent: Fluency in Korean and English language</li>" in description
    assert "<li>An asset: Knowledge of another UN official language is an advantage.</li>" in description
    assert (
        "<h3>Eligibility</h3><ul><li>Nationality: Nationals of South Korea only</li>"
        "<li>Age: 32 or younger on 31 December 2020 "
        "(The maximum age limit for those who served in the military will be extended accordingly)</li>"
        "<li>Languages: English (fluent), Korean (fluent)</li><li>Experience: At least 2 years of experience</li>"
        "<li>Degree: Master&#x27;s degree "
        "(a bachelor&#x27;s degree plus 2 more years of experience may replace it)</li>"
    ) in description
    assert "<li>Male applicants shall have completed the Korean military service or be exempted from it.</li>" in (
        description
    )
    assert "<h3>How to apply</h3><p>Apply online: https://owa.undesa.it/oasrok/</p><p>Note: This post is open" in (
        description
    )


def test_description_nests_grouped_duties_and_lists_expected_results(client, seeded):
    description = job_posting(client, UNODC_SLUG)["description"]
    assert (
        "against human trafficking and migrant smuggling, including<ul><li>keeping abreast of developments"
    ) in description
    assert "region against trafficking in persons and the smuggling of migrants.</li></ul></li>" in description
    assert "<h3>Results expected</h3><ul><li>Well-researched and sound analysis" in description
    assert "<h3>Education</h3><ul><li>Required · Master&#x27;s degree: Advanced university degree" in description


def test_description_gives_the_application_e_mail_and_what_to_do_without_an_address(client, seeded):
    Vacancy.objects.filter(slug=UNODC_SLUG).update(application_email="jpo@unodc.org")
    assert (
        "<h3>How to apply</h3><p>Apply by e-mail: jpo@unodc.org</p>" in job_posting(client, UNODC_SLUG)["description"]
    )
    assert job_posting(client, "21p224-child-protection")["description"].endswith(
        "<h3>How to apply</h3><p>The ToR gives no address to apply to: ask DPO.</p>"
    )


def test_description_escapes_tor_text(client, seeded):
    vacancy = Vacancy.objects.get(slug=OHCHR)
    vacancy.how_to_apply = '<script>alert("x")</script>\n- <b>bold</b> & <a href="http://evil">more</a>'
    vacancy.save()
    Duty.objects.filter(vacancy=vacancy).filter(text__startswith="Represents").update(text="<img src=x onerror=1>")
    Qualification.objects.filter(vacancy=vacancy, text__startswith="Male applicants").update(text="<i>men</i>")
    description = job_posting(client, OHCHR)["description"]
    assert "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in description
    assert "<ul><li>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=&quot;http://evil&quot;&gt;more&lt;/a&gt;</li></ul>" in (
        description
    )
    assert "<li>&lt;img src=x onerror=1&gt;</li>" in description
    assert "<li>&lt;i&gt;men&lt;/i&gt;</li>" in description
    for markup in ("<script", "<img", "<b>", "<i>", "<a "):
        assert markup not in description


# Closed vacancies: no JobPosting, not indexed ----------------------------------------------


def test_a_vacancy_closed_by_hr_has_no_job_posting_and_is_not_indexed(client, seeded):
    Vacancy.objects.filter(slug=OHCHR).update(status="closed")
    body = client.get(f"/vacancies/{OHCHR}/").content.decode()
    assert "application/ld+json" not in body
    assert '<meta name="robots" content="noindex">' in body


def test_a_vacancy_past_its_closing_date_has_no_job_posting_and_is_not_indexed(client, seeded):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Vacancy.objects.filter(slug=OHCHR).update(closes_on=yesterday)
    body = client.get(f"/vacancies/{OHCHR}/").content.decode()
    assert "This vacancy is closed" in body
    assert "application/ld+json" not in body
    assert '<meta name="robots" content="noindex">' in body


def test_an_open_vacancy_is_indexed(client, seeded):
    body = client.get(f"/vacancies/{OHCHR}/").content.decode()
    assert body.count("application/ld+json") == 1
    assert 'name="robots"' not in body
