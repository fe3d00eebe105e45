"""The public query: which vacancies a query of the list, the feed or the export gives.

The feed takes ``public_vacancies()``; the list's FilterView makes the same
FilterSet from ``VacancyFilter`` and ``public_scope()``. The export (CSV,
XLSX, ``export_vacancies``) takes ``exported_vacancies()``: the same
parameters and more, and with its defaults the same vacancies as the list.
The same query gives the same vacancies everywhere.
"""

from django.db.models.expressions import RawSQL
from django.utils import timezone

from .filters import ExportFilter, VacancyFilter
from .models import Vacancy


def public_scope():
    """What every public query starts from: the vacancies a candidate may see."""
    return Vacancy.objects.published()


# listed_rows()'s SQL, parameters and the ids' place among them, by (database, with_texts, day).
_compiled_rows = {}


def listed_rows(ids, *, with_texts=False):
    """The list rows (``for_list``) of the listed vacancies among ``ids``, in no order.

    A page of the list index's answer (``listing.py``): its query is the same whatever the ids,
    so it is compiled once a day in each process. Building and compiling it through the ORM took
    three quarters of fetching a page of twenty rows (4-6 ms; benchmarks/README.md).
    """
    key = (Vacancy.objects.db, with_texts, timezone.localdate())
    compiled = _compiled_rows.get(key)
    if compiled is None:
        wanted = []  # the ids' place among the parameters, found by identity
        rows = public_scope().for_list(with_texts=with_texts)
        sql, params = rows.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [wanted])).query.sql_with_params()
        place = [n for n, param in enumerate(params) if param is wanted]
        if len(place) != 1:
            raise RuntimeError(f"the list rows' query holds the ids {len(place)} times: {sql}")
        if len(_compiled_rows) > 8:  # other days'
            _compiled_rows.clear()
        compiled = _compiled_rows[key] = (sql, tuple(params), place[0])
    sql, params, place = compiled
    return Vacancy.objects.raw(sql, [*params[:place], list(ids), *params[place + 1 :]])


def public_vacancies(*, query, request=None):
    """The ``VacancyFilter`` of ``query`` (a QueryDict) over ``public_scope()``.

    ``.qs`` is the vacancies in the query's order, ``.not_understood()`` what
    it left out, ``.facets()`` the filters' counts.
    """
    return VacancyFilter(query, queryset=public_scope(), request=request)


def export_scope():
    """The most an export may hold: every vacancy with a public page, never a draft.

    ``ExportFilter`` narrows it by ``status``: ``open``, the default, is ``public_scope()``'s vacancies.
    """
    return Vacancy.objects.viewable()


def exported_vacancies(*, query, request=None):
    """The ``ExportFilter`` of ``query`` over ``export_scope()``: the list's query, by status and posting date."""
    return ExportFilter(query, queryset=export_scope(), request=request)
