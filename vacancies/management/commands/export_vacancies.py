"""``python manage.py export_vacancies``: the public CSV export, for scheduled reports."""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from vacancies.export import write_csv
from vacancies.filters import SORTS, VacancyFilter
from vacancies.models import Vacancy


class Command(BaseCommand):
    help = (
        "Write the published vacancies as the sponsors' CSV (the same columns and filters as "
        "/vacancies/export.csv) to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--q", help="full-text search over the whole ToR")
        parser.add_argument("--country", action="append", default=[], help="duty-station country (alpha-2); repeatable")
        parser.add_argument("--organization", help="organization, e.g. UNODC")
        parser.add_argument("--sector", help="sector of assignment")
        parser.add_argument("--sponsor", help="sponsor country (alpha-2), e.g. KR")
        parser.add_argument("--grade", help="grade, e.g. P2")
        parser.add_argument("--speaks", action="append", default=[], help="a language spoken (ISO 639-1); repeatable")
        parser.add_argument("--experience", help="years of experience the candidate has")
        parser.add_argument("--sort", choices=list(SORTS), help="order of the rows (default: newest)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--excel", action="store_true", help="start with a byte-order mark, for Excel")
        parser.add_argument("--texts", action="store_true", help="add the full duties and qualifications")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="root of the public site, for the url column (default: DJANGO_SITE_URL, now %(default)s)",
        )

    def handle(self, *args, **options):
        query = QueryDict(mutable=True)
        for name in ("q", "organization", "sector", "sponsor", "grade", "experience", "sort"):
            if options[name] not in (None, ""):
                query[name] = options[name]
        query.setlist("country", options["country"])
        query.setlist("speaks", options["speaks"])
        filterset = VacancyFilter(query, queryset=Vacancy.objects.published())
        problems = filterset.not_understood()
        if problems:
            raise CommandError(
                "Nothing was exported: "
                + "; ".join(f"--{name} {value}: “{value}” {problem}" for name, value, problem in problems)
            )
        if not options["output"]:
            write_csv(filterset.qs, sys.stdout, options["base_url"], excel=options["excel"], texts=options["texts"])
            return
        self.write_file(Path(options["output"]), filterset.qs, options)

    def write_file(self, path, vacancies, options):
        """Write next to the target and rename: a failed run never leaves half a report."""
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                write_csv(vacancies, file, options["base_url"], excel=options["excel"], texts=options["texts"])
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Wrote {path}")
