"""The database's own logic is the SQL files of vacancies/sql/, and the schema changes like any Django project's."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.helpers import UNODC, titles
from vacancies import sql
from vacancies.models import Vacancy

ROOT = Path(__file__).resolve().parent.parent


def test_the_functions_and_triggers_installed_are_those_of_the_sql_files(db):
    with connection.cursor() as cursor:
        functions, triggers = sql.installed(cursor)
        files = sql.declared(cursor)
    declared_functions = {name: body for file_functions, _ in files.values() for name, body in file_functions.items()}
    declared_triggers = {name: target for _, file_triggers in files.values() for name, target in file_triggers.items()}
    assert functions == declared_functions
    assert triggers == declared_triggers
    # What each file holds, by name: a reader finds every derivation in its own file.
    assert set(files["derived_columns.sql"][0]) == {
        "vacancies_search_vector",
        "vacancies_derive_columns",
        "vacancies_rederive_vacancies_of_rows",
        "vacancies_rederive_vacancies_of_updated_rows",
    }
    assert len(files["derived_columns.sql"][1]) == 1 + 4 * 3  # the vacancy's, and three on each related table
    assert len(files["data_version.sql"][1]) == 5
    assert files["export_cells.sql"][0]["vacancies_csv_separator"] == " SELECT '; '::text "


def test_install_replaces_what_changed_drops_what_no_file_declares_and_rederives(client, seeded):
    with connection.cursor() as cursor:
        # As a database left by older code: a derivation that has since changed, and a leftover.
        cursor.execute(
            "CREATE OR REPLACE FUNCTION vacancies_search_vector(v vacancies_vacancy) RETURNS tsvector"
            " LANGUAGE sql STABLE AS $$ SELECT ''::tsvector $$"
        )
        cursor.execute(
            "CREATE FUNCTION vacancies_old_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER vacancies_vacancy_old_search BEFORE UPDATE ON vacancies_vacancy"
            " FOR EACH ROW EXECUTE FUNCTION vacancies_old_search()"
        )
        cursor.execute("UPDATE vacancies_vacancy SET search_vector = NULL")
    assert titles(client.get("/?q=trafficking")) == []

    assert sql.install(connection) == ["derived_columns.sql"]

    assert titles(client.get("/?q=trafficking")) == [UNODC]
    with connection.cursor() as cursor:
        functions, triggers = sql.installed(cursor)
    assert "vacancies_old_search" not in functions
    assert "vacancies_vacancy_old_search" not in triggers
    # Nothing changed since: nothing is re-derived.
    assert sql.install(connection) == []


def scratch_migration(after):
    return textwrap.dedent(
        """
        from django.db import migrations, models


        class Migration(migrations.Migration):
            dependencies = [("vacancies", "{after}")]

            operations = [
                migrations.AddField("vacancy", "scratch_note", models.CharField(max_length=40, default="none")),
                migrations.AlterField("vacancy", "title", models.CharField(max_length=400)),
                migrations.AlterField("qualification", "proficiency", models.CharField(max_length=80, blank=True)),
            ]
        """
    ).format(after=after)


@pytest.fixture
def scratch_database():
    """A database of its own on the test server, dropped afterwards; its URL."""
    server = {**connection.settings_dict}
    name = f"scratch_{os.getpid()}"
    admin = psycopg2.connect(
        dbname="postgres", user=server["USER"], password=server["PASSWORD"], host=server["HOST"], port=server["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    host = quote(server["HOST"] or "localhost", safe="")
    port = f":{server['PORT']}" if server["PORT"] else ""
    yield f"postgres://{quote(server['USER'])}:{quote(server['PASSWORD'] or '')}@{host}{port}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_field_added_and_fields_altered_migrate_over_a_database_with_vacancies(tmp_path, scratch_database):
    # A model change is a plain Django migration: no trigger stands in its way, and afterwards the
    # derivations still run (search, filter columns, export cells) on the vacancies already there.
    migrations = tmp_path / "scratch_migrations"
    migrations.mkdir()
    for path in (ROOT / "vacancies" / "migrations").glob("*.py"):
        (migrations / path.name).write_text(path.read_text())
    latest = max(path.stem for path in migrations.glob("0*.py"))
    scratch = f"{int(latest[:4]) + 1:04d}_scratch"
    (migrations / f"{scratch}.py").write_text(scratch_migration(after=latest))
    (tmp_path / "scratch_settings.py").write_text(
        "from jpoboard.settings import *  # noqa\nMIGRATION_MODULES = {'vacancies': 'scratch_migrations'}\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database,
        "DJANGO_SETTINGS_MODULE": "scratch_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }

    def manage(*args):
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "vacancies", latest, "--no-input", "-v0")
    manage("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), "-v0")
    assert f"Applying vacancies.{scratch}... OK" in manage("migrate", "--no-input")
    checks = textwrap.dedent(
        """
        from django.db import connection
        from vacancies.models import Qualification, Vacancy
        vacancy = Vacancy.objects.get(reference="22P001")
        Qualification.objects.create(vacancy=vacancy, order=99, category="language", level="required",
                                     language="sw", text="Kiswahili")
        with connection.cursor() as cursor:
            cursor.execute("SELECT scratch_note, required_languages FROM vacancies_vacancy WHERE id = %s", [vacancy.pk])
            print(cursor.fetchone())
            cursor.execute("SELECT count(*) FROM vacancies_vacancy WHERE search_vector @@ to_tsquery('trafficking')")
            print(cursor.fetchone()[0])
            cursor.execute("SELECT count(*) FROM vacancies_export_row")
            print(cursor.fetchone()[0])
            cursor.execute("SELECT languages_required FROM vacancies_export_row WHERE vacancy_id = %s", [vacancy.pk])
            print(cursor.fetchone()[0])
        """
    )
    printed = manage("shell", "-v0", "-c", checks).splitlines()
    assert printed[0] == "('none', ' en sw ')"
    assert printed[1] == "1"
    assert printed[2:] == ["5", "['en', 'sw']"]


def test_a_sqlite_url_is_refused_with_a_message_that_says_why():
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env={**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3", "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "JPO Board runs on PostgreSQL only" in done.stderr
    assert "unset DATABASE_URL to use the embedded PostgreSQL" in done.stderr
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_seed_if_empty_keeps_the_edits_of_hr_and_plain_seed_puts_the_fixtures_back(seeded):
    # `make serve` runs `seed --if-empty` at every start: a restart must not undo HR's work.
    Vacancy.objects.filter(reference="22P001").update(title="Edited by HR")
    out = io.StringIO()
    call_command("seed", "--if-empty", stdout=out)
    assert out.getvalue() == "The database holds 5 vacancies already: the seed ToRs were not loaded.\n"
    assert Vacancy.objects.get(reference="22P001").title == "Edited by HR"
    call_command("seed", stdout=out)
    assert Vacancy.objects.get(reference="22P001").title == UNODC


def test_seed_if_empty_loads_the_five_tors_into_an_empty_database(client, empty_db):
    call_command("seed", "--if-empty", stdout=io.StringIO())
    assert Vacancy.objects.count() == 5
    assert titles(client.get("/?q=trafficking")) == [UNODC]
