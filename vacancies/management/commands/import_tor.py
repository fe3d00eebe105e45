"""``python manage.py import_tor FILE [FILE ...] [--dry-run] [--json]``: ToR files as draft vacancies."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from vacancies.importing import drafts, extract


class Command(BaseCommand):
    help = (
        "Read ToR files (.pdf, .docx, .txt) into draft vacancies, one per file, and print each draft's admin URL. "
        "Nothing is published: HR staff check the draft first. With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="write nothing; print what was read")
        parser.add_argument("--json", action="store_true", help="print a JSON list, one object per file")

    def handle(self, *args, files, dry_run, **options):
        results, failed = [], []
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as error:
                failed.append(f"{name}: {error.strerror}.")
                continue
            try:
                if dry_run:
                    imported = drafts.read(filename=path.name, data=data)
                else:
                    imported = drafts.import_tor(filename=path.name, data=data)
            except extract.ImportRefused as refusal:
                failed.append(f"{name}: {refusal.message}")
                continue
            results.append(imported)
        if options["json"]:
            self.stdout.write(dumps([drafts.contract(imported) for imported in results]))
        else:
            for imported in results:
                self.report(imported)
        if failed:
            raise CommandError("Not imported:\n" + "\n".join(failed))

    def report(self, imported):
        draft = imported.draft
        title = draft.fields.get("title") or "(no title found)"
        if imported.vacancy is not None:
            url = settings.SITE_URL.rstrip("/") + reverse("admin:vacancies_vacancy_change", args=[imported.vacancy.pk])
            self.stdout.write(f"{imported.file}: draft “{title}”: {url}")
        else:
            self.stdout.write(f"{imported.file}: would make the draft “{title}”")
        for warning in imported.warnings:
            self.stdout.write(f"  - {warning}")


def dumps(objects):
    return json.dumps(objects, ensure_ascii=False, indent=2, default=str)
