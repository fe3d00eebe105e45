"""The CSV for sponsors: one writer for the public export, the admin action and the command.

The XLSX export is the same rows, read back from the CSV's lines and typed
(``write_xlsx``): there is one row source.

UTF-8, RFC 4180 (CRLF line ends), a header row, one row per vacancy in the
list's order. Columns are documented in the README. Every cell has one
writer: PostgreSQL keeps and finishes the shared ones
(vacancies/sql/export_cells.sql, ``ROWS_SQL``), Python adds only the full
texts. The separator, the formula starts and the grades are this module's
and ``Grade``'s, passed to the database (``vacancies.sql.rules``).
"""

import csv
import io
import json
import tempfile
import threading
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import lru_cache
from itertools import chain, islice
from types import SimpleNamespace

import xlsxwriter
from django.db import connection, connections
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from .eligibility import Eligibility
from .labels import country_names, language_names
from .models import Category, Degree, Duty, DutyKind, Level, Qualification
from .querysets import is_closed

# The contract's columns, in this order (README, "The CSV for sponsors"), then extra ones for sponsors.
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
    "eligibility",
]
# The full texts, on request (``texts=1``): they make the file ten times larger.
TEXT_COLUMNS = ["duties", "expected_results", "qualifications"]

SEPARATOR = "; "
# OWASP's CSV injection advice: a cell starting with one of these is prefixed
# with a single quote, so that no spreadsheet reads it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"
LINE_END = "\r\n"  # RFC 4180's, and the csv module's
# Vacancies per round trip: the ids stream from one query, and each chunk of them costs one more
# (two with the full texts), whatever its size. Everything is read as tuples, never as model instances.
CHUNK_SIZE = 2000
# Threads reading chunks ahead of the one being written (see ``read_ahead``).
READERS = 2

DEGREES = dict(Degree.choices)
CATEGORIES = dict(Category.choices)
LEVELS = {value: label.lower() for value, label in Level.choices}


def header(texts=False):
    return COLUMNS + EXTRA_COLUMNS + (TEXT_COLUMNS if texts else [])


def neutralise(value):
    """A text cell that would start a formula gets a leading single quote (export_cells.sql does the same)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def joined(values):
    return SEPARATOR.join(str(v) for v in values if v not in ("", None))


def batched(iterable, size):
    """Lists of ``size`` items from an iterator (itertools.batched arrives in Python 3.12)."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def csv_line(cells):
    """One row as the csv module writes it (RFC 4180 quoting, CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=LINE_END).writerow(cells)
    return buffer.getvalue()


def csv_chunks(vacancies, base_url, excel=False, texts=False):
    """The export as text: the header row, then the lines of each chunk of vacancies.

    ``vacancies`` is a Vacancy queryset in the order wanted. Its ids stream
    from one query; PostgreSQL writes each chunk's lines from the cells it
    keeps (``ROWS_SQL``). A chunk is yielded in one piece, so that a streamed
    response sends a few large writes rather than one per row.
    """
    yield (EXCEL_BOM if excel else "") + csv_line(header(texts))
    url_pattern = base_url.rstrip("/") + reverse("vacancies:detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{}")
    yield from database_lines(vacancies, url_pattern, timezone.localdate(), texts)


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


# The lines, written by PostgreSQL --------------------------------------------------
#
# The database keeps each vacancy's cells, neutralised and quoted, in a table of
# their own (ExportRow, vacancies/sql/export_cells.sql), and one query per chunk
# joins each vacancy's cells into its line: Python only puts the lines in order.
# Only what depends on the day, the request or the application's names is
# finished here; only the full texts (``texts=1``) are written by Python.


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
# The cells in the order of ``header()`` (without the texts), over e and n, its named cells; the
# status, by the rule of querysets.closed_as_of, is Python's (``is_closed``) between them.
CELLS_BEFORE_STATUS = [
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
]
CELLS_AFTER_STATUS = [
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
# The eligibility cell is Python's too, worded by vacancies.eligibility from the vacancy's own columns.
ELIGIBILITY_FACTS = ", ".join(f"v.{fact}" for fact in Eligibility.FACTS)
ROWS_SQL = f"""
SELECT e.vacancy_id,
  concat_ws(',',
  {CELLS_SEPARATOR.join(CELLS_BEFORE_STATUS)}
  ) || ',',
  e.status,
  e.closes_on,
  ',' || concat_ws(',',
  {CELLS_SEPARATOR.join(CELLS_AFTER_STATUS)}
  ) || ',',
  {ELIGIBILITY_FACTS}
FROM vacancies_export_row e
JOIN vacancies_vacancy v ON v.id = e.vacancy_id
CROSS JOIN LATERAL (
  SELECT {CELLS_SEPARATOR.join(f"{sql} AS {name}" for name, sql in NAMED.items())}
  OFFSET 0
) n
WHERE e.vacancy_id = ANY(%(ids)s)
"""
REFRESH_SQL = "SELECT vacancies_refresh_export_rows(%s::bigint[])"


def database_lines(vacancies, url_pattern, today, texts):
    """Each chunk's lines; PostgreSQL writes every cell but the full texts, which ``text_cells`` adds."""
    url_start, url_end = url_pattern.split("{}")
    parameters = {
        "separator": SEPARATOR,
        "countries": json.dumps(country_names()),
        "languages": json.dumps(language_names()),
        "degrees": json.dumps(DEGREES),
        "url_start": url_start,
        "url_end": url_end,
    }
    db = vacancies.db

    def read(ids):
        with connections[db].cursor() as cursor:
            cursor.execute(ROWS_SQL, {**parameters, "ids": ids})
            rows = cursor.fetchall()
            if missing := set(ids).difference(row[0] for row in rows):
                # Rows written with the triggers off (a restore with --disable-triggers): made again now.
                # A vacancy deleted since its id was read still has none, and is left out.
                cursor.execute(REFRESH_SQL, [list(missing)])
                cursor.execute(ROWS_SQL, {**parameters, "ids": list(missing)})
                rows += cursor.fetchall()
        # With the texts, the line ends after its text cells.
        end = {pk: "," + csv_line(cells) for pk, cells in text_cells(db, ids).items()} if texts else {}
        return {
            pk: head
            + ("closed" if is_closed(status, closes_on, today) else status)
            + tail
            + eligibility_cell(tuple(json.dumps(fact) if isinstance(fact, list) else fact for fact in facts))
            + end.get(pk, LINE_END)
            for pk, head, status, closes_on, tail, *facts in rows
        }

    ids = vacancies.values_list("id", flat=True).iterator(chunk_size=CHUNK_SIZE)
    for chunk, lines in read_ahead(batched(ids, CHUNK_SIZE), read):
        yield "".join(lines[pk] for pk in chunk if pk in lines)


@lru_cache(maxsize=4096)
def eligibility_cell(facts):
    """The eligibility summary's lines as one cell, quoted; the same few combinations recur, so each is worded once.

    ``facts`` are ``Eligibility.FACTS``' values in order, lists as JSON (a cache key must be hashable).
    """
    values = {
        name: json.loads(value) if name in LIST_FACTS else value
        for name, value in zip(Eligibility.FACTS, facts, strict=True)
    }
    eligibility = Eligibility(SimpleNamespace(**values))
    return csv_line([neutralise(SEPARATOR.join(eligibility.lines()))]).removesuffix(LINE_END)


LIST_FACTS = {"nationality_codes", "language_requirements"}


def text_cells(db, ids):
    """{vacancy id: [duties, expected results, qualifications]}, neutralised, for a chunk of ids."""
    duties, qualifications = defaultdict(list), defaultdict(list)
    rows = Duty.objects.using(db).filter(vacancy_id__in=ids).order_by("vacancy_id", "order", "id")
    for vacancy_id, *duty in rows.values_list("vacancy_id", "id", "kind", "group_id", "text"):
        duties[vacancy_id].append(duty)
    rows = Qualification.objects.using(db).filter(vacancy_id__in=ids).exclude(category=Category.COMPETENCY)
    for vacancy_id, category, level, text in rows.order_by("vacancy_id", "order", "id").values_list(
        "vacancy_id", "category", "level", "text"
    ):
        qualifications[vacancy_id].append(f"[{CATEGORIES[category]}, {LEVELS[level]}] {text}")
    return {
        pk: [
            neutralise(duty_text(duties[pk], DutyKind.RESPONSIBILITY)),
            neutralise(duty_text(duties[pk], DutyKind.RESULT)),
            neutralise(joined(qualifications[pk])),
        ]
        for pk in ids
    }


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


def write_csv(vacancies, file, base_url, excel=False, texts=False):
    for text in csv_chunks(vacancies, base_url, excel=excel, texts=texts):
        file.write(text)


def filename(today=None, extension="csv"):
    return f"jpo-vacancies-{(today or timezone.localdate()).isoformat()}.{extension}"


def csv_response(vacancies, request, excel=False, texts=False):
    """A streamed download of the export, named for today's date."""
    base_url = request.build_absolute_uri(reverse("vacancies:list"))
    response = StreamingHttpResponse(
        csv_chunks(vacancies, base_url, excel=excel, texts=texts), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response


# The workbook -----------------------------------------------------------------
#
# The CSV's lines, read back with the csv module chunk by chunk, are the rows:
# the workbook holds the CSV's text, cell for cell, so no second query decides
# what a cell says, and the CSV's path (PostgreSQL writing whole lines) stays
# as fast as it is. Only the types are the workbook's: the dates are dates and
# the counts numbers; every other cell is written as a string, never guessed
# (``22P001`` or ``2024-2-42`` stay text), and a string is never read as a
# formula. The CSV's leading quote on a cell that starts like a formula is kept:
# both files then hold the same text, and the cell stays inert when someone
# edits it in Excel (which reads a typed ``=`` as a formula) or saves it as CSV.

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_COLUMNS = {"posted_on", "closes_on"}
NUMBER_COLUMNS = {"duration_months", "min_experience_years", "age_limit"}
# constant_memory: each row goes to a temporary file as soon as it is written, strings inline
# (no table of every string); in_memory False: the file's parts are assembled on disk too.
# XlsxWriter's write() guesses types, write_string does not; these keep even write() from guessing.
XLSX_OPTIONS = {
    "constant_memory": True,
    "in_memory": False,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def write_xlsx(vacancies, file, base_url, texts=False):
    """The export as an Excel workbook written to ``file`` (a path or a binary file): one sheet, the CSV's rows.

    Memory stays flat whatever the number of vacancies: rows arrive a chunk at a time and leave for disk.
    """
    workbook = xlsxwriter.Workbook(file, XLSX_OPTIONS)
    sheet = workbook.add_worksheet("Vacancies")
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold = workbook.add_format({"bold": True})
    names = header(texts)
    sheet.freeze_panes(1, 0)
    for column, name in enumerate(names):
        sheet.write_string(0, column, name, bold)
    writers = [cell_writer(sheet, name, day) for name in names]
    chunks = csv_chunks(vacancies, base_url, texts=texts)
    next(chunks)  # the header line, written above
    row = 0
    for chunk in chunks:
        for cells in csv.reader(io.StringIO(chunk, newline="")):
            row += 1
            for column, (write, value) in enumerate(zip(writers, cells, strict=True)):
                if value:  # an empty CSV cell is an empty spreadsheet cell
                    write(row, column, value)
    workbook.close()


def cell_writer(sheet, name, day):
    """``write(row, column, value)`` for the column ``name``: a date, a whole number, else the text as it is.

    A value that is not what its column holds (never the case from the database) is kept as text, not lost.
    """

    def write_date(row, column, value):
        try:
            return sheet.write_datetime(row, column, date.fromisoformat(value), day)
        except ValueError:
            return sheet.write_string(row, column, value)

    def write_number(row, column, value):
        if value.isascii() and value.isdigit():
            return sheet.write_number(row, column, int(value))
        return sheet.write_string(row, column, value)

    if name in DATE_COLUMNS:
        return write_date
    if name in NUMBER_COLUMNS:
        return write_number
    return sheet.write_string


def xlsx_response(vacancies, request, texts=False):
    """The export as a workbook download, named for today's date.

    A workbook is a zip archive, finished only when its last row is in: it is
    written to an anonymous temporary file, then streamed from it (the file
    goes when the response closes it).
    """
    base_url = request.build_absolute_uri(reverse("vacancies:list"))
    file = tempfile.TemporaryFile()
    try:
        write_xlsx(vacancies, file, base_url, texts=texts)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename(extension="xlsx"), content_type=XLSX_CONTENT_TYPE)
