"""``python manage.py generate_vacancies --count N [--seed S]``: realistic test data, in bulk."""

import time

from django.core.management.base import BaseCommand, CommandError

from vacancies.generator import generate_vacancies


def positive_int(value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError(f"--count must be a positive integer, not {value!r}.")
    return number


class Command(BaseCommand):
    help = (
        "Add N generated, realistic, published vacancies (for development and benchmarks): all of them or none. "
        "The same --seed and --count give the same vacancies (on the same day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", required=True, help="how many vacancies to add (a positive integer)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
        parser.add_argument("--batch-size", type=int, default=2000, help="vacancies per insert batch")

    def handle(self, *args, count, seed, batch_size, **options):
        count = positive_int(count)
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive integer.")
        verbosity = options["verbosity"]
        start = time.monotonic()

        def progress(done, total):
            if verbosity:
                self.stderr.write(f"{done:,}/{total:,} vacancies ({time.monotonic() - start:.1f}s)")

        generate_vacancies(count=count, seed=seed, batch_size=batch_size, progress=progress)
        self.stdout.write(f"Generated {count} vacancies in {time.monotonic() - start:.1f}s")
