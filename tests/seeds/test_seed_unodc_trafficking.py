"""The seed ToR 22P001 (JPO in Crime Prevention and Criminal Justice, UNODC, Vienna) as the board shows it."""

import html
import re

import pytest

from vacancies.models import Duty, Qualification, Vacancy

SLUG = "22p001-crime-prevention-and-criminal-justice"

GROUP_TEXT = (
    "Carrying out various substantive, organizational and coordination tasks for providing assistance and "
    "contributions to technical cooperation projects and their component activities against human trafficking and "
    "migrant smuggling, including"
)
SUB_ITEM_STARTS = [
    "keeping abreast of developments in the fields of trafficking in persons",
    "Contributing to the organization and delivery of technical assistance activities",
    "undertaking associated desk research and needs assessment",
    "establishing and maintaining contacts at the operational level",
    "providing assistance and contributions to UNODC field offices in the Indian-Pacific Ocean region",
]
RESULTS = [
    "Well-researched and sound analysis and advice on crime prevention and criminal justice related developments, "
    "in the specific areas of trafficking in persons and smuggling of migrants",
    "Comprehensive and timely output delivery",
    "Effective implementation and/or support of programme activities",
    "Effective identification of and dissemination of best practices and methodologies",
    "Organization and participation in field missions and delivery of effective substantive and technical "
    "cooperation activities as well as technical advice on migrant smuggling and human trafficking to Member States",
    "Regular liaising and interacting with colleagues and concerned parties internally and externally",
    "Programme and related proposals development for technical cooperation activities relating to trafficking in "
    "persons and migrant smuggling for donor consideration",
    "regular liaising with donors, drafting of reports and other requested outputs for the use of donor contributions.",
]

pytestmark = pytest.mark.django_db


# I. General information


def test_page_shows_reference_title_sector_and_office(text):
    assert "22P001" in text
    assert "JPO in Crime Prevention and Criminal Justice (Anti-Human Trafficking and Migrant Smuggling)" in text
    assert "Economic Affairs (Organized Crime / Human Trafficking and Migrant Smuggling)" in text
    assert (
        "UNODC/Division of Treaty Affairs/Organized Crime Branch/Human Trafficking and Migrant Smuggling Section"
    ) in text
    assert "Political Affairs, Humanitarian Affairs, Administration etc" not in text


def test_page_shows_vienna_austria_without_a_period(text, vacancy):
    assert "Vienna, Austria" in text
    station = vacancy.duty_stations.get()
    assert (station.city, station.country, station.period) == ("Vienna", "AT", "")


def test_page_shows_non_family_marked_no(text, vacancy):
    assert vacancy.non_family == Vacancy.NonFamily.NO
    assert re.search(r"Non-family duty station:?\s+No\b", text, re.IGNORECASE)
    assert "no X" not in text


def test_page_shows_duration_of_twelve_months_and_extension_terms(text, vacancy):
    assert vacancy.duration_months == 12
    # The ToR's words, in the top box and in the General information table alike (duration_label).
    assert text.count("Duration 1 year (with possible extension for another year)") == 2
    assert (
        "Extension of appointment is subject to yearly review concerning priorities, availability of funds, "
        "and satisfactory performance"
    ) in text
    assert "[Extension" not in text


def test_unstated_grade_sponsor_and_closing_date_stay_not_stated(text, vacancy):
    assert (vacancy.grade_min, vacancy.grade_max, vacancy.sponsor_country, vacancy.closes_on) == ("", "", "", None)
    assert re.search(r"Grade:?\s+Not stated", text, re.IGNORECASE)
    assert re.search(r"Sponsor country:?\s+Not stated", text, re.IGNORECASE)
    assert "No closing date stated" in text


# II. Supervision


def test_page_shows_supervisor_work_plan_and_evaluation(text):
    assert "Chief, Human Trafficking and Migrant Smuggling Section" in text
    assert (
        "Establishment of a Work Plan: During the first month of the assignment, the Junior Professional Officer "
        "(JPO) will work jointly with his/her direct supervisor to finalize an agreed upon work plan."
    ) in text
    assert "S/he will be supervised by the Chief, HTMSS and the Team Leader, Technical Cooperation, HTMSS." in text
    assert "plus periodic informal and formal performance appraisals." in text
    assert (
        "The United Nations Performance Evaluation System (e-performance) will serve as a primary platform to "
        "evaluate of the JPO’s performance."
    ) in text


# III. Duties


def test_page_shows_duties_intro_and_main_tasks_lead_in(text):
    assert (
        "with specific focus on the Indian-Pacific Ocean region. Under the guidance of the Team Leader, Technical "
        "cooperation, the JPO will liaise on trafficking in persons and smuggling of migrants with UNODC field offices"
    ) in text
    assert "Main tasks comprise:" in text


def test_page_shows_the_including_duty_with_its_five_sub_items_nested(response, text):
    assert GROUP_TEXT in text
    body = html.unescape(response.content.decode())
    body = body[body.index("<main") :]  # the page, not the JSON-LD in <head>
    group_at = body.index(GROUP_TEXT)
    nested = body[group_at : body.index("Preparing, contributing to, and coordinating briefing notes")]
    assert "<ul>" in nested
    positions = [nested.index(start) for start in SUB_ITEM_STARTS]
    assert positions == sorted(positions)


def test_sub_items_belong_to_the_including_duty(vacancy):
    group = vacancy.duties.get(text=GROUP_TEXT)
    assert group.group is None
    items = list(group.items.order_by("order"))
    assert len(items) == 5
    for item, start in zip(items, SUB_ITEM_STARTS, strict=True):
        assert item.text.startswith(start)
        assert item.kind == Duty.Kind.RESPONSIBILITY
    assert [item.order for item in items] == list(range(group.order + 1, group.order + 6))


def test_top_level_duties_in_tor_order(vacancy):
    top = [duty.text for duty in vacancy.duties.filter(kind=Duty.Kind.RESPONSIBILITY, group=None)]
    assert len(top) == 7
    assert top[0].startswith("Promoting the implementation of the Protocol to Prevent, Suppress and Punish")
    assert top[1] == GROUP_TEXT
    assert top[-1] == "Carrying out other tasks as assigned."


def test_page_shows_each_expected_result_separately(text, vacancy):
    results = list(vacancy.duties.filter(kind=Duty.Kind.RESULT).values_list("text", flat=True))
    assert results == RESULTS
    assert "Results expected" in text
    for result in RESULTS:
        assert result in text


# IV. Qualifications


def test_page_shows_masters_degree_requirement(text, vacancy):
    education = vacancy.qualifications.get(category=Qualification.Category.EDUCATION)
    assert (education.degree, education.level) == ("master", "required")
    assert "Master's degree" in text
    assert (
        "A first-level university degree in similar fields in combination with two additional years of qualifying "
        "experience may be accepted in lieu of the advanced university degree."
    ) in text


def test_page_shows_minimum_of_two_years_experience(text, vacancy):
    assert vacancy.min_experience_years == 2
    assert "At least 2 years" in text
    assert (
        "A minimum of two years of relevant professional experience in crime prevention and criminal justice at "
        "national and international levels is required."
    ) in text


def test_experience_requirements_keep_their_levels(vacancy):
    levels = list(
        vacancy.qualifications.filter(category=Qualification.Category.EXPERIENCE).values_list("level", flat=True)
    )
    assert levels == ["required", "required", "desirable", "desirable"]


def test_page_shows_english_required_and_another_un_language_desirable(text, vacancy):
    assert vacancy.languages(Qualification.Level.REQUIRED) == ["en"]
    assert vacancy.languages(Qualification.Level.DESIRABLE) == []
    assert re.search(r"Required\s+English, fluent\s+English and French are the working languages", text)
    assert re.search(
        r"Desirable\s+Fluency in another United Nations official languages \(Arabic, Chinese, French, Russian, "
        r"Spanish\) is highly desirable\.",
        text,
    )


def test_empty_other_skills_placeholder_is_not_shown(text, vacancy):
    assert not vacancy.qualifications.filter(category=Qualification.Category.SKILL).exists()
    assert "Computer skills etc." not in text
    assert "Other skills" not in text


def test_page_shows_every_competency(text, vacancy):
    names = list(vacancy.competencies())
    assert [q.competency for q in names] == ["Professionalism", "Communication", "Teamwork"]
    for name in ("Professionalism", "Communication", "Teamwork"):
        assert name in text
    assert (
        "Has in-depth knowledge and specialization in the field of human trafficking and/or migrant smuggling."
    ) in text
    assert "demonstrates openness in sharing information and keeping people informed." in text
    assert "shares credit for team accomplishments and accepts joint responsibility for team shortcomings." in text


def test_page_shows_workforce_diversity_statement(text):
    assert (
        "The United Nations believes that an inclusive culture attracts the best talent and encourages all qualified "
        "applicants, regardless of gender, disability, sexual orientation, cultural or religious backgrounds, to apply."
    ) in text


# V.-VI. Learning elements and background


def test_learning_elements_keep_their_bullet_list(response, text, vacancy):
    assert "In particular, on completion of the assignment, the JPO will:" in text
    items = [line[2:] for line in vacancy.learning_elements.splitlines() if line.startswith("- ")]
    assert len(items) == 4
    assert items[2] == (
        "acquire a good understanding of inter-agency cooperation mechanisms in the area of anti-human trafficking "
        "and migrant smuggling;"
    )
    body = html.unescape(response.content.decode())
    assert f"<li>{items[2]}</li>" in body


def test_background_keeps_its_bullets_and_whole_urls(response, text, vacancy):
    assert "Through technical cooperation the Programmes aim to, among others:" in text
    items = [line[2:] for line in vacancy.background.splitlines() if line.startswith("- ")]
    assert items[1] == (
        "strengthen criminal justice responses, including the investigative and prosecutorial capacity of "
        "Member States;"
    )
    assert len(items) == 4
    assert "(http://www.unodc.org/unodc/en/commissions/CCPCJ/05-resolutions-.html)" in text
    assert "(http://www.unodc.org/unodc/en/treaties/CTOC/CTOC-COP.html)" in text
    assert "(www.unodc.org)" in text


# VII. Eligibility


def test_page_shows_no_nationality_restriction_and_no_age_limit(text, vacancy):
    assert vacancy.nationalities() == []
    assert vacancy.age_limit is None
    assert "Nationality Any nationality" in text
    assert "Age No age limit stated" in text


def test_fixture_counts_and_provenance(vacancy):
    assert list(vacancy.duty_stations.values_list("country", flat=True)) == ["AT"]
    assert vacancy.duties.count() == 20
    assert vacancy.qualifications.count() == 10
    assert vacancy.organization == "UNODC"
    assert vacancy.source_text.lstrip().startswith("United Nations JPO Programme")
