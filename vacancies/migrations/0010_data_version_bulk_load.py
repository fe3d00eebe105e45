"""A bulk load may bump the data version once, at its end, instead of on every statement.

Each write bumps the one DataVersion row and holds its lock until commit, so
two transactions loading at once (``generate_vacancies`` on PostgreSQL) would
wait for each other. A transaction that sets ``vacancies.bulk_load`` to ``on``
(``SET LOCAL``) skips the bump; the loader bumps it after its commits.
"""

from importlib import import_module

from django.db import migrations

# The bump itself stays 0005's.
POSTGRESQL_BUMP = import_module("vacancies.migrations.0005_data_version").POSTGRESQL_BUMP

FUNCTION = """
CREATE OR REPLACE FUNCTION vacancies_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
{skip}{bump}; RETURN NULL; END $$
"""
SKIP = "IF current_setting('vacancies.bulk_load', true) = 'on' THEN RETURN NULL; END IF;\n"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.format(skip=SKIP, bump=POSTGRESQL_BUMP))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.format(skip="", bump=POSTGRESQL_BUMP))


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0009_qualification_vacancy_index")]

    operations = [migrations.RunPython(forward, backward)]
