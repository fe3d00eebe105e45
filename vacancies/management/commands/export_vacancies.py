"""``python manage.py export_vacancies``: the public export, CSV or XLSX, for scheduled reports."""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from vacancies.export import write_csv, write_xlsx
from vacancies.filters import ExportFilter, is_repeatable
from vacancies.selectors import exported_vacancies


def query_option(filter_):
    """``add_argument()``'s keywords for one of the FilterSet's parameters: its help, limits and choices."""
    extra = filter_.extra
    option = {"help": f"{filter_.label.lower()}: {extra['help_text']}"}
    if is_repeatable(filter_):
        option.update(action="append", default=[])
        option["help"] += f"; repeatable, at most {extra['most']} read"
    if "max_value" in extra:
        option["help"] += f"; from {extra['min_value']} to {extra['max_value']}"
    if "choices" in extra:
        option["choices"] = [value for value, _ in extra["choices"]]
    return option


class Command(BaseCommand):
    help = (
        "Write the vacancies as the sponsors' CSV (the same columns and parameters as "
        "/vacancies/export.csv) to a file or to standard output; an --output ending in .xlsx "
        "is an Excel workbook (/vacancies/export.xlsx)."
    )

    def add_arguments(self, parser):
        # The export's query parameters, one option each: --q, --country, ..., --sort, --status, --posted_after...
        for name, filter_ in ExportFilter.base_filters.items():
            # --posted_after, as the parameter is named, or --posted-after, as options usually are.
            spellings = dict.fromkeys([f"--{name}", f"--{name.replace('_', '-')}"])
            parser.add_argument(*spellings, **query_option(filter_))
        parser.add_argument(
            "--output", "-o", help="file to write, a workbook if it ends in .xlsx (default: CSV on standard output)"
        )
        parser.add_argument("--excel", action="store_true", help="start the CSV with a byte-order mark, for Excel")
        parser.add_argument("--texts", action="store_true", help="add the full duties and qualifications")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="root of the public site, for the url column (default: DJANGO_SITE_URL, now %(default)s)",
        )

    def handle(self, *args, **options):
        query = QueryDict(mutable=True)
        for name, filter_ in ExportFilter.base_filters.items():
            if is_repeatable(filter_):
                query.setlist(name, options[name])
            elif options[name] not in (None, ""):
                query[name] = options[name]
        filterset = exported_vacancies(query=query)
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
            if path.suffix.lower() == ".xlsx":
                with os.fdopen(handle, "wb") as file:
                    write_xlsx(vacancies, file, options["base_url"], texts=options["texts"])
            else:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                    write_csv(vacancies, file, options["base_url"], excel=options["excel"], texts=options["texts"])
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Wrote {path}")
