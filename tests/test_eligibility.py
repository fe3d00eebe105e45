"""Who may apply: the eligibility filters, the summary on cards and detail pages, and a profile's checks."""

import itertools
import re
from html import unescape

import pytest

from tests.helpers import ALL, CHILD_PROTECTION, HUMAN_RIGHTS, POLITICAL_OFFICER, SEA_NETWORK, UNODC, page_text, titles
from vacancies.eligibility import Eligibility, Profile
from vacancies.models import Qualification, Vacancy

KOREA = "/vacancies/ohchr-human-rights-digital-age/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Nationality: vacancies open to all, and those restricted to a nationality the candidate holds.
        ("nationality=KR", ALL - {POLITICAL_OFFICER}),
        ("nationality=CH", ALL - {HUMAN_RIGHTS}),
        ("nationality=ch", ALL - {HUMAN_RIGHTS}),
        ("nationality=DE", {UNODC, SEA_NETWORK, CHILD_PROTECTION}),
        ("nationality=KR&nationality=CH", ALL),  # a dual national
        # Age: the Korean post is for those 32 or younger.
        ("age=32", ALL),
        ("age=33", ALL - {HUMAN_RIGHTS}),
        # Degree: a Master's meets every one; a first-level degree counts where the ToR accepts it in lieu.
        ("degree=master", ALL),
        ("degree=doctorate", ALL),
        ("degree=bachelor", ALL - {SEA_NETWORK}),  # 2024-2-42 needs a Master's outright
        # 22P001 takes a first-level degree with 2 + 2 years; the Swiss post does not say how many more.
        ("degree=bachelor&experience=3", {POLITICAL_OFFICER}),
        ("degree=bachelor&experience=4", {UNODC, POLITICAL_OFFICER, CHILD_PROTECTION, HUMAN_RIGHTS}),
        ("degree=bachelor&experience=2", set()),
        # All five at once, as the "About you" form sends them.
        (
            "nationality=KR&age=30&degree=master&speaks=en&speaks=ko&experience=2",
            {UNODC, CHILD_PROTECTION, HUMAN_RIGHTS},
        ),
        ("nationality=CH&age=29&degree=master&speaks=en&speaks=fr&experience=3", ALL - {HUMAN_RIGHTS}),
        ("nationality=DE&age=40&degree=bachelor&speaks=en&experience=5", {UNODC, CHILD_PROTECTION}),
    ],
)
def test_eligibility_filters_keep_exactly_the_vacancies_a_profile_may_apply_to(client, seeded, query, expected):
    for url in (f"/?{query}", f"/vacancies/feed/?{query}"):
        response = client.get(url)
        assert response.status_code == 200
    assert set(titles(client.get(f"/?{query}"))) == expected


def test_the_csv_and_the_feed_take_the_profile_too(client, seeded):
    import csv
    import io

    import feedparser

    response = client.get("/vacancies/export.csv?nationality=KR&age=30")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["title"] for row in rows} == ALL - {POLITICAL_OFFICER}
    korea = next(row for row in rows if row["title"] == HUMAN_RIGHTS)
    assert korea["eligibility"] == (
        "Nationality: Nationals of South Korea only; "
        "Age: 32 or younger on 31 December 2020 "
        "(The maximum age limit for those who served in the military will be extended accordingly); "
        "Languages: English (fluent), Korean (fluent); Experience: At least 2 years of experience; "
        "Degree: Master's degree (a bachelor's degree plus 2 more years of experience may replace it)"
    )
    feed = feedparser.parse(client.get("/vacancies/feed/?degree=bachelor&experience=3").content)
    assert [entry.title for entry in feed.entries] == [f"{POLITICAL_OFFICER} (DPA)"]
    assert "Nationality: Nationals of Switzerland only<br />Age: No age limit stated<br />" in feed.entries[0].summary


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("nationality=Korea", "“KOREA” is not an ISO 3166-1 alpha-2 country code"),
        ("age=old", "“old” is not an age in whole years"),
        ("age=3", "“3” is younger than anyone who can apply"),
        ("degree=phd", "“phd” is not a degree; use bachelor, master, doctorate"),
    ],
)
def test_a_profile_value_not_understood_is_named_and_the_rest_applies(client, seeded, query, named):
    response = client.get(f"/?{query}&sponsor=KR")
    assert response.status_code == 200
    assert named in page_text(response)
    assert set(titles(response)) == {HUMAN_RIGHTS}
    export = client.get(f"/vacancies/export.csv?{query}")
    assert export.status_code == 400
    assert named in export.content.decode()


def test_the_about_you_forms_empty_fields_leave_the_shared_address(client, seeded):
    response = client.get("/?nationality=&nationality=KR&age=&degree=master&speaks=en&experience=&sort=title")
    assert response.status_code == 302
    assert response["Location"] == "/?nationality=KR&degree=master&speaks=en&sort=title"
    assert client.get("/?age=&experience=")["Location"] == "/"


# The summary ----------------------------------------------------------------------


def summary(client, url):
    """{label: text} of a detail page's "Who may apply" table."""
    body = client.get(url).content.decode()
    table = body[body.index('<dl class="eligibility-table">') : body.index("</dl>", body.index("eligibility-table"))]
    rows = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", table, re.S)
    return {
        re.sub(r"<[^>]+>", "", dt).strip(" ✓✗?"): unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd))).strip()
        for dt, dd in rows
    }


def test_every_detail_page_sums_up_who_may_apply_at_the_top(client, seeded):
    korea = summary(client, KOREA)
    assert korea == {
        "Nationality": "Nationals of South Korea only",
        "Age": "32 or younger on 31 December 2020 "
        "(The maximum age limit for those who served in the military will be extended accordingly.)",
        "Languages": "English (fluent), Korean (fluent)",
        "Experience": "At least 2 years of experience",
        "Degree": "Master's degree (a bachelor's degree plus 2 more years of experience may replace it)",
    }
    assert summary(client, "/vacancies/int-010-17-p127-political-officer/") == {
        "Nationality": "Nationals of Switzerland only",
        "Age": "No age limit stated",
        "Languages": "English (fluent), French (working knowledge), Knowledge of another official language of "
        "Switzerland",
        "Experience": "At least 3 years of experience",
        "Degree": "Master's degree (a bachelor's degree with more experience may replace it, "
        "how much more is not stated)",
    }
    assert summary(client, "/vacancies/2024-2-42-political-peace-and-humanitarian-network/") == {
        "Nationality": "Any nationality",
        "Age": "No age limit stated",
        "Languages": "English (excellent command), French (B2)",
        "Experience": "At least 2 years of experience",
        "Degree": "Master's degree",
    }
    # Above the ToR's sections: the summary comes before the table of contents, the apply button first.
    body = client.get(KOREA).content.decode()
    assert body.index('href="#how-to-apply"') < body.index('id="who-may-apply"') < body.index('id="toc-title"')


def test_each_card_sums_up_who_may_apply(client, seeded):
    text = page_text(client.get("/?sponsor=KR"))
    assert (
        "Who may apply Nationality: South Korea nationals only Age: 32 or under Languages: English (fluent), "
        "Korean (fluent) Experience: 2+ years Degree: master's degree (or bachelor's degree + 2 years)"
    ) in text
    assert "You meet every requirement" not in text  # no profile, no verdict


def test_with_a_full_profile_a_card_says_the_candidate_meets_every_requirement(client, seeded):
    response = client.get("/?nationality=KR&age=30&degree=master&speaks=en&speaks=ko&experience=2&sponsor=KR")
    text = page_text(response)
    assert "Checked against your profile: South Korea; age 30; Master's degree; speaks English, Korean;" in text
    assert "You meet every requirement" in text


def test_a_card_says_what_a_partial_profile_still_misses(client, seeded):
    text = page_text(client.get("/?nationality=DE&age=29&degree=master&organization=OSCSEA"))
    assert "Missing or to check: needs English (excellent command), French (B2); needs 2 years of experience" in text
    text = page_text(client.get("/?degree=bachelor&organization=DPA"))
    assert (
        "Missing or to check: only for nationals of Switzerland; needs English (fluent), French (working knowledge), "
        "Knowledge of another official language of Switzerland; needs 3 years of experience; "
        "check: a bachelor's degree with more experience may be accepted (how much more is not stated)"
    ) in text


def test_the_detail_page_ticks_each_requirement_against_the_profile(client, seeded):
    url = f"{KOREA}?nationality=DE&age=33&degree=bachelor&speaks=en&experience=3"
    text = page_text(client.get(url))
    assert "✗ Nationality Nationals of South Korea only You do not meet it: only for nationals of South Korea" in text
    assert "You do not meet it: age limit 32" in text
    assert "✗ Languages English (fluent), Korean (fluent) You do not meet it: needs Korean (fluent)" in text
    assert "✓ Experience At least 2 years of experience (you meet it)" in text
    assert "You do not meet it: needs a master's degree, or a bachelor's degree and 4 years of experience" in text
    assert "4 of 5 requirements not met or to check" in text
    met = page_text(client.get(f"{KOREA}?nationality=KR&age=32&degree=bachelor&speaks=en&speaks=ko&experience=4"))
    assert "You meet every requirement." in met


def test_the_checks_agree_with_the_filters_for_every_profile(client, seeded):
    """What the list keeps is exactly what the checks find no unmet requirement in, whatever the profile."""
    vacancies = list(Vacancy.objects.all())
    profiles = itertools.product(
        [(), ("KR",), ("CH",), ("DE",)],
        [None, 30, 33],
        ["", "bachelor", "master"],
        [(), ("en",), ("en", "fr"), ("en", "ko")],
        [None, 2, 3, 4],
    )
    for nationalities, age, degree, speaks, experience in profiles:
        profile = Profile(nationalities, age, degree, speaks, experience)
        query = Vacancy.objects.published()
        if nationalities:
            query = query.open_to_nationals_of(nationalities)
        if age is not None:
            query = query.for_age(age)
        if degree:
            from vacancies.eligibility import degrees_at_most

            query = query.for_degree(degrees_at_most(degree), experience)
        if speaks:
            query = query.for_speaker(speaks)
        if experience is not None:
            query = query.for_experience(experience)
        kept = set(query.values_list("pk", flat=True))
        judged = {
            v.pk for v in vacancies if all(row.check.status != "unmet" for row in Eligibility(v).requirements(profile))
        }
        assert kept == judged, profile


def test_the_summary_follows_an_hr_edit_of_the_qualifications(client, seeded):
    vacancy = Vacancy.objects.get(title=SEA_NETWORK)
    education = vacancy.qualifications.get(category="education", level="required")
    education.in_lieu_degree, education.in_lieu_years = "bachelor", 1
    education.save()
    Qualification.objects.create(vacancy=vacancy, order=99, category="nationality", text="German", country="DE")
    vacancy.refresh_from_db()
    assert (vacancy.nationality_codes, vacancy.in_lieu_degree, vacancy.in_lieu_years) == (["DE"], "bachelor", 1)
    assert set(titles(client.get("/?degree=bachelor&experience=3&nationality=DE"))) >= {SEA_NETWORK}
    assert summary(client, "/vacancies/2024-2-42-political-peace-and-humanitarian-network/")["Nationality"] == (
        "Nationals of Germany only"
    )


def test_a_degree_in_lieu_must_be_below_the_degree_required(seeded):
    from django.core.exceptions import ValidationError

    education = Qualification.objects.get(vacancy__title=UNODC, category="education")
    education.in_lieu_degree = "master"
    with pytest.raises(ValidationError, match="must be below the one required"):
        education.full_clean()


# HR staff set the facts in the admin -------------------------------------------------


def test_hr_staff_set_the_route_in_lieu_and_the_age_limits_day_and_the_summary_follows(client, seeded):
    from tests.helpers import create_hr_staff, form_data, log_in

    create_hr_staff()
    log_in(client, "amina")
    vacancy = Vacancy.objects.get(title=SEA_NETWORK)
    education = vacancy.qualifications.get(category="education", level="required")
    url = f"/admin/vacancies/vacancy/{vacancy.pk}/change/"
    data = form_data(client.get(url))
    prefix = next(name[:-3] for name, value in data.items() if name.endswith("-id") and value == [str(education.pk)])
    data.update(
        {
            f"{prefix}-in_lieu_degree": ["bachelor"],
            f"{prefix}-in_lieu_years": ["3"],
            "age_limit": ["35"],
            "age_limit_on": ["2026-12-31"],
            "age_limit_terms": ["Extended by one year for each child."],
            "_save": ["Save"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, page_text(response)
    assert summary(client, "/vacancies/2024-2-42-political-peace-and-humanitarian-network/") == {
        "Nationality": "Any nationality",
        "Age": "35 or younger on 31 December 2026 (Extended by one year for each child.)",
        "Languages": "English (excellent command), French (B2)",
        "Experience": "At least 2 years of experience",
        "Degree": "Master's degree (a bachelor's degree plus 3 more years of experience may replace it)",
    }
    assert SEA_NETWORK in titles(client.get("/?degree=bachelor&experience=5&age=35"))
    assert SEA_NETWORK not in titles(client.get("/?degree=bachelor&experience=4"))

    # A degree in lieu above the one required is refused with the model's message, and nothing is saved.
    data[f"{prefix}-in_lieu_degree"] = ["doctorate"]
    data["age_limit"] = ["20"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The degree accepted in lieu must be below the one required." in page_text(response)
    assert Vacancy.objects.get(pk=vacancy.pk).age_limit == 35
