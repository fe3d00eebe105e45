"""Backup and restore: a dump of the vacancies, loaded into an emptied database, gives back the same board."""

import io
import json

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tests.helpers import SEED_SLUGS
from vacancies.models import Vacancy

PAGES = [
    "/",
    "/?q=political",
    "/?country=US&speaks=en&speaks=fr",
    "/vacancies/export.csv",
    "/vacancies/feed/",
    *(f"/vacancies/{slug}/" for slug in SEED_SLUGS),
]


def dump():
    out = io.StringIO()
    call_command("dumpdata", "vacancies", indent=2, stdout=out)
    return out.getvalue()


def rows(dumped):
    """The dump's rows, without the data version (a counter that triggers move on every write).

    Search vectors are compared on their own (``search_vectors``): the triggers recompute them.
    """
    kept = [row for row in json.loads(dumped) if row["model"] != "vacancies.dataversion"]
    for row in kept:
        row["fields"].pop("search_vector", None)
    return kept


def public_pages(client):
    cache.clear()
    pages = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = b"".join(response.streaming_content) if response.streaming else response.content
    return pages


def search_vectors():
    """Each vacancy's lexemes and their weights.

    Positions are left out: the triggers concatenate a vacancy's duties and
    qualifications in the order the database returns them, which a reload may change.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.slug, l.lexeme, array_to_string(array(SELECT DISTINCT w FROM unnest(l.weights) w ORDER BY w), '')"
            " FROM vacancies_vacancy v, unnest(v.search_vector) l ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_dumpdata_then_loaddata_into_an_emptied_database_gives_back_the_same_rows(client, seeded, tmp_path):
    before_dump, before_pages, before_vectors = dump(), public_pages(client), search_vectors()
    assert len(rows(before_dump)) > 100

    # Empty every table of the app, as on a fresh database.
    for model in reversed(list(apps.get_app_config("vacancies").get_models())):
        model.objects.all().delete()
    assert not Vacancy.objects.exists()
    assert client.get(f"/vacancies/{SEED_SLUGS[0]}/").status_code == 404

    backup = tmp_path / "vacancies.json"
    backup.write_text(before_dump)
    call_command("loaddata", str(backup), verbosity=0)

    assert rows(dump()) == rows(before_dump)
    assert public_pages(client) == before_pages
    assert search_vectors() == before_vectors  # recomputed by the triggers on load
