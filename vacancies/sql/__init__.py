"""What PostgreSQL derives by itself: the SQL files of this folder, and the one helper that installs them.

Each file defines one derivation with ``CREATE OR REPLACE`` (functions and
the triggers that call them); the files are the whole truth about the
database's own logic:

- ``derived_columns.sql``: the search vector and the filter columns of a vacancy;
- ``export_cells.sql``: each vacancy's CSV cells (the ``ExportRow`` table);
- ``search_documents.sql``: each vacancy's search vector again, in a narrow table (``SearchDocument``)
  and cut by lexeme into parts (``vacancies_search_part``), and each lexeme's postings
  (``vacancies_search_posting``);
- ``search_ranks.sql``: what a search matches and its ranks, read from those (query-time functions);
- ``data_version.sql``: the number that keys the page cache.

``install()`` runs them all; it is called by migration 0002 and after every
``migrate`` (``VacanciesConfig.ready``). It then drops any trigger on the
app's tables and any ``vacancies_*`` function that no file declares (so a
rename leaves nothing behind), and when a file's definitions changed it
re-derives what that file stores, for every vacancy. Changing a derivation is
therefore: edit its file, run ``manage.py migrate`` (README, "Changing a
derivation").
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import migrations, transaction

FOLDER = Path(__file__).resolve().parent
FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\)\s+RETURNS\s.*?\sAS \$\$(.*?)\$\$", re.S)
TRIGGER = re.compile(
    r"CREATE (?:OR REPLACE |CONSTRAINT )TRIGGER (\w+)\s.*?\sON (\w+)\s.*?EXECUTE FUNCTION (\w+)\(\)", re.S
)


@dataclass(frozen=True)
class Derivation:
    file: str
    # Re-derives every stored value once this file's definitions have changed (None: it stores nothing).
    refresh: str | None

    @property
    def text(self):
        return (FOLDER / self.file).read_text()


DERIVATIONS = [
    Derivation("derived_columns.sql", "UPDATE vacancies_vacancy SET search_vector = NULL"),
    Derivation("export_cells.sql", "SELECT vacancies_refresh_export_rows(ARRAY(SELECT id FROM vacancies_vacancy))"),
    Derivation(
        "search_documents.sql",
        "INSERT INTO vacancies_search_document (vacancy_id, search_vector) SELECT id, search_vector"
        " FROM vacancies_vacancy ON CONFLICT (vacancy_id) DO UPDATE SET search_vector = excluded.search_vector;"
        " TRUNCATE vacancies_search_part;"
        " INSERT INTO vacancies_search_part (part, vacancy_id, search_vector) SELECT p.part, d.vacancy_id,"
        " p.search_vector FROM vacancies_search_document d, vacancies_search_parts(d.search_vector) p;"
        # Every block marked stale: rebuilt when the migration commits (search_documents.sql).
        " TRUNCATE vacancies_search_posting, vacancies_search_stale_block;"
        " INSERT INTO vacancies_search_stale_block (block)"
        " SELECT DISTINCT vacancies_search_block(vacancy_id) FROM vacancies_search_document",
    ),
    Derivation("search_ranks.sql", None),
    # A new definition may change what pages show: a new version empties the page cache.
    Derivation("data_version.sql", "UPDATE vacancies_vacancy SET id = id WHERE false"),
]


def rules():
    """{function name: (SQL type, value)}: the application's rules that the SQL files use, passed in.

    The export's separator, the characters that start a formula and the
    grades are Python constants; the database gets them as IMMUTABLE
    functions of one constant (inlined by PostgreSQL's planner), made here.
    """
    from vacancies.export import FORMULA_STARTS, SEPARATOR
    from vacancies.models import Degree, Grade

    return {
        "vacancies_csv_separator": ("text", SEPARATOR),
        "vacancies_csv_formula_starts": ("text[]", list(FORMULA_STARTS)),
        "vacancies_grades": ("text[]", list(Grade.values)),
        "vacancies_degrees": ("text[]", list(Degree.values)),
    }


def rule_statements(cursor):
    for name, (sql_type, value) in rules().items():
        body = cursor.mogrify(f" SELECT %s::{sql_type} ", [value]).decode()
        yield name, f"CREATE OR REPLACE FUNCTION {name}() RETURNS {sql_type} LANGUAGE sql IMMUTABLE AS $${body}$$"


def declared(cursor):
    """What the files (and the rules) define: ({function: body}, {trigger: (table, function)}) by file."""
    by_file = {}
    rule_texts = [statement for _, statement in rule_statements(cursor)]
    for derivation in DERIVATIONS:
        text = derivation.text
        if derivation.file == "export_cells.sql":
            text = "\n".join([*rule_texts, text])
        functions = {name: body for name, body in FUNCTION.findall(text)}
        triggers = {name: (table, function) for name, table, function in TRIGGER.findall(text)}
        by_file[derivation.file] = (functions, triggers)
    return by_file


def installed(cursor):
    """What the database holds: ({function: body}, {trigger: (table, function)}) of the app's own."""
    cursor.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p"
        " WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'vacancies\\_%'"
    )
    functions = dict(cursor.fetchall())
    cursor.execute(
        "SELECT t.tgname, c.relname, f.proname FROM pg_trigger t"
        " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid"
        " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
        " AND c.relname LIKE 'vacancies\\_%'"
    )
    triggers = {name: (table, function) for name, table, function in cursor.fetchall()}
    return functions, triggers


def install(connection):
    """Install every file; drop what no file declares; re-derive what changed. Returns the files re-derived."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        before_functions, before_triggers = installed(cursor)
        # A function may read a column that a later migration adds: its body is checked when it runs.
        cursor.execute("SET LOCAL check_function_bodies = off")
        for _, statement in rule_statements(cursor):
            cursor.execute(statement)
        for derivation in DERIVATIONS:
            cursor.execute(derivation.text)
        files = declared(cursor)
        _drop_undeclared(cursor, files)
        after_functions, after_triggers = installed(cursor)
        cursor.execute("SELECT EXISTS (SELECT 1 FROM vacancies_vacancy)")
        (any_vacancy,) = cursor.fetchone()
        refreshed = []
        for derivation in DERIVATIONS:
            functions, triggers = files[derivation.file]
            changed = any(before_functions.get(name) != after_functions.get(name) for name in functions) or any(
                before_triggers.get(name) != after_triggers.get(name) for name in triggers
            )
            if changed and any_vacancy and derivation.refresh:
                cursor.execute(derivation.refresh)
                refreshed.append(derivation.file)
        return refreshed


def _drop_undeclared(cursor, files):
    functions = {name for declared_functions, _ in files.values() for name in declared_functions}
    triggers = {name for _, declared_triggers in files.values() for name in declared_triggers}
    installed_functions, installed_triggers = installed(cursor)
    for name, (table, _) in installed_triggers.items():
        if name not in triggers:
            cursor.execute(f'DROP TRIGGER "{name}" ON "{table}"')
    for name in installed_functions:
        if name not in functions:
            cursor.execute(
                "SELECT oid::regprocedure::text FROM pg_proc"
                " WHERE pronamespace = current_schema()::regnamespace AND proname = %s",
                [name],
            )
            for (signature,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION {signature}")


def install_operation():
    """The migration operation that installs the files as they are when it runs."""

    def run(apps, schema_editor):
        install(schema_editor.connection)

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=False)
