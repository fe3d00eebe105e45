"""``python manage.py seed [--if-empty]``: the five seed ToRs of fixtures/, loaded into the database."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from vacancies.models import Vacancy

FIXTURES = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))


class Command(BaseCommand):
    help = (
        "Load the five seed ToRs (fixtures/*.json). Over an existing database this puts the seed vacancies "
        "back as the fixtures have them, undoing any edit of them: --if-empty loads them only into a "
        "database without vacancies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the database holds any vacancy already"
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and (count := Vacancy.objects.count()):
            self.stdout.write(f"The database holds {count} vacancies already: the seed ToRs were not loaded.")
            return
        call_command("loaddata", *map(str, FIXTURES), verbosity=0)
        self.stdout.write(f"Loaded the {len(FIXTURES)} seed ToRs.")
