"""Query strings of the list: what a link keeps, what a filter option switches."""

from urllib.parse import urlencode

from django.http import QueryDict

from .filters import VacancyFilter, is_repeatable

# The list's query parameters (the FilterSet's, then the page), kept when a candidate goes
# from the list to a vacancy and back.
LIST_PARAMETERS = (*VacancyFilter.base_filters, "page")
MULTI_VALUED = frozenset(name for name, filter_ in VacancyFilter.base_filters.items() if is_repeatable(filter_))


def list_query(params):
    """Only the list's own parameters, for links that must keep the query and nothing else."""
    kept = QueryDict(mutable=True)
    for name in LIST_PARAMETERS:
        values = [v for v in params.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept


def toggle_url(query, name, value):
    """``query`` with ``value`` of ``name`` switched on or off; back to page 1.

    A list page makes a couple of hundred of these: the lists are copied, not the QueryDict
    (whose ``copy`` is a deep copy), and encoded as ``QueryDict.urlencode`` encodes them.
    """
    lists = dict(query.lists())
    current = lists.get(name, [])
    matches = [v for v in current if v.lower() == value.lower()]
    if name in MULTI_VALUED:
        lists[name] = [v for v in current if v not in matches] if matches else [*current, value]
    else:
        lists[name] = [] if matches else [value]
    pairs = [(key, v) for key, values in lists.items() for v in values]
    return f"?{urlencode(pairs)}" if pairs else "?"


def understood_query(filterset):
    """The query as the FilterSet understood it: what the list shows, without the values it left out."""
    query = QueryDict(mutable=True)
    for name, value in filterset.cleaned.items():
        if isinstance(value, list):
            if value:
                query.setlist(name, value)
        elif value not in (None, ""):
            query[name] = str(value)
    return query
