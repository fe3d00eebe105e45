"""Full-text search stays current whatever writes the ToR: fixtures, edits, deletions."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from tests.helpers import CHILD_PROTECTION, FIXTURES, HUMAN_RIGHTS, SEA_NETWORK, UNODC, titles
from vacancies.models import Duty, Qualification, Supervision, Vacancy


def test_plain_loaddata_makes_every_vacancy_searchable(client, empty_db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert titles(client.get("/?q=trafficking")) == [UNODC]
    assert not Vacancy.objects.filter(search_vector__isnull=True).exists()


def test_a_new_duty_is_found_at_once(client, seeded):
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    assert titles(client.get("/?q=Zanzibar")) == []
    Duty.objects.create(vacancy=vacancy, order=99, text="Support the field office in Zanzibar.")
    assert titles(client.get("/?q=Zanzibar")) == [CHILD_PROTECTION]


def test_an_edited_or_deleted_text_is_no_longer_found(client, seeded):
    vacancy = Vacancy.objects.get(title=UNODC)
    Duty.objects.filter(vacancy=vacancy).update(text="Counting quokkas.")
    Qualification.objects.filter(vacancy=vacancy).delete()
    Supervision.objects.filter(vacancy=vacancy).update(supervisor_title="Chief", content="")
    Vacancy.objects.filter(pk=vacancy.pk).update(
        title="JPO in Crime Prevention",
        background="",
        duties_intro="",
        learning_elements="",
        sector="Crime",
        office="UNODC",
    )
    assert titles(client.get("/?q=trafficking")) == []
    assert titles(client.get("/?q=quokkas")) == ["JPO in Crime Prevention"]
    vacancy.duties.all().delete()
    assert titles(client.get("/?q=quokkas")) == []


def test_a_saved_vacancy_is_found_by_its_new_title(client, seeded):
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    vacancy.title = "JPO in Child Safeguarding"
    vacancy.save()
    assert titles(client.get("/?q=safeguarding")) == ["JPO in Child Safeguarding"]


@pytest.mark.parametrize(
    ("words", "slugs"),
    [
        # The notes in German (weight D) are searched too.
        ("Wichtige", ["2024-2-42-political-peace-and-humanitarian-network"]),
        # "step" of the grade wording (weight C), stemmed alike in every section.
        (
            "step",
            [
                "2024-2-42-political-peace-and-humanitarian-network",
                "int-010-17-p127-political-officer",
                "ohchr-human-rights-digital-age",
            ],
        ),
        ("Naqoura", ["2024-2-42-political-peace-and-humanitarian-network"]),
    ],
)
def test_search_reads_every_section_of_the_tor(seeded, words, slugs):
    assert sorted(Vacancy.objects.published().search(words).values_list("slug", flat=True)) == slugs


def test_search_uses_the_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'vacancy_search_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_snippets_look_in_every_text_the_search_reads():
    # The search vector's columns (vacancies/sql/derived_columns.sql) and the snippet's passages are two
    # lists of one thing: a text that is found must be a text a snippet can show, or shown on every result.
    from vacancies import snippets
    from vacancies.sql import FOLDER

    body = (FOLDER / "derived_columns.sql").read_text()
    body = body[body.index("FUNCTION vacancies_search_vector") : body.index("FUNCTION vacancies_derive_columns")]
    related = {"d": "duties", "s": "duty_stations", "q": "qualifications", "sv": "supervision"}
    read = {related.get(table, column) for table, column in re.findall(r"\b(v|d|s|q|sv)\.(\w+)", body)}
    read -= {"id", "vacancy_id", "order"}
    shown = set(snippets.BODY_FIELDS + snippets.FACT_FIELDS + snippets.SHOWN_ON_EVERY_RESULT)
    assert read == shown


def test_snippets_come_from_duties_qualifications_and_supervision(client, seeded):
    # "abreast" is in a duty of UNODC's and of OSCSEA's ToR, and in OHCHR's "Technological
    # Awareness" competency: "Keeps abreast of available technology; ..."
    response = client.get("/?q=abreast")
    assert set(titles(response)) == {UNODC, SEA_NETWORK, HUMAN_RIGHTS}
    snippets = re.findall(r'<p class="summary snippet">(.*?)</p>', response.content.decode(), re.DOTALL)
    assert sorted(snippet.split("</mark>")[0] for snippet in snippets) == [
        "Keep <mark>abreast",  # OSCSEA's duty
        "Keeps <mark>abreast",  # OHCHR's competency
        "keeping <mark>abreast",  # UNODC's duty
    ]
    assert any("<mark>abreast</mark> of available technology; Understands applicability" in s for s in snippets)
    vacancy = Vacancy.objects.get(title=CHILD_PROTECTION)
    Duty.objects.create(vacancy=vacancy, order=98, text="Visit <the> field office in Zanzibar.")
    Duty.objects.create(vacancy=vacancy, order=99, text="Then Zanzibar again.")
    body = client.get("/?q=Zanzibar").content.decode()
    assert '<p class="summary snippet">Visit &lt;the&gt; field office in <mark>Zanzibar</mark>.</p>' in body
    Supervision.objects.filter(vacancy__title=HUMAN_RIGHTS).update(evaluation="Reviewed by the quokka panel.")
    Supervision.objects.filter(vacancy__title=UNODC).delete()
    response = client.get("/?q=quokka")
    assert titles(response) == [HUMAN_RIGHTS]
    assert '<p class="summary snippet">Reviewed by the <mark>quokka</mark> panel.</p>' in response.content.decode()
    assert UNODC in titles(client.get("/?q=trafficking"))  # no supervision: its other texts still give snippets


def test_a_match_in_the_grade_wording_gets_its_snippet(client, seeded):
    body = client.get("/?q=step").content.decode()
    assert "<mark>step</mark>" in body
