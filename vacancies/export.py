"""The CSV for sponsors: one writer for the public export, the admin action and the command.

UTF-8, RFC 4180 (csv module, CRLF line ends), a header row, one row per
vacancy in the list's order. Columns are documented in the README.
"""

import csv
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from django.db import connection, connections
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from .labels import language_name, station_label
from .models import Category, Degree, Duty, DutyStation, Level, Qualification, grade_range

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
]
# The full texts, on request (``texts=1``): they make the file ten times larger.
TEXT_COLUMNS = ["duties", "expected_results", "qualifications"]

SEPARATOR = "; "
# OWASP's CSV injection advice: a cell starting with one of these is prefixed
# with a single quote, so that no spreadsheet reads it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
# Vacancies per round trip. The vacancies stream from one query; a chunk of them
# costs two more (three with the texts), whatever its size; everything is read
# as tuples, never as model instances.
CHUNK_SIZE = 2000

VACANCY_FIELDS = [
    "id",
    "reference",
    "slug",
    "title",
    "alternative_title",
    "organization",
    "office",
    "sector",
    "duration_months",
    "duration_text",
    "grade_min",
    "grade_max",
    "non_family",
    "sponsor_country",
    "min_experience_years",
    "age_limit",
    "status",
    "posted_on",
    "closes_on",
    "supervision__supervisor_title",
]
# The qualifications the columns read, but for the full texts.
CATEGORIES_READ = [Category.EDUCATION, Category.LANGUAGE, Category.COMPETENCY, Category.NATIONALITY]
DEGREES = dict(Degree.choices)
CATEGORIES = dict(Category.choices)
LEVELS = {value: label.lower() for value, label in Level.choices}


def header(texts=False):
    return COLUMNS + EXTRA_COLUMNS + (TEXT_COLUMNS if texts else [])


def neutralise(value):
    if value is None:
        return ""
    if value.__class__ is not str:
        return value  # numbers: the csv module writes them, and none is negative
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def joined(values):
    return SEPARATOR.join(str(v) for v in values if v not in ("", None))


def batched(iterable, size):
    """Lists of ``size`` items from an iterator (itertools.batched arrives in Python 3.12)."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def grouped(rows):
    """{vacancy id: [row without the id, ...]} from rows ordered by vacancy."""
    groups = defaultdict(list)
    for vacancy_id, *rest in rows:
        groups[vacancy_id].append(rest)
    return groups


def duty_text(duties, kind):
    """The duties of one kind, each group's items in brackets after it."""
    duties = [d for d in duties if d[1] == kind]
    items = defaultdict(list)
    for _, _, group_id, text in duties:
        if group_id is not None:
            items[group_id].append(text)
    return joined(
        text + (f" ({SEPARATOR.join(items[duty_id])})" if items[duty_id] else "")
        for duty_id, _, group_id, text in duties
        if group_id is None
    )


def row_cells(v, stations, quals, duties, url_pattern, today, texts):
    """One vacancy's cells from its row and its relations' rows (one pass over each)."""
    educations, nationalities, competencies = {}, [], []
    languages = {Level.REQUIRED: {}, Level.DESIRABLE: {}, Level.ASSET: {}}
    for q in quals:
        category, level = q[0], q[1]
        if category == "language":
            if q[2]:
                languages[level][language_name(q[2])] = None
        elif category == "competency":
            competencies.append(q[4])
        elif category == "education":
            if level == Level.REQUIRED and q[3]:
                educations[DEGREES[q[3]]] = None
        elif category == "nationality":
            nationalities.append(q[5])
    closed = v["status"] == "closed" or (v["closes_on"] is not None and v["closes_on"] < today)
    values = [
        v["reference"],
        v["title"],
        v["organization"],
        v["office"],
        v["sector"],
        SEPARATOR.join(station_label(city, country, period) for city, country, period in stations),
        SEPARATOR.join(dict.fromkeys(country for _, country, _ in stations)),
        v["duration_months"],
        SEPARATOR.join(grade_range(v["grade_min"], v["grade_max"])),
        v["non_family"],
        v["sponsor_country"],
        v["supervision__supervisor_title"],
        v["min_experience_years"],
        SEPARATOR.join(educations),
        SEPARATOR.join(languages[Level.REQUIRED]),
        SEPARATOR.join(languages[Level.DESIRABLE]),
        "closed" if closed else v["status"],
        v["posted_on"].isoformat() if v["posted_on"] else "",
        v["closes_on"].isoformat() if v["closes_on"] else "",
        url_pattern.format(v["slug"]),
        v["alternative_title"],
        v["duration_text"],
        joined(nationalities),
        v["age_limit"],
        SEPARATOR.join(languages[Level.ASSET]),
        joined(competencies),
    ]
    if texts:
        values += [
            duty_text(duties, "responsibility"),
            duty_text(duties, "result"),
            joined(f"[{CATEGORIES[q[0]]}, {LEVELS[q[1]]}] {q[6]}" for q in quals if q[0] != "competency"),
        ]
    return [neutralise(value) for value in values]


class _Line:
    """A file that hands back what the csv writer wrote, so rows can be streamed one by one."""

    def write(self, text):
        return text


def csv_lines(vacancies, base_url, excel=False, texts=False):
    """The export as an iterator of text lines: header first, then a row per vacancy.

    ``vacancies`` is a Vacancy queryset in the order wanted. Its rows stream
    from one query; each chunk of them is then read with its relations as
    plain tuples, so memory stays flat and the queries are a few per chunk.
    """
    writer = csv.writer(_Line())
    yield (EXCEL_BOM if excel else "") + writer.writerow(header(texts))
    url_pattern = base_url.rstrip("/") + reverse("vacancies:detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{}")
    today = timezone.localdate()
    rows = vacancies.values(*VACANCY_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for batch, (stations, qualifications, duties) in with_relations(batched(rows, CHUNK_SIZE), texts):
        for vacancy in batch:
            pk = vacancy["id"]
            cells = row_cells(vacancy, stations[pk], qualifications[pk], duties.get(pk, []), url_pattern, today, texts)
            yield writer.writerow(cells)


def relations(chunk, texts):
    """(duty stations, qualifications, duties) of a chunk of vacancy ids, grouped by vacancy."""
    stations = grouped(
        DutyStation.objects.filter(vacancy_id__in=chunk)
        .order_by("vacancy_id", "order", "id")
        .values_list("vacancy_id", "city", "country", "period")
    )
    qualifications = Qualification.objects.filter(vacancy_id__in=chunk)
    if not texts:
        qualifications = qualifications.filter(category__in=CATEGORIES_READ)
    qualifications = grouped(
        qualifications.order_by("vacancy_id", "order", "id").values_list(
            "vacancy_id",
            "category",
            "level",
            "language",
            "degree",
            "competency",
            "country",
            *(["text"] if texts else []),
        )
    )
    duties = (
        grouped(
            Duty.objects.filter(vacancy_id__in=chunk)
            .order_by("vacancy_id", "order", "id")
            .values_list("vacancy_id", "id", "kind", "group_id", "text")
        )
        if texts
        else {}
    )
    return stations, qualifications, duties


def with_relations(batches, texts):
    """Each batch of vacancy rows with its relations.

    Outside a transaction, a second thread (with its own database connection)
    reads the next batch's relations while this one's rows are written: the
    database and Python work at the same time. Inside a transaction another
    connection would not see its rows, so the reads stay in this thread.
    """
    if connection.in_atomic_block:
        for batch in batches:
            yield batch, relations([row["id"] for row in batch], texts)
        return
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csv-relations")
    try:
        batch = next(batches, None)
        pending = reader.submit(relations, [row["id"] for row in batch], texts) if batch else None
        while batch:
            following = next(batches, None)
            upcoming = reader.submit(relations, [row["id"] for row in following], texts) if following else None
            yield batch, pending.result()
            batch, pending = following, upcoming
    finally:
        reader.submit(connections.close_all).result()  # the reader thread's own connection
        reader.shutdown()


def write_csv(vacancies, file, base_url, excel=False, texts=False):
    for line in csv_lines(vacancies, base_url, excel=excel, texts=texts):
        file.write(line)


def filename(today=None):
    return f"jpo-vacancies-{(today or timezone.localdate()).isoformat()}.csv"


def csv_response(vacancies, request, excel=False, texts=False):
    """A streamed download of the export, named for today's date."""
    base_url = request.build_absolute_uri(reverse("vacancies:list"))
    response = StreamingHttpResponse(
        csv_lines(vacancies, base_url, excel=excel, texts=texts), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response
