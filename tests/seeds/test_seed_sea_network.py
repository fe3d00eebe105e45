"""The OSCSEA ToR (Chiffre Nr. 2024-2-42): two duty stations, German notes, French B2 required."""

import pytest

from vacancies.models import Qualification, Vacancy

SLUG = "2024-2-42-political-peace-and-humanitarian-network"

pytestmark = pytest.mark.django_db


def test_page_shows_reference_title_sector_and_office(text):
    assert "2024-2-42" in text
    assert "JPO in Political, Peace and Humanitarian Network" in text
    assert "Political Affairs" in text
    assert (
        "United Nations / Office of the Special Coordinator on Improving the UN Response to "
        "Sexual Exploitation and Abuse (OSCSEA)"
    ) in text


def test_page_shows_both_duty_stations_with_their_year(text):
    assert "Naqoura" in text
    assert "Lebanon" in text
    assert "1st year" in text
    assert "New York" in text
    assert "United States" in text
    assert "2nd year" in text
    assert text.index("Naqoura") < text.index("New York")


def test_page_shows_duration_extension_and_unstated_non_family(text):
    # The ToR's words, in the top box and in the General information table alike (duration_label).
    assert text.count("Duration 2 years with possibility of extension for another year") == 2
    assert (
        "The extension of appointment is subject to yearly review concerning priorities, "
        "availability of funds, and satisfactory performance"
    ) in text
    assert "Non-family duty station Not stated" in text


def test_page_shows_the_two_years_mandatory_note(text):
    assert "Please note that for participants of the JPO-Programme two years work experience are mandatory!" in text


def test_page_shows_supervisor_supervision_and_evaluation(text):
    assert "Under-Secretary General, Special Coordinator, SEA" in text
    assert "Establishment of a Work Plan: During the first month of the assignment" in text
    assert "Weekly/daily team meetings, as needed, with the USG." in text
    assert "The United Nations Performance Evaluation System (e-performance) will serve as a primary platform" in text


def test_page_shows_duties_intro_and_duties_without_debris(text):
    assert (
        "This JPO will report directly to the Special Coordinator on improving UN response to "
        "sexual exploitation and abuse and the JPO will be responsible for the below mentioned duties."
    ) in text
    assert "In the selected duty stations (UNIFIL, UNCT Lebanon & UNHQ), the JPO will:" in text
    assert "Support the network to carry out a joint PSEA risk assessment" in text
    assert "Perform other duties as required." in text
    assert "https://www.un.org/preventing-sexual-exploitation-and-abuse/" in text
    assert "<https://" not in text


def test_page_shows_education_experience_and_minimum_years(text):
    assert "Master's degree in political science, international relations" in text
    assert "At least 2 years A minimum of two years of relevant experience in political science" in text
    assert "Experience with PSEA and Sexual Harassment, protection, gender-based violence (GBV) programming" in text
    assert (
        "Professional experience and knowledge in the context of UN activities, "
        "mandates and core policies are preferred." in text
    )


def test_page_shows_required_and_optional_languages(text):
    assert "Excellent command of oral and written English is essential for this position." in text
    assert "English" in text
    assert "French" in text
    assert "English, excellent command" in text
    assert "French, B2" in text
    assert "Knowledge of another UN official language is an advantage." in text
    assert "Required" in text
    assert "An asset" in text
    assert "Desirable" in text


def test_page_shows_every_competency_without_markdown(text):
    for name in ("Professionalism", "Communication", "Planning & Organizing"):
        assert name in text
    assert "Shows pride in work and achievements" in text
    assert "**" not in text


def test_page_shows_diversity_learning_and_background(text):
    assert "The United Nations believes that an inclusive culture attracts the best talent" in text
    assert "On completion of the assignment, the JPO will have been/be able to:" in text
    assert "Background and Mandate" in text
    assert (
        "The Office of the Special Coordinator on improving the United Nations response to sexual exploitation "
        "and abuse (SEA) was established in February 2016." in text
    )
    assert "Assist the government of Lebanon in ensuring the retuning of its effective authority in the area" in text
    assert "Monitor the cessation of hostilities." in text


def test_page_shows_german_notes_and_how_to_apply(text):
    assert "Wichtige Hinweise" in text
    assert "Diese JPO-Stelle ist eingebunden in die deutsch-französische Zusammenarbeit." in text
    assert "Französische Sprachkenntnisse werden vorausgesetzt" in text
    assert "Alle Informationen finden Sie unter www.bfio.de" in text
    assert "Applications go directly to the Büro Führungskräfte zu Internationalen Organisationen (BFIO)" in text
    assert "Knowledge of the development of Franco-German cooperation is required" in text


def test_duty_stations_are_lebanon_then_united_states(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    stations = list(vacancy.duty_stations.values_list("city", "country", "period"))
    assert stations == [("Naqoura", "LB", "1st year"), ("New York", "US", "2nd year")]
    assert vacancy.duration_months == 24
    assert vacancy.non_family == Vacancy.NonFamily.NOT_STATED
    assert vacancy.sponsor_country == "DE"
    assert vacancy.organization == "OSCSEA"
    assert vacancy.reference == "2024-2-42"


def test_duties_are_twenty_flat_responsibilities(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    duties = list(vacancy.duties.all())
    assert len(duties) == 20
    assert all(duty.group_id is None and duty.kind == "responsibility" for duty in duties)
    assert duties[0].text.startswith("During the first-year placement")
    assert duties[-1].text == "Perform other duties as required."


def test_experience_minimum_is_two_years_and_master_is_required(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    experience = vacancy.qualifications.filter(category=Qualification.Category.EXPERIENCE)
    assert [q.min_years for q in experience if q.min_years is not None] == [2]
    assert vacancy.qualifications.get(category="education").degree == "master"


def test_english_and_french_b2_are_the_required_languages(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    required = vacancy.qualifications.filter(category="language", level="required")
    assert sorted(required.values_list("language", "proficiency")) == [("en", "excellent command"), ("fr", "B2")]
    other = vacancy.qualifications.get(category="language", level="asset")
    assert other.language == ""


def test_competencies_are_in_tor_order(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    names = list(vacancy.qualifications.filter(category="competency").values_list("competency", flat=True))
    assert names == ["Professionalism", "Communication", "Planning & Organizing"]


def test_other_language_notes_are_german(seeded):
    vacancy = Vacancy.objects.get(slug=SLUG)
    assert vacancy.other_language_notes_language == "de"
    assert vacancy.other_language_notes_title == "Wichtige Hinweise"
    assert vacancy.other_language_notes.splitlines()[-1] == "Alle Informationen finden Sie unter www.bfio.de"
