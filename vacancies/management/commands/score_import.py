"""``python manage.py score_import``: the importer read against the five seed ToRs' fixtures, field by field."""

from django.core.management.base import BaseCommand, CommandError

from vacancies.importing import drafts, score

FORMATS = ("txt", "pdf", "docx")


class Command(BaseCommand):
    help = (
        "Import the five seed ToRs from tests/data/tors (as .txt, .pdf and .docx) without writing anything, "
        "and compare every structured field of the contract with the fixtures HR keyed in. Exits 1 below 100 %."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, action="append", help="only these formats (repeatable)")

    def handle(self, *args, **options):
        formats = options["format"] or FORMATS
        right = total = 0
        for stem, fixture in score.SEEDS:
            want = score.expected(fixture)
            for kind in formats:
                path = score.SAMPLES / f"{stem}.{kind}"
                imported = drafts.read(filename=path.name, data=path.read_bytes())
                results = score.compare(want, drafts.contract(imported))
                matched = sum(ok for _, ok, _, _ in results)
                right, total = right + matched, total + len(results)
                self.stdout.write(f"{path.name:<12} {fixture:<32} {matched}/{len(results)} fields")
                for name, ok, wanted, got in results:
                    if not ok:
                        self.stdout.write(f"    {name}: read {got!r}, the fixture has {wanted!r}")
        self.stdout.write(f"Score: {right}/{total} structured fields ({100 * right / total:.1f} %)")
        if right < total:
            raise CommandError("Some fields do not match the fixtures.")
