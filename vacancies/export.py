"""The CSV for sponsors: one writer for the public export, the admin action and the command.

UTF-8, RFC 4180 (csv module, CRLF line ends), a header row, one row per
vacancy in the list's order. Columns are documented in the README.
"""

import csv

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from .labels import country_name, language_name
from .models import Level

# The contract's columns, in this order (PRODUCT.md), then extra ones for sponsors.
COLUMNS = [
    "reference",
    "title",
    "organization",
    "office",
    "sector",
    "duty_stations",
    "countries",
    "duration_months",
    "grade",
    "non_family",
    "sponsor_country",
    "supervisor",
    "min_experience_years",
    "education",
    "languages_required",
    "languages_desirable",
    "status",
    "posted_on",
    "closes_on",
    "url",
]
EXTRA_COLUMNS = [
    "alternative_title",
    "duration",
    "nationalities",
    "age_limit",
    "languages_asset",
    "competencies",
    "duties",
    "expected_results",
    "qualifications",
]
HEADER = COLUMNS + EXTRA_COLUMNS

SEPARATOR = "; "
# OWASP's CSV injection advice: a cell starting with one of these is prefixed
# with a single quote, so that no spreadsheet reads it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
# Rows fetched per round trip: the export runs 4 queries per chunk, never one per row.
CHUNK_SIZE = 2000


def neutralise(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def joined(values):
    return SEPARATOR.join(str(v) for v in values if v not in ("", None))


def vacancy_row(vacancy, base_url):
    """The cells of one vacancy, before neutralisation (relations prefetched with ``for_detail()``)."""
    stations = list(vacancy.duty_stations.all())
    qualifications = list(vacancy.qualifications.all())
    supervision = getattr(vacancy, "supervision", None)
    responsibilities = vacancy.responsibilities()
    educations = [
        q.get_degree_display() for q in qualifications if q.category == "education" and q.level == Level.REQUIRED
    ]
    values = {
        "reference": vacancy.reference,
        "title": vacancy.title,
        "organization": vacancy.organization,
        "office": vacancy.office,
        "sector": vacancy.sector,
        "duty_stations": joined(
            f"{s.city}, {country_name(s.country)}" + (f" ({s.period})" if s.period else "") for s in stations
        ),
        "countries": joined(dict.fromkeys(s.country for s in stations)),
        "duration_months": vacancy.duration_months,
        "grade": joined(vacancy.grades),
        "non_family": vacancy.non_family,
        "sponsor_country": vacancy.sponsor_country,
        "supervisor": supervision.supervisor_title if supervision else "",
        "min_experience_years": vacancy.min_experience_years,
        "education": joined(dict.fromkeys(e for e in educations if e)),
        "languages_required": joined(language_name(c) for c in vacancy.languages(Level.REQUIRED)),
        "languages_desirable": joined(language_name(c) for c in vacancy.languages(Level.DESIRABLE)),
        "status": "closed" if vacancy.is_closed else vacancy.status,
        "posted_on": vacancy.posted_on.isoformat() if vacancy.posted_on else "",
        "closes_on": vacancy.closes_on.isoformat() if vacancy.closes_on else "",
        "url": base_url.rstrip("/") + vacancy.get_absolute_url(),
        "alternative_title": vacancy.alternative_title,
        "duration": vacancy.duration_text,
        "nationalities": joined(vacancy.nationalities()),
        "age_limit": vacancy.age_limit,
        "languages_asset": joined(language_name(c) for c in vacancy.languages(Level.ASSET)),
        "competencies": joined(q.competency for q in qualifications if q.category == "competency"),
        "duties": joined(
            duty.text + (" (" + SEPARATOR.join(item.text for item in duty.sub_items) + ")" if duty.sub_items else "")
            for duty in responsibilities
        ),
        "expected_results": joined(duty.text for duty in vacancy.expected_results()),
        "qualifications": joined(
            f"[{q.get_category_display()}, {q.get_level_display().lower()}] {q.text}"
            for q in qualifications
            if q.category != "competency"
        ),
    }
    return [neutralise(values[column]) for column in HEADER]


class _Line:
    """A file that hands back what the csv writer wrote, so rows can be streamed one by one."""

    def write(self, text):
        return text


def csv_lines(vacancies, base_url, excel=False):
    """The export as an iterator of text lines: header first, then a row per vacancy.

    ``vacancies`` is a Vacancy queryset in the order wanted; it is read in
    chunks, so memory stays flat whatever the number of rows.
    """
    writer = csv.writer(_Line())
    yield (EXCEL_BOM if excel else "") + writer.writerow(HEADER)
    for vacancy in vacancies.for_detail().iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(vacancy_row(vacancy, base_url))


def write_csv(vacancies, file, base_url, excel=False):
    for line in csv_lines(vacancies, base_url, excel=excel):
        file.write(line)


def filename(today=None):
    return f"jpo-vacancies-{(today or timezone.localdate()).isoformat()}.csv"


def csv_response(vacancies, request, excel=False):
    """A streamed download of the export, named for today's date."""
    base_url = request.build_absolute_uri(reverse("vacancies:list"))
    response = StreamingHttpResponse(
        csv_lines(vacancies, base_url, excel=excel), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response
