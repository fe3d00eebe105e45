"""``manage.py generate_vacancies``: realistic, complete, reproducible test vacancies."""

import datetime
import itertools
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import models, transaction

from tests.helpers import page_text, postings_held, postings_of_vectors, stale_blocks
from vacancies.generator import build_vacancies
from vacancies.models import Duty, DutyStation, Qualification, Supervision, Vacancy

DAY = datetime.date(2026, 6, 1)

# The generator loads with PostgreSQL's COPY; on any other database it refuses to start (the last test).


def generate(count, seed=0):
    call_command("generate_vacancies", "--count", str(count), "--seed", str(seed), verbosity=0)


def snapshot():
    """The vacancies in order, their numbers (in slug and reference: their ids) left out."""
    return [
        (
            re.sub(r"\d+", "#", v.slug),
            re.sub(r"\d+", "#", v.reference),
            v.title,
            v.organization,
            v.closes_on,
            [s.country for s in v.duty_stations.all()],
            [q.text for q in v.qualifications.all()],
        )
        for v in Vacancy.objects.order_by("pk").prefetch_related("duty_stations", "qualifications")
    ]


def test_generator_gives_the_same_vacancies_for_the_same_seed():
    first = list(build_vacancies(40, seed=7, today=DAY))
    again = list(build_vacancies(40, seed=7, today=DAY))
    other = list(build_vacancies(40, seed=8, today=DAY))

    assert first == again
    assert [v.fields["title"] for v in first] != [v.fields["title"] for v in other]


def test_generator_numbers_slugs_and_references_from_the_first_number():
    vacancies = list(build_vacancies(20, seed=1, today=DAY, first_number=501))

    assert [v.fields["slug"].rsplit("-", 1)[1] for v in vacancies] == [str(n) for n in range(501, 521)]
    assert all(
        str(n) in v.fields["reference"]
        for n, v in zip(range(501, 521), vacancies, strict=True)
        if v.fields["reference"]
    )


def test_command_adds_count_published_vacancies_with_every_section(empty_db):
    generate(150, seed=3)

    assert Vacancy.objects.count() == 150
    assert set(Vacancy.objects.values_list("status", flat=True)) == {"published"}
    assert Supervision.objects.count() == 150
    assert not Vacancy.objects.filter(duty_stations__isnull=True).exists()
    assert not Vacancy.objects.filter(duties__isnull=True).exists()
    assert not Vacancy.objects.filter(qualifications__isnull=True).exists()
    references = [r for r in Vacancy.objects.values_list("reference", flat=True) if r]
    assert len(references) == len(set(references)) > 100
    assert Vacancy.objects.values("slug").distinct().count() == 150


def test_same_seed_gives_the_same_vacancies_in_the_database(empty_db):
    generate(60, seed=5)
    first = snapshot()
    numbers = set(Vacancy.objects.values_list("pk", flat=True))
    Vacancy.objects.all().delete()
    generate(60, seed=5)

    assert snapshot() == first
    # Ids come from the sequence: a deleted vacancy's number (and URL) is never reused.
    assert numbers.isdisjoint(Vacancy.objects.values_list("pk", flat=True))


def test_a_second_run_adds_more_with_new_slugs_and_references(empty_db):
    generate(30, seed=1)
    generate(30, seed=1)

    assert Vacancy.objects.count() == 60
    assert Vacancy.objects.values("slug").distinct().count() == 60
    references = [r for r in Vacancy.objects.values_list("reference", flat=True) if r]
    assert len(references) == len(set(references))


def test_generated_vacancies_pass_model_validation(empty_db):
    generate(60, seed=2)

    for vacancy in Vacancy.objects.order_by("pk")[::6]:
        vacancy.full_clean()
        vacancy.supervision.full_clean()
        for row in [*vacancy.duty_stations.all(), *vacancy.duties.all(), *vacancy.qualifications.all()]:
            row.full_clean()


def test_generated_vacancies_look_like_real_tors(empty_db):
    generate(300, seed=4)
    vacancies = Vacancy.objects.all()

    assert vacancies.values("organization").distinct().count() >= 30
    assert DutyStation.objects.values("country").distinct().count() >= 60
    two_stations = DutyStation.objects.filter(period="2nd year").values_list("vacancy", flat=True)
    assert 10 <= len(two_stations) <= 60
    assert set(DutyStation.objects.filter(vacancy__in=two_stations).values_list("period", flat=True)) == {
        "1st year",
        "2nd year",
    }
    assert 150 <= vacancies.exclude(sponsor_country="").count() <= 250
    assert 50 <= vacancies.exclude(grade_min="").count() <= 130
    assert 100 <= vacancies.filter(closes_on__isnull=True).count() <= 200
    assert Duty.objects.filter(group__isnull=False).exists()
    assert Duty.objects.filter(kind="result").exists()
    experience = Qualification.objects.filter(category="experience", level="required")
    assert set(experience.values_list("min_years", flat=True)) == {2, 3, 4, 5}
    english = Qualification.objects.filter(category="language", level="required", language="en")
    assert english.values("vacancy").distinct().count() >= 280
    other_required = Qualification.objects.filter(category="language", level="required").exclude(language="en")
    assert 40 <= other_required.count() <= 110
    restricted = Qualification.objects.filter(category="nationality").select_related("vacancy")
    assert restricted.exists()
    assert all(q.country == q.vacancy.sponsor_country for q in restricted)
    for vacancy in vacancies[:20]:
        competencies = vacancy.qualifications.filter(category="competency").count()
        assert 3 <= competencies <= 5
        assert vacancy.posted_on <= datetime.date.today()
        assert vacancy.closes_on is None or vacancy.closes_on >= vacancy.posted_on


def test_list_page_shows_generated_vacancies_and_search_finds_a_topic(empty_db):
    generate(200, seed=6)
    newest = Vacancy.objects.published().newest_first().first()

    listing = client_get("/")
    assert newest.title in page_text(listing)
    assert f'href="{newest.get_absolute_url()}"' in listing.content.decode()

    found = Vacancy.objects.published().search("refugee").count()
    assert found > 0
    assert f"{found} vacanc" in page_text(client_get("/?q=refugee"))
    assert client_get(newest.get_absolute_url()).status_code == 200


def client_get(url):
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 200
    return response


def test_generated_vacancies_are_searchable_and_stay_current(empty_db):
    generate(50, seed=9)

    # The database computes every search vector on insert, and the derived filter columns too.
    assert not Vacancy.objects.filter(search_vector__isnull=True).exists()
    for generated in Vacancy.objects.prefetch_related("qualifications"):
        required = [q for q in generated.qualifications.all() if q.level == "required"]
        years = [q.min_years for q in required if q.category == "experience" and q.min_years is not None]
        languages = sorted({q.language for q in required if q.category == "language" and q.language})
        assert generated.min_experience_years == (max(years) if years else None)
        assert generated.required_languages == (f" {' '.join(languages)} " if languages else "")
    vacancy = Vacancy.objects.order_by("pk").first()
    Duty.objects.create(vacancy=vacancy, order=99, text="Support the xylophonist network.")
    assert list(Vacancy.objects.search("xylophonist")) == [vacancy]


@pytest.mark.parametrize("count", ["0", "-3", "many", "2.5"])
def test_count_must_be_a_positive_integer(count):
    with pytest.raises(CommandError, match="positive integer"):
        call_command("generate_vacancies", "--count", count, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_loaders_in_parallel_give_the_same_vacancies_and_bump_the_version_once(empty_db):
    from vacancies.cache import data_version

    before = data_version()
    # Seven a batch: six batches, taken turn by turn by the loaders.
    call_command("generate_vacancies", "--count", "40", "--seed", "5", "--batch-size", "7", verbosity=0)
    parallel = snapshot()
    assert len(parallel) == 40
    assert data_version() > before
    assert not Vacancy.objects.filter(search_vector__isnull=True).exists()
    assert not Duty.objects.exclude(group__isnull=True).exclude(group__vacancy=models.F("vacancy")).exists()
    assert Vacancy.objects.search("employment").exists()
    # The loaders wrote the same block side by side: one rebuilt it, the other marked it stale, and the
    # load's last statement rebuilt it.
    assert stale_blocks() == []
    assert postings_held() == postings_of_vectors() != {}

    Vacancy.objects.all().delete()
    with transaction.atomic():  # one loader, in this transaction
        call_command("generate_vacancies", "--count", "40", "--seed", "5", "--batch-size", "7", verbosity=0)
    assert snapshot() == parallel


@pytest.mark.django_db(transaction=True)
def test_a_failed_batch_leaves_no_vacancy_behind(empty_db, monkeypatch):
    from vacancies.generator import load

    built = load.build_vacancy

    calls = itertools.count(1)

    def failing_on_the_30th(rng, number, today):
        vacancy = built(rng, number, today)
        if next(calls) == 30:  # in the fifth batch: the loaders have loaded four
            vacancy.fields["status"] = "bogus"  # the database's check constraint refuses it
        return vacancy

    monkeypatch.setattr(load, "build_vacancy", failing_on_the_30th)
    with pytest.raises(Exception, match="vacancy_status_valid"):
        call_command("generate_vacancies", "--count", "40", "--seed", "5", "--batch-size", "7", verbosity=0)
    assert Vacancy.objects.count() == 0
    assert Qualification.objects.count() == Duty.objects.count() == DutyStation.objects.count() == 0

    # Inside a caller's transaction too: the load's rows go, the caller's stay.
    calls = itertools.count(1)
    with transaction.atomic():
        kept = Vacancy.objects.create(title="Kept", slug="kept", status="draft")
        with pytest.raises(Exception, match="vacancy_status_valid"):
            call_command("generate_vacancies", "--count", "40", "--seed", "5", "--batch-size", "7", verbosity=0)
        assert list(Vacancy.objects.all()) == [kept]
        assert Qualification.objects.count() == Duty.objects.count() == DutyStation.objects.count() == 0
