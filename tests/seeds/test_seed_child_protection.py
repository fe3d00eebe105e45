"""The seed ToR 21P224 (JPO in Child Protection, DPO, New York) as the board shows it."""

import re

import pytest

from vacancies.models import Duty, Qualification, Vacancy

SLUG = "21p224-child-protection"

pytestmark = pytest.mark.django_db


def test_page_shows_reference_title_sector_and_office(text):
    assert "21P224" in text
    assert "JPO in Child Protection" in text
    assert "Child Protection" in text
    assert (
        "United Nations / Department of Peace Operations (DPO), Policy, Evaluation and Training Division (DPET), "
        "Policy and Best Practices Service (PBPS)"
    ) in text


def test_page_shows_the_new_york_duty_station(text):
    assert "New York" in text
    assert "United States" in text


def test_page_shows_non_family_marked_no(text):
    assert re.search(r"Non-family duty station:?\s+No\b", text, re.IGNORECASE)
    assert "Not stated" not in re.findall(r"Non-family duty station:?\s+(Not stated|No|Yes)", text, re.I)


def test_page_shows_duration_and_extension_terms(text):
    # The ToR's words, in the top box and in the General information table alike (duration_label).
    assert text.count("Duration 1 year (with possible extension for another year)") == 2
    assert (
        "Extension of appointment is subject to yearly review concerning priorities, availability of funds, "
        "and satisfactory performance"
    ) in text


def test_page_shows_supervisor_work_plan_and_joined_evaluation(text):
    assert "Child Protection Team Leader" in text
    assert "team meetings are held once a week." in text
    assert "During the first month of the assignment, the Junior Professional Officer (JPO) will work jointly" in text
    assert (
        "The United Nations Performance Evaluation System (e-performance) will serve as a primary platform to "
        "evaluate of the JPO's performance."
    ) in text


def test_page_shows_duties_intro_and_a_group_before_its_items(text):
    intro = text.index("Under the supervision of the Child Protection Team Leader, the JPO will:")
    group = text.index("Support the Child Protection Team in all other tasks, including, but not limited to:")
    first = text.index("Producing briefings, code-cables, speeches and presentations on Child Protection")
    last = text.index("Contribute to DPO's broader stream on protection and participate in the relevant")
    assert intro < group < first < last


def test_page_shows_minimum_experience_and_education(text):
    assert "Advanced university degree (Master's degree or equivalent)" in text
    assert "A minimum of two years of progressively responsible experience in human rights" in text
    assert "International field experience in the domains of human rights, peacekeeping or protection" in text


def test_page_shows_languages_with_their_levels(text):
    assert "English" in text
    assert "French" in text
    assert "fluency in oral and written English is required." in text
    assert "Fluency in French is highly desirable." in text
    assert "Knowledge of a third UN official language is an advantage." in text
    assert "Required" in text
    assert "Desirable" in text
    assert "An asset" in text


def test_page_shows_every_competency_name_and_its_description(text):
    for name in ("Professionalism", "Communication", "Teamwork", "Planning & Organizing"):
        assert name in text
    assert "Shows pride in work and in achievements" in text
    assert "Foresees risks and allows for contingencies when planning" in text


def test_page_shows_diversity_learning_and_background(text):
    assert "an inclusive culture attracts the best talent" in text
    assert "Use DPO tools to capture and share knowledge;" in text
    assert "In 1999, the Security Council adopted resolution 1261" in text
    assert "The Policy was updated in 2017." in text


def test_page_shows_no_pdf_debris(text):
    assert "\uf0b7" not in text
    assert "Organizational Chart" not in text


def test_vacancy_structured_facts(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    assert vacancy.reference == "21P224"
    assert vacancy.organization == "DPO"
    assert vacancy.non_family == Vacancy.NonFamily.NO
    assert vacancy.duration_months == 12
    assert vacancy.sponsor_country == ""
    assert vacancy.grades == []
    assert vacancy.closes_on is None
    assert vacancy.age_limit is None
    assert [(s.city, s.country) for s in vacancy.duty_stations.all()] == [("New York", "US")]
    assert vacancy.supervision.supervisor_title == "Child Protection Team Leader"


def test_duties_are_four_groups_of_items_in_tor_order(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    groups = list(vacancy.duties.filter(group__isnull=True))
    assert [g.text.split()[0] for g in groups] == ["Assist", "Contribute", "Contribute", "Support"]
    assert [g.items.count() for g in groups] == [3, 3, 5, 5]
    assert vacancy.duties.count() == 20
    assert not vacancy.duties.exclude(kind=Duty.Kind.RESPONSIBILITY).exists()
    last = vacancy.duties.last()
    assert last.group == groups[3]
    assert last.text.startswith("Contribute to DPO's broader stream on protection")


def test_qualifications_structured_facts(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    quals = vacancy.qualifications
    experience = quals.get(category=Qualification.Category.EXPERIENCE, min_years__isnull=False)
    assert experience.min_years == 2
    assert experience.level == Qualification.Level.REQUIRED
    assert quals.get(category=Qualification.Category.EDUCATION).degree == Qualification.Degree.MASTER
    languages = [(q.language, q.level, q.proficiency) for q in quals.filter(category=Qualification.Category.LANGUAGE)]
    assert languages == [("en", "required", "fluent"), ("fr", "desirable", "fluent"), ("", "asset", "knowledge")]
    competencies = list(quals.filter(category=Qualification.Category.COMPETENCY).values_list("competency", flat=True))
    assert competencies == ["Professionalism", "Communication", "Teamwork", "Planning & Organizing"]
    assert not quals.filter(category=Qualification.Category.NATIONALITY).exists()
    assert quals.count() == 13
