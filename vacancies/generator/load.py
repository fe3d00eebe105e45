"""Generated vacancies written to a PostgreSQL database in batches, with COPY.

PostgreSQL only: the load needs COPY, the tables' sequences, deferred
foreign keys and the database's triggers (search vectors, export cells, the
data version).
"""

import datetime
import io
import random
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections, transaction
from django.utils import timezone

from .compose import build_vacancy

# PostgreSQL connections loading at once: each computes its vacancies' search
# vectors (the largest part of the load's work) on a core of its own.
LOADERS = 2
# Set for a transaction, it skips the data version bump of every statement
# (migration 0010); the load bumps it once, at the end.
BULK_LOAD = "SET LOCAL vacancies.bulk_load = 'on'"
# A statement-level trigger fires even when no row changes: this bumps the data version.
BUMP_DATA_VERSION = "UPDATE vacancies_vacancy SET id = id WHERE false"
REBUILD_STALE_POSTINGS = "SELECT vacancies_rebuild_search_postings()"


def _models():
    from ..models import Duty, DutyStation, Qualification, Supervision, Vacancy

    # Insert order: a batch's related rows go in before its vacancies (see generate_vacancies).
    return [Supervision, DutyStation, Duty, Qualification, Vacancy]


def _from_sequences(model, n):
    """n new ids from the table's own sequence: no other writer can ever take them, and no lock is needed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _batches(count, seed, batch_size, today):
    """Yield {model: [row dicts]} for ``batch_size`` vacancies at a time, with ids from the tables' sequences.

    A vacancy's id is its number too (slug, reference), so that a second run never collides
    with the first; the vacancies are those of ``build_vacancies`` with the same seed.
    """
    supervision_model, station_model, duty_model, qualification_model, vacancy_model = _models()
    rng = random.Random(seed)
    now = timezone.now()
    done = 0
    while done < count:
        vacancy_ids = _from_sequences(vacancy_model, min(batch_size, count - done))
        items = [build_vacancy(rng, number, today) for number in vacancy_ids]
        rows_per_table = {
            supervision_model: len(items),
            station_model: sum(len(item.stations) for item in items),
            duty_model: sum(len(item.duties) for item in items),
            qualification_model: sum(len(item.qualifications) for item in items),
        }
        ids = {model: iter(_from_sequences(model, rows)) for model, rows in rows_per_table.items()}
        batch = {model: [] for model in _models()}
        for vacancy_id, item in zip(vacancy_ids, items, strict=True):
            batch[vacancy_model].append({"id": vacancy_id, **item.fields, "created_at": now, "updated_at": now})
            batch[supervision_model].append(
                {"id": next(ids[supervision_model]), "vacancy_id": vacancy_id, **item.supervision}
            )
            for model, rows in ((station_model, item.stations), (qualification_model, item.qualifications)):
                batch[model] += [{"id": next(ids[model]), "vacancy_id": vacancy_id, **row} for row in rows]
            duty_ids = [next(ids[duty_model]) for _ in item.duties]
            batch[duty_model] += [
                {
                    "id": duty_id,
                    "vacancy_id": vacancy_id,
                    "order": order,
                    "group_id": None if row["group"] is None else duty_ids[row["group"]],
                    "kind": row["kind"],
                    "text": row["text"],
                }
                for order, (duty_id, row) in enumerate(zip(duty_ids, item.duties, strict=True), start=1)
            ]
        done += len(vacancy_ids)
        yield done, batch


def _copy_value(value):
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return str(value)


class _Copier:
    """Writes batches with COPY, turn by turn on each loader connection (PostgreSQL only).

    COPY spares the ORM's per-object work, which would cost more than the
    inserts. Each loader (a DB-API connection in a thread of its own) loads a
    batch while this process builds the next: PostgreSQL computes search
    vectors on as many cores as there are loaders, and Python runs beside it.
    With ``threaded=False`` (the loader is this thread's own connection, which
    also hands out the ids) each batch is loaded at once, in this thread.
    """

    def __init__(self, models, loaders, threaded=True):
        self.tables = []
        for model in models:
            # The database derives some columns itself, whatever a COPY would give them.
            derived = getattr(model, "DERIVED_FIELDS", ())
            fields = [f for f in model._meta.concrete_fields if f.attname not in derived]
            defaults = {f.attname: f.get_default() for f in fields}
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
            self.tables.append((model, [f.attname for f in fields], defaults, sql))
        self.loaders = [(raw, ThreadPoolExecutor(max_workers=1) if threaded else None) for raw in loaders]
        self.turn = 0
        self.pending = deque()

    def encode(self, batch):
        files = []
        for model, attnames, defaults, sql in self.tables:
            lines = [
                "\t".join([_copy_value(row.get(name, defaults[name])) for name in attnames]) + "\n"
                for row in batch[model]
            ]
            files.append((sql, "".join(lines)))
        return files

    def write(self, batch):
        files = self.encode(batch)
        raw, pool = self.loaders[self.turn % len(self.loaders)]
        self.turn += 1
        if pool is None:
            self._copy(raw, files)
            return
        if len(self.pending) == len(self.loaders):
            self.pending.popleft().result()  # one batch in flight per loader, no more
        self.pending.append(pool.submit(self._copy, raw, files))

    @staticmethod
    def _copy(raw, files):
        with raw.cursor() as cursor:
            for sql, data in files:
                cursor.copy_expert(sql, io.StringIO(data))

    def wait(self):
        """Wait for the writes in flight, raising the first error."""
        while self.pending:
            self.pending.popleft().result()

    def close(self):
        for _, pool in self.loaders:
            if pool is not None:
                pool.shutdown(wait=True)


def _load(copier, batches, count, progress):
    try:
        for done, batch in batches:
            copier.write(batch)
            if progress:
                progress(done, count)
        copier.wait()
    finally:
        copier.close()


def _statements(raw, *statements):
    with raw.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def generate_vacancies(*, count, seed=0, batch_size=2000, today=None, progress=None):
    """Insert ``count`` generated published vacancies; return how many.

    A batch's related rows go in before its vacancies (foreign keys are
    checked at commit, as Django declares them), so each vacancy's own row
    trigger computes its search vector once, on insert, from the complete ToR;
    the related tables' triggers find no vacancy to refresh yet.

    The rows go in with COPY, ids come from the tables' sequences, and
    LOADERS connections load batches at once, each in a transaction of its
    own: all commit only once every one has loaded and its foreign keys are
    checked, else all roll back. Inside a transaction already open (a test, a
    caller's ``atomic``) one loader works in it instead, since other
    connections could not see its rows. Either way the data version is
    bumped once, at the end.
    """
    if count < 1:
        raise ValueError("count must be a positive integer")
    batches = _batches(count, seed, batch_size, today or timezone.localdate())
    if connection.in_atomic_block:
        _load_in_the_open_transaction(batches, count, progress)
    else:
        _load_in_parallel(batches, count, progress)
    return count


def _load_in_the_open_transaction(batches, count, progress):
    """One loader: this thread's own connection, in a savepoint of the transaction already open."""
    # A savepoint: a failed load takes back its rows and its SET LOCAL, and nothing of the caller's.
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        _statements(raw, BULK_LOAD)
        _load(_Copier(_models(), [raw], threaded=False), batches, count, progress)
        # The foreign keys, checked now: inside the savepoint, a failure takes back the load alone.
        _statements(raw, "SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED")
        _statements(raw, "SET LOCAL vacancies.bulk_load = 'off'", BUMP_DATA_VERSION)


def _load_in_parallel(batches, count, progress):
    """LOADERS connections of their own, each in a transaction: all of them commit, or none."""
    wrappers = [connections.create_connection(connection.alias) for _ in range(LOADERS)]
    try:
        loaders = []
        for wrapper in wrappers:
            wrapper.ensure_connection()
            wrapper.connection.autocommit = False
            loaders.append(wrapper.connection)
            _statements(wrapper.connection, BULK_LOAD)
        try:
            _load(_Copier(_models(), loaders), batches, count, progress)
            for raw in loaders:
                _statements(raw, "SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys, checked before any commit
        except BaseException:
            for raw in loaders:
                raw.rollback()
            raise
        for raw in loaders:
            raw.commit()
    finally:
        for wrapper in wrappers:
            wrapper.close()
    with connection.cursor() as cursor:
        cursor.execute(BUMP_DATA_VERSION)
        # The loaders committed side by side: one may have left its blocks of postings stale for
        # another to rebuild (sql/search_documents.sql). Rebuilt now, not at the next write.
        cursor.execute(REBUILD_STALE_POSTINGS)
