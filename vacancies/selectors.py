"""The public query: which vacancies a query of the list, the feed or the export gives.

The feed, the CSV export and ``export_vacancies`` take ``public_vacancies()``;
the list's FilterView makes the same FilterSet from ``VacancyFilter`` and
``public_scope()``. The same query gives the same vacancies everywhere.
"""

from .filters import VacancyFilter
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
