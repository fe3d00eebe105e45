"""A parsed ToR saved as a draft vacancy, and the same draft as the ``import_tor --json`` contract.

``import_tor()`` is the one write: the admin's Import page and ``manage.py
import_tor`` call it. It saves a *draft*, never a published vacancy, in one
transaction, with the ToR's text as ``source_text`` and an ``import_report``
saying which fields were read, which inferred (and why) and which are missing,
and what HR must check.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from ..models import Duty, DutyStation, Grade, Qualification, Status, Supervision, Vacancy
from . import extract, parse

# The contract of ``import_tor --json`` (README, "Importing a ToR"), in this order.
CONTRACT = [
    "file",
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
    "warnings",
]
# The fields a ToR may state, for the report's "read" and "missing" lists.
REPORTED = [
    "title",
    "reference",
    "sector",
    "organization",
    "office",
    "non_family",
    "duration_months",
    "grade_min",
    "sponsor_country",
    "age_limit",
    "closes_on",
    "how_to_apply",
    "application_url",
]
VACANCY_FIELDS = {field.name for field in Vacancy._meta.concrete_fields} - set(Vacancy.DERIVED_FIELDS)


@dataclass
class Imported:
    file: str
    draft: parse.Draft
    text: str
    warnings: list
    vacancy: Vacancy | None = None


def read(*, filename, data=None, text=None):
    """The draft a file (bytes) or pasted ``text`` gives; ``extract.ImportRefused`` for a file that cannot be read."""
    if text is None:
        extracted = extract.extract_text(filename, data)
        text, warnings = extracted.text, list(extracted.warnings)
    else:
        warnings = [warning for warning in [extract.script_warning(text)] if warning]
    if not text.strip():
        raise extract.ImportRefused("There is no text to import.")
    draft = parse.parse(text)
    return Imported(file=filename, draft=draft, text=text, warnings=warnings + draft.warnings)


def import_tor(*, filename, data=None, text=None, organization=None):
    """Read a ToR and save it as a draft vacancy with every section found; returns the ``Imported``.

    ``organization``: the organization the draft is saved under (HR staff import for their own),
    else the one the ToR names.
    """
    imported = read(filename=filename, data=data, text=text)
    with transaction.atomic():
        imported.vacancy = save_draft(imported, organization=organization)
    return imported


def save_draft(imported, organization=None):
    draft = imported.draft
    fields = {name: value for name, value in draft.fields.items() if name in VACANCY_FIELDS}
    warnings = imported.warnings
    named = fields.get("organization", "")
    if organization and named.upper() != organization.upper():
        fields["organization"] = organization
        draft.inferred.pop("organization", None)
        warnings.append(
            f"The ToR names the organization “{named}”: the draft is saved under yours, {organization}."
            if named
            else f"The ToR names no organization: the draft is saved under yours, {organization}."
        )
    reference = fields.get("reference", "")
    if reference and Vacancy.objects.filter(reference=reference).exists():
        # References are unique: the draft keeps it where HR sees it, and HR decides.
        fields["reference"] = ""
        fields["other_references"] = "; ".join(filter(None, [fields.get("other_references", ""), reference]))
        warnings.append(f"Another vacancy already has the reference {reference}: it is kept in other references.")
    vacancy = Vacancy(
        **fields,
        status=Status.DRAFT,
        slug=free_slug(fields.get("title") or f"imported-tor-{reference or 'draft'}"),
        source_text=imported.text,
    )
    vacancy.import_report = report(imported, warnings)
    vacancy.save()
    Supervision.objects.create(vacancy=vacancy, **draft.supervision)
    DutyStation.objects.bulk_create(
        DutyStation(vacancy=vacancy, order=order, **station) for order, station in enumerate(draft.duty_stations, 1)
    )
    save_duties(vacancy, draft.duties)
    Qualification.objects.bulk_create(
        Qualification(vacancy=vacancy, order=order, **row) for order, row in enumerate(draft.qualifications, 1)
    )
    return vacancy


def save_duties(vacancy, duties):
    """The duties in ToR order, groups first so that their items can point at them: two statements."""
    orders, order = [], 0
    for duty in duties:
        order += 1
        orders.append(order)
        order += len(duty["items"])
    groups = Duty.objects.bulk_create(
        Duty(vacancy=vacancy, order=at, kind=duty["kind"], text=duty["text"])
        for at, duty in zip(orders, duties, strict=True)
    )
    Duty.objects.bulk_create(
        Duty(vacancy=vacancy, order=at + offset, kind=duty["kind"], text=text, group=group)
        for at, duty, group in zip(orders, duties, groups, strict=True)
        for offset, text in enumerate(duty["items"], 1)
    )


def report(imported, warnings):
    draft = imported.draft
    return {
        "file": imported.file,
        "read": [name for name in REPORTED if draft.fields.get(name) not in (None, "", "not_stated")],
        "inferred": dict(draft.inferred),
        "missing": [name for name in REPORTED if draft.fields.get(name) in (None, "", "not_stated")],
        "warnings": warnings,
        "counts": {
            "duty_stations": len(draft.duty_stations),
            "duties": duty_count(draft),
            "qualifications": len(draft.qualifications),
        },
    }


def free_slug(title):
    base = slugify(title)[:100] or "imported-tor"
    slug, number = base, 1
    while Vacancy.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def duty_count(draft):
    return sum(1 + len(duty["items"]) for duty in draft.duties)


def contract(imported):
    """The ``--json`` object of one file: ``""``, ``None`` or ``[]`` where the ToR does not state it."""
    draft = imported.draft
    return {
        "file": imported.file,
        **structured(draft.fields, draft.duty_stations, draft.qualifications, duty_count(draft)),
        "warnings": imported.warnings,
    }


def structured(fields, stations, rows, duties):
    """The contract's structured fields (``SCORED``) of a vacancy's fields, duty stations and qualification rows.

    One computation for the importer's reading and for the fixtures it is scored against (``score.py``).
    """

    def languages(level):
        codes = [q["language"] for q in rows if q["category"] == "language" and q["level"] == level and q["language"]]
        return list(dict.fromkeys(codes))

    grades = Grade.values
    lowest, highest = fields.get("grade_min"), fields.get("grade_max")
    years = [q["min_years"] for q in rows if q["category"] == "experience" and q["level"] == "required"]
    years = [y for y in years if y is not None]
    degrees = [q["degree"] for q in rows if q["category"] == "education" and q["level"] == "required" and q["degree"]]
    closes_on = fields.get("closes_on")
    return {
        "title": fields.get("title", ""),
        "organization": fields.get("organization", ""),
        "office": fields.get("office", ""),
        "reference": fields.get("reference", ""),
        "sector": fields.get("sector", ""),
        "duty_stations": [{key: station[key] for key in ("city", "country", "period")} for station in stations],
        "sponsor_country": fields.get("sponsor_country", ""),
        "grade": grades[grades.index(lowest) : grades.index(highest) + 1] if lowest else [],
        "duration_months": fields.get("duration_months"),
        "non_family": fields.get("non_family") or "not_stated",
        "languages_required": languages("required"),
        "languages_desirable": languages("desirable"),
        "min_experience_years": max(years) if years else None,
        "degree": max(degrees, key=Qualification.Degree.values.index) if degrees else "",
        "nationalities": [q["country"] for q in rows if q["category"] == "nationality" and q["country"]],
        "age_limit": fields.get("age_limit"),
        "closes_on": closes_on if isinstance(closes_on, str) or closes_on is None else closes_on.isoformat(),
        "duties": duties,
        "qualifications": len(rows),
    }


# The structured fields, those ``score_import`` compares.
SCORED = [name for name in CONTRACT if name not in ("file", "warnings")]
