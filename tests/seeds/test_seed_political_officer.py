"""The seed ToR INT-010-17-P127 (JPO Political Officer, DPA, New York, Swiss only) as the board shows it."""

import re

import pytest

from vacancies.models import Qualification, Vacancy

SLUG = "int-010-17-p127-political-officer"

pytestmark = pytest.mark.django_db


def test_page_shows_reference_titles_sector_and_office(text):
    assert "INT-010-17-P127" in text
    assert (
        "JPO – Political Officer (Political Affairs / Prevention of Genocide and the Responsibility to Protect)"
    ) in text
    assert "JPO in Political Affairs, Peace and Security" in text
    assert "Human rights, Political Affairs" in text
    assert (
        "United Nations / Department of Political Affairs/Office of the Special Advisers on the Prevention of "
        "Genocide and on the Responsibility to Protect"
    ) in text


def test_page_shows_the_new_york_duty_station(text):
    assert "New York, United States" in text


def test_page_shows_unmarked_non_family_as_not_stated(text):
    assert re.search(r"Non-family duty station:?\s+Not stated", text, re.IGNORECASE)


def test_page_shows_duration_and_extension_terms(text):
    # The ToR's words, in the top box and in the General information table alike (duration_label).
    assert text.count("Duration 1 year (with possible extension)") == 2
    assert (
        "Extension of appointment is subject to yearly review concerning priorities, availability of funds, "
        "and satisfactory performance"
    ) in text
    assert "[Extension" not in text


def test_page_shows_swiss_sponsor(text):
    assert re.search(r"Sponsor country:?\s+Switzerland", text, re.IGNORECASE)


def test_page_shows_supervisor_work_plan_evaluation_and_associate_expert_paragraph(text):
    assert "Senior Officer/Head of Office" in text
    assert "Establishment of a Work Plan: During the first month of the assignment" in text
    assert (
        "The United Nations Performance Evaluation System (e-performance) will serve as a primary platform to "
        "evaluate of the JPO's performance."
    ) in text
    assert (
        "The supervisor of the Associate Expert will provide managerial, political and editorial guidance and coaching."
    ) in text
    assert "through regular one-on-one meetings." in text


def test_page_shows_duties_intro_and_first_and_last_duty(text):
    assert "Under the supervision of the Senior Officer, the JPO undertakes the following functions:" in text
    assert "Monitor and assess developments in the countries or region assigned;" in text
    assert "Participate in fact-finding missions, as required;" in text
    assert "Other tasks, as required" in text


def test_duties_are_twelve_flat_responsibilities_in_tor_order(vacancy):
    duties = list(vacancy.duties.order_by("order"))
    assert len(duties) == 12
    assert all(duty.group_id is None and duty.kind == "responsibility" for duty in duties)
    assert duties[0].text.startswith("Monitor and assess developments")
    assert duties[-1].text == "Other tasks, as required"


def test_page_shows_education_and_minimum_experience(text):
    assert "Advanced university degree (Master's or equivalent) in international law" in text
    assert "Master's degree" in text
    assert "At least 3 years" in text
    assert (
        "A minimum of three years of work experience in international relations, human rights, political affairs, "
        "international criminal law or related fields is required."
    ) in text


def test_page_shows_languages_with_their_levels(text):
    assert "Required English, fluent Fluency and excellent drafting skills in English" in text
    assert "Required French, working knowledge with working knowledge of French." in text
    assert "Desirable Arabic, knowledge Knowledge of Arabic is desirable." in text
    assert "Knowledge of another official language of Switzerland." in text
    assert "Switzerland.." not in text


def test_languages_are_structured_with_level_and_proficiency(vacancy):
    rows = vacancy.qualifications.filter(category="language").order_by("order")
    assert [(q.language, q.level, q.proficiency) for q in rows] == [
        ("en", "required", "fluent"),
        ("fr", "required", "working knowledge"),
        ("ar", "desirable", "knowledge"),
        ("", "required", "knowledge"),
    ]


def test_experience_and_education_are_structured(vacancy):
    experience = vacancy.qualifications.get(category=Qualification.Category.EXPERIENCE)
    assert experience.min_years == 3
    assert vacancy.qualifications.get(category=Qualification.Category.EDUCATION).degree == "master"


def test_page_shows_every_competency(text):
    for name in ("Professionalism", "Communication", "Teamwork"):
        assert name in text
    assert (
        "exhibits interest in having two-way communication; tailors language, tone, style and format to match audience;"
    ) in text
    assert "Takes responsibility for incorporating gender perspectives" in text


def test_competencies_are_named_in_tor_order(vacancy):
    rows = vacancy.qualifications.filter(category="competency").order_by("order")
    assert [q.competency for q in rows] == ["Professionalism", "Communication", "Teamwork"]


def test_page_shows_swiss_only_eligibility_and_no_age_limit(text):
    assert "Nationality Nationals of Switzerland only" in text
    assert "Age No age limit stated" in text


def test_nationality_is_a_required_swiss_qualification(vacancy):
    nationality = vacancy.qualifications.get(category=Qualification.Category.NATIONALITY)
    assert (nationality.country, nationality.level, nationality.text) == ("CH", "required", "Swiss")
    assert vacancy.sponsor_country == "CH"
    assert vacancy.age_limit is None


def test_duty_stations_are_new_york_only(vacancy):
    assert [(s.city, s.country, s.period) for s in vacancy.duty_stations.all()] == [("New York", "US", "")]
    assert vacancy.non_family == Vacancy.NonFamily.NOT_STATED
    assert vacancy.duration_months == 12
    assert vacancy.grade_min == vacancy.grade_max == ""
    assert vacancy.closes_on is None


def test_page_shows_learning_elements(text):
    assert "On completion of the assignment, the JPO will have:" in text
    assert "Broad knowledge of political and human rights situations across regions;" in text
    assert "Familiarity with the core values of the UN, including respect for diversity." in text


def test_page_shows_background_subheadings_and_cleaned_references(text):
    for heading in (
        "Mandates",
        "The Prevention of Genocide",
        "The Responsibility to Protect",
        "Organisational structure of the Office",
    ):
        assert heading in text
    assert "then-Secretary-General Kofi Annan announced the creation of the post of Special Adviser" in text
    assert "In his 2007 letter (S/2007/721) to the President of the Security Council" in text
    assert "2010 report (A/64/864) entitled “Early warning, assessment and the responsibility to protect”" in text
    assert "](#)" not in text
    assert "Abbreviations: USG= Under-Secretary-General; ASG = Assistant Secretary-General" in text
    assert "GS (OL) = General Service (Other Level)" in text
    assert "Organizational Chart for 2018" not in text


def test_source_text_is_the_seed_file_verbatim(vacancy):
    assert vacancy.source_text.startswith("\n\nUnited Nations JPO Programme")
    assert vacancy.source_text.endswith("GS (OL) = General Service (Other Level)")
