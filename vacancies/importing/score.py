"""How well the importer reads a ToR whose structured fields are known: the contract's fields, one by one.

The seed ToRs' fixtures (``fixtures/*.json``) hold what HR staff keyed in by hand; the
importer's reading of the same ToR (as text, PDF or Word) is compared with them field by
field. ``manage.py score_import`` prints the table; ``tests/test_import.py`` holds it at 100 %.
"""

import json
from pathlib import Path

from django.conf import settings

from ..models import Grade, Qualification

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
SCORED = [
    "title",
    "organization",
    "office",
    "reference",
    "sector",
    "duty_stations",
    "sponsor_country",
    "grade",
    "duration_months",
    "non_family",
    "languages_required",
    "languages_desirable",
    "min_experience_years",
    "degree",
    "nationalities",
    "age_limit",
    "closes_on",
    "duties",
    "qualifications",
]


def expected(fixture):
    """The contract's fields of a fixture, computed as ``drafts.contract`` computes them of a draft."""
    objects = json.loads((FIXTURES / fixture).read_text())
    vacancy = next(o["fields"] for o in objects if o["model"] == "vacancies.vacancy")
    rows = [o["fields"] for o in objects if o["model"] == "vacancies.qualification"]

    def languages(level):
        codes = [q["language"] for q in rows if q["category"] == "language" and q["level"] == level and q["language"]]
        return list(dict.fromkeys(codes))

    grades = Grade.values
    years = [q["min_years"] for q in rows if q["category"] == "experience" and q["level"] == "required"]
    years = [y for y in years if y is not None]
    degrees = [q["degree"] for q in rows if q["category"] == "education" and q["level"] == "required" and q["degree"]]
    return {
        "title": vacancy["title"],
        "organization": vacancy["organization"],
        "office": vacancy["office"],
        "reference": vacancy["reference"],
        "sector": vacancy["sector"],
        "duty_stations": [
            {key: o["fields"][key] for key in ("city", "country", "period")}
            for o in objects
            if o["model"] == "vacancies.dutystation"
        ],
        "sponsor_country": vacancy["sponsor_country"],
        "grade": grades[grades.index(vacancy["grade_min"]) : grades.index(vacancy["grade_max"]) + 1]
        if vacancy["grade_min"]
        else [],
        "duration_months": vacancy["duration_months"],
        "non_family": vacancy["non_family"],
        "languages_required": languages("required"),
        "languages_desirable": languages("desirable"),
        "min_experience_years": max(years) if years else None,
        "degree": max(degrees, key=Qualification.Degree.values.index) if degrees else "",
        "nationalities": [q["country"] for q in rows if q["category"] == "nationality" and q["country"]],
        "age_limit": vacancy["age_limit"],
        "closes_on": vacancy["closes_on"],
        "duties": sum(1 for o in objects if o["model"] == "vacancies.duty"),
        "qualifications": len(rows),
    }


def compare(want, got):
    """[(field, matches, wanted, got)] for every scored field."""
    return [(name, want[name] == got[name], want[name], got[name]) for name in SCORED]
