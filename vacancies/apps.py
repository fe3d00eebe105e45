from django.apps import AppConfig
from django.db.models.signals import post_migrate


def install_database_logic(sender, using, **kwargs):
    """After every ``migrate``: the SQL files of vacancies/sql/ are what the database runs."""
    from django.db import connections

    from . import sql

    connection = connections[using]
    if "vacancies_vacancy" in connection.introspection.table_names():  # not after ``migrate vacancies zero``
        sql.install(connection)


class VacanciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vacancies"

    def ready(self):
        from . import audit, checks  # noqa: F401 (registers them)

        audit.connect()

        post_migrate.connect(install_database_logic, sender=self)
