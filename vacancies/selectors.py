"""The public query: which vacancies a query of the list, the feed or the export gives.

The feed takes ``public_vacancies()``; the list's FilterView makes the same
FilterSet from ``VacancyFilter`` and ``public_scope()``. The export (CSV,
XLSX, ``export_vacancies``) takes ``exported_vacancies()``: the same
parameters and more, and with its defaults the same vacancies as the list.
The same query gives the same vacancies everywhere.
"""

from .filters import ExportFilter, VacancyFilter
from .models import Vacancy


def public_scope():
    """What every public query starts from: the vacancies a candidate may see."""
    return Vacancy.objects.published()


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
