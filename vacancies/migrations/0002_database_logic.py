"""The database's own logic: the functions and triggers of vacancies/sql/, installed from those files.

They are installed again after every ``migrate`` (``VacanciesConfig.ready``);
this migration makes them part of the schema from here on, for any migration
after it that writes vacancies.
"""

from django.db import migrations

from vacancies import sql


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0001_squashed_0011_export_rows")]

    operations = [sql.install_operation()]
