"""The CSV for sponsors: one writer for the public export, the admin action and the command.

UTF-8, RFC 4180 (csv module, CRLF line ends), a header row, one row per
vacancy in the list's order. Columns are documented in the README.
"""

import csv
import io
import json
import threading
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, islice

from django.db import connection, connections
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from .labels import country_names, language_name, language_names, station_label
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
LINE_END = "\r\n"  # RFC 4180's, and the csv module's
# Vacancies per round trip. The vacancies stream from one query; a chunk of them
# costs one more on PostgreSQL, two elsewhere (three with the texts), whatever
# its size; everything is read as tuples, never as model instances.
CHUNK_SIZE = 2000
# Threads reading chunks ahead of the one being written (see ``read_ahead``).
READERS = 2

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
            if q[2]:  # once each, whatever the case of its code
                languages[level].setdefault(q[2].lower(), language_name(q[2]))
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
        SEPARATOR.join(languages[Level.REQUIRED].values()),
        SEPARATOR.join(languages[Level.DESIRABLE].values()),
        "closed" if closed else v["status"],
        v["posted_on"].isoformat() if v["posted_on"] else "",
        v["closes_on"].isoformat() if v["closes_on"] else "",
        url_pattern.format(v["slug"]),
        v["alternative_title"],
        v["duration_text"],
        joined(nationalities),
        v["age_limit"],
        SEPARATOR.join(languages[Level.ASSET].values()),
        joined(competencies),
    ]
    if texts:
        values += [
            duty_text(duties, "responsibility"),
            duty_text(duties, "result"),
            joined(f"[{CATEGORIES[q[0]]}, {LEVELS[q[1]]}] {q[6]}" for q in quals if q[0] != "competency"),
        ]
    return [neutralise(value) for value in values]


def csv_chunks(vacancies, base_url, excel=False, texts=False):
    """The export as text: the header row, then the rows of each chunk of vacancies.

    ``vacancies`` is a Vacancy queryset in the order wanted. Its ids stream
    from one query; each chunk of them is then read with its relations as
    plain tuples, so memory stays flat and the queries are a few per chunk.
    A chunk is written in one piece, so that a streamed response sends a few
    large writes rather than one per row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    writer.writerow(header(texts))
    yield (EXCEL_BOM if excel else "") + _drained(buffer)
    url_pattern = base_url.rstrip("/") + reverse("vacancies:detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{}")
    today = timezone.localdate()
    if connections[vacancies.db].vendor == "postgresql" and not texts:
        yield from database_rows(vacancies, url_pattern, today)
    else:
        for rows in python_rows(vacancies, url_pattern, today, texts):
            writer.writerows(rows)
            yield _drained(buffer)


def _drained(buffer):
    """What was written to ``buffer``, which is left empty."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def python_rows(vacancies, url_pattern, today, texts):
    """Each chunk's rows, cells formatted by ``row_cells`` (SQLite, and the full texts)."""
    rows = vacancies.values(*VACANCY_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for batch, (stations, qualifications, duties) in read_ahead(
        batched(rows, CHUNK_SIZE), lambda batch: relations([row["id"] for row in batch], texts)
    ):
        yield [
            row_cells(v, stations[v["id"]], qualifications[v["id"]], duties.get(v["id"], []), url_pattern, today, texts)
            for v in batch
        ]


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


def read_ahead(batches, read):
    """Each batch, in order, with what ``read(batch)`` reads from the database for it.

    Outside a transaction, READERS threads (each with its own database
    connection) read for the next batches while this one's rows are written:
    the database works on several chunks at once, on as many cores, and
    Python writes at the same time. Inside a transaction other connections
    would not see its rows, so the reads stay in this thread; so do those of
    an export of one chunk, which has nothing to read ahead (a thread's new
    connection would cost it more than it saves).
    """
    batches = iter(batches)
    first = list(islice(batches, 2))
    batches = chain(first, batches)
    if connection.in_atomic_block or len(first) < 2:
        for batch in batches:
            yield batch, read(batch)
        return
    readers = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="csv-reader")
    pending = deque()
    try:
        for batch in batches:
            pending.append((batch, readers.submit(read, batch)))
            if len(pending) > READERS:
                batch, reading = pending.popleft()
                yield batch, reading.result()
        while pending:
            batch, reading = pending.popleft()
            yield batch, reading.result()
    finally:
        for reading in [reading for _, reading in pending]:
            reading.cancel()
        # Each reader thread closes its own connection: the barrier hands one task to every thread.
        barrier = threading.Barrier(READERS)
        closing = [readers.submit(_close_connections, barrier) for _ in range(READERS)]
        for task in closing:
            task.result()
        readers.shutdown()


def _close_connections(barrier):
    barrier.wait()
    connections.close_all()


# The rows finished by PostgreSQL ------------------------------------------------
#
# On PostgreSQL the database keeps each vacancy's cells, neutralised and quoted,
# in a table of their own (migration 0011), and one query per chunk joins each
# vacancy's cells into its line: Python only puts the lines in order. Only what
# depends on the day, the request or the application's names is finished here.
# Each cell follows ``row_cells`` exactly; a test holds the two to the same bytes.


def _names(codes, names, lowercase=False):
    """The names of an array of codes, in order, joined by the separator: an unknown code stays as it is."""
    key = "lower(code)" if lowercase else "code"
    return (
        f"(SELECT string_agg(coalesce({names}::jsonb ->> {key}, code), %(separator)s ORDER BY n)"
        f" FROM unnest({codes}) WITH ORDINALITY AS codes(code, n))"
    )


_STATIONS = (
    "(SELECT string_agg(city || ', ' || coalesce(%(countries)s::jsonb ->> upper(country), country)"
    " || CASE WHEN period <> '' THEN ' (' || period || ')' ELSE '' END, %(separator)s ORDER BY n)"
    " FROM unnest(e.station_cities, e.station_countries, e.station_periods) WITH ORDINALITY"
    " AS stations(city, country, period, n))"
)
# The cells named from codes, over e, a vacancy's row of cells.
NAMED = {
    "duty_stations": _STATIONS,
    "education": _names("e.degrees", "%(degrees)s"),
    "languages_required": _names("e.languages_required", "%(languages)s", lowercase=True),
    "languages_desirable": _names("e.languages_desirable", "%(languages)s", lowercase=True),
    "languages_asset": _names("e.languages_asset", "%(languages)s", lowercase=True),
}
# The cells in the order of ``header()`` (without the texts), over e and n, its named cells.
CELLS = [
    "e.reference",
    "e.title",
    "e.organization",
    "e.office",
    "e.sector",
    "vacancies_csv_text(n.duty_stations)",
    "e.countries",
    "e.duration_months",
    "e.grade",
    "e.non_family",
    "e.sponsor_country",
    "e.supervisor",
    "e.min_experience_years",
    "vacancies_csv_text(n.education)",
    "vacancies_csv_text(n.languages_required)",
    "vacancies_csv_text(n.languages_desirable)",
    "CASE WHEN e.status = 'closed' OR e.closes_on < %(today)s THEN 'closed' ELSE e.status END",
    "e.posted_on_cell",
    "e.closes_on_cell",
    "vacancies_csv_text(%(url_start)s || e.slug || %(url_end)s)",
    "e.alternative_title",
    "e.duration",
    "e.nationalities",
    "e.age_limit",
    "vacancies_csv_text(n.languages_asset)",
    "e.competencies",
]
CELLS_SEPARATOR = ",\n  "
# OFFSET 0 keeps the named cells' subqueries in their own subquery: moved into the cells'
# expressions, they would stop PostgreSQL from inlining vacancies_csv_text (2.4 times slower).
ROWS_SQL = f"""
SELECT e.vacancy_id, concat_ws(',',
  {CELLS_SEPARATOR.join(CELLS)}
) || %(line_end)s
FROM vacancies_export_row e
CROSS JOIN LATERAL (
  SELECT {CELLS_SEPARATOR.join(f"{sql} AS {name}" for name, sql in NAMED.items())}
  OFFSET 0
) n
WHERE e.vacancy_id = ANY(%(ids)s)
"""
REFRESH_SQL = "SELECT vacancies_refresh_export_rows(%s::bigint[])"


def database_rows(vacancies, url_pattern, today):
    """Each chunk's lines, every cell kept and finished by PostgreSQL (``ROWS_SQL``); not for the full texts."""
    url_start, url_end = url_pattern.split("{}")
    parameters = {
        "separator": SEPARATOR,
        "countries": json.dumps(country_names()),
        "languages": json.dumps(language_names()),
        "degrees": json.dumps(DEGREES),
        "today": today,
        "url_start": url_start,
        "url_end": url_end,
        "line_end": LINE_END,
    }
    db = vacancies.db

    def read(ids):
        with connections[db].cursor() as cursor:
            cursor.execute(ROWS_SQL, {**parameters, "ids": ids})
            lines = dict(cursor.fetchall())
            if missing := [pk for pk in ids if pk not in lines]:
                # Rows written with the triggers off (a restore with --disable-triggers): made again now.
                # A vacancy deleted since its id was read still has none, and is left out.
                cursor.execute(REFRESH_SQL, [missing])
                cursor.execute(ROWS_SQL, {**parameters, "ids": missing})
                lines.update(cursor.fetchall())
            return lines

    ids = vacancies.values_list("id", flat=True).iterator(chunk_size=CHUNK_SIZE)
    for chunk, lines in read_ahead(batched(ids, CHUNK_SIZE), read):
        yield "".join(lines[pk] for pk in chunk if pk in lines)


def write_csv(vacancies, file, base_url, excel=False, texts=False):
    for text in csv_chunks(vacancies, base_url, excel=excel, texts=texts):
        file.write(text)


def filename(today=None):
    return f"jpo-vacancies-{(today or timezone.localdate()).isoformat()}.csv"


def csv_response(vacancies, request, excel=False, texts=False):
    """A streamed download of the export, named for today's date."""
    base_url = request.build_absolute_uri(reverse("vacancies:list"))
    response = StreamingHttpResponse(
        csv_chunks(vacancies, base_url, excel=excel, texts=texts), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response
