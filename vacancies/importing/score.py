"""How well the importer reads a ToR whose structured fields are known: the contract's fields, one by one.

The seed ToRs' fixtures (``fixtures/*.json``) hold what HR staff keyed in by hand; the
importer's reading of the same ToR (as text, PDF or Word) is compared with them field by
field. ``manage.py score_import`` prints the table; ``tests/test_import.py`` holds it at 100 %.
"""

import json
from pathlib import Path

from django.conf import settings

from . import drafts

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SAMPLES = Path(settings.BASE_DIR) / "tests" / "data" / "tors"
# The seeds' texts as tests/data/tors holds them (seed_N.*), in the fixtures' order.
SEEDS = [
    ("seed_0", "01_unodc_22p001.json"),
    ("seed_1", "02_dpa_int-010-17-p127.json"),
    ("seed_2", "03_oscsea_2024-2-42.json"),
    ("seed_3", "04_dpo_21p224.json"),
    ("seed_4", "05_ohchr_digital_age.json"),
]


def expected(fixture):
    """The contract's structured fields of a fixture, computed as the importer's are (``drafts.structured``)."""
    objects = json.loads((FIXTURES / fixture).read_text())
    vacancy = next(o["fields"] for o in objects if o["model"] == "vacancies.vacancy")
    return drafts.structured(
        vacancy,
        [o["fields"] for o in objects if o["model"] == "vacancies.dutystation"],
        [o["fields"] for o in objects if o["model"] == "vacancies.qualification"],
        sum(1 for o in objects if o["model"] == "vacancies.duty"),
    )


def compare(want, got):
    """[(field, matches, wanted, got)] for every scored field."""
    return [(name, want[name] == got[name], want[name], got[name]) for name in drafts.SCORED]
