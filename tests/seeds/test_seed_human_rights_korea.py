"""The OHCHR ToR "JPO in Human Rights" (digital age): no reference, P1/P2, sponsored by Korea, Korean eligibility."""

import pytest

from vacancies.models import Duty, Qualification, Vacancy

SLUG = "ohchr-human-rights-digital-age"

pytestmark = pytest.mark.django_db


def test_page_shows_title_sector_office_and_no_reference(text):
    assert "JPO in Human Rights" in text
    assert "Human Rights Affairs" in text
    assert (
        "United Nations / Office of the High Commissioner for Human Rights (OHCHR) / Thematic Engagement, "
        "Special Procedures and Right to Development Division (TESPRDD)"
    ) in text
    assert "Reference Not stated" in text


def test_page_shows_geneva_switzerland_as_the_only_duty_station(text):
    assert "Geneva, Switzerland" in text


def test_page_shows_unmarked_non_family_as_not_stated(text):
    assert "Non-family duty station Not stated" in text


def test_page_shows_grade_salary_and_sponsor(text):
    assert "P1 or P2 (step 1), depending on qualifications" in text
    assert "(https://icsc.un.org/Home/DataSalaryScales)" in text
    assert "shall be fully covered by the sponsoring donor country." in text
    assert "South Korea" in text


def test_page_shows_duration_and_extension_terms(text):
    # The ToR's words, in the top box and in the General information table alike (duration_label).
    assert text.count("Duration 1 year (with possible extension for another year)") == 2
    assert (
        "Extension of appointment is subject to yearly review concerning priorities, availability of funds, "
        "and satisfactory performance"
    ) in text


def test_page_shows_supervisor_supervision_and_evaluation(text):
    assert "Supervisor Human Rights Officer" in text
    assert "Establishment of a Work Plan: During the first month of the assignment" in text
    assert "The JPO can expect to join a weekly meeting with the supervisor" in text
    assert "regular induction trainings for new staff held in Geneva" in text
    assert (
        "The United Nations Performance Evaluation System (e-performance) will serve as a primary platform "
        "to evaluate of the JPO’s performance."
    ) in text


def test_page_shows_duties_intro_and_duties_in_order(text):
    assert "Within delegated authority, the JPO will be responsible for the following duties:" in text
    first = "Undertake research and analysis on issues relating to the promotion and protection of human rights"
    sixth = "Provides support to colleagues across the OHCHR in matters relating to human rights impacts of and digital"
    last = "Performs other related duties as required."
    assert first in text
    assert sixth in text
    assert text.index(first) < text.index(sixth) < text.index(last)


def test_duties_are_ten_flat_responsibilities(vacancy):
    duties = list(vacancy.duties.order_by("order"))
    assert len(duties) == 10
    assert all(duty.group_id is None and duty.kind == Duty.Kind.RESPONSIBILITY for duty in duties)
    assert duties[3].text == (
        "Plans and coordinates activities related to the UN Human Rights Council, including thematic and country "
        "mandates on human rights,"
    )


def test_page_shows_education_with_master_and_desirable_focus(text):
    assert "Master's degree" in text
    assert "Advanced university degree (Master’s degree or equivalent) in law, political science" in text
    assert "Desirable A focus on human rights issues related to digital technology is highly desirable." in text


def test_page_shows_minimum_two_years_experience(text):
    assert "At least 2 years" in text
    assert "A minimum of two years of progressively responsible experience in human rights" in text
    assert "information and communication technology (ICTs) and digital policies is desirable." in text


def test_page_shows_english_required_and_other_un_language_an_asset(text):
    assert "Required English, fluent" in text
    assert "For this position, fluency in English is required." in text
    assert "An asset Knowledge of another UN official language is an advantage." in text


def test_page_shows_every_competency(text):
    for name in ("Professionalism", "Communication", "Teamwork", "Planning & Organizing", "Technological Awareness"):
        assert name in text
    assert "Keeps abreast of available technology" in text


def test_page_shows_korean_eligibility(text):
    assert "Nationality Nationals of South Korea only" in text
    assert (
        "Age 32 or younger on 31 December 2020"
        " (The maximum age limit for those who served in the military will be extended accordingly.)"
    ) in text
    assert "Korean citizenship" in text
    assert "addressed exclusively to candidates of the Republic of Korea" in text
    assert "Fluency in Korean and English language" in text
    assert "Not older than 32 years of age as of 31st December of 2020 (Born after Jan. 1 1988)" in text
    assert "Male applicants shall have completed the Korean military service or be exempted from it." in text
    assert "iBT TOEFL score of 107 or NEW TEPS score of 452 or TEPS score of 800" in text


def test_page_shows_how_to_apply_in_order(text):
    parts = [
        "A) General requirements for candidates applying to the JPO vacancies funded by the Republic of Korea:",
        "B) Application process",
        "Candidates who would like to apply should do so online via https://owa.undesa.it/oasrok/",
        "Online Application System (OAS): http://www.un.org/development/desa/jpo/wp-content/uploads/sites/55/2019/01/"
        "2018-How-to-apply.pdf",
        "C) Documents to be submitted for the application (only complete applications will be considered)",
        "A scanned copy of applicant’s Resident Register",
        "Age limit for male candidates who have completed military service:",
        "two years or more will be extended for three years.",
        "applicants can apply for a maximum of two JPO positions sponsored by the Ministry of Foreign Affairs",
    ]
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "-----" not in text


def test_page_shows_learning_elements_and_background(text):
    assert "On completion of the assignment, the JPO will" in text
    assert "Have the ability to conduct in-depth research on human rights issues posed by digital technologies" in text
    assert "OHCHR has a staff of some 1300 people and its headquarters in Geneva" in text
    assert "Rule of Law and Democracy Section (ROLDS)" in text


def test_structured_facts(vacancy):
    assert vacancy.reference == ""
    assert vacancy.organization == "OHCHR"
    assert vacancy.sponsor_country == "KR"
    assert vacancy.non_family == Vacancy.NonFamily.NOT_STATED
    assert (vacancy.grade_min, vacancy.grade_max) == ("P1", "P2")
    assert vacancy.duration_months == 12
    assert vacancy.age_limit == 32
    assert vacancy.closes_on is None
    assert list(vacancy.duty_stations.values_list("city", "country")) == [("Geneva", "CH")]
    assert vacancy.supervision.supervisor_title == "Human Rights Officer"


def test_structured_qualifications(vacancy):
    assert vacancy.min_experience_years == 2
    assert vacancy.languages(Qualification.Level.REQUIRED) == ["en", "ko"]
    assert vacancy.nationalities() == ["KR"]
    assert vacancy.qualifications.get(category="education", level="required").degree == "master"
    assert list(vacancy.qualifications.filter(category="competency").values_list("competency", flat=True)) == [
        "Professionalism",
        "Communication",
        "Teamwork",
        "Planning & Organizing",
        "Technological Awareness",
    ]
    assert vacancy.qualifications.count() == 17
