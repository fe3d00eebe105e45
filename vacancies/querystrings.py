"""Query strings of the list: what a link keeps, what a filter option switches."""

from urllib.parse import quote_plus, urlencode

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


def toggle_urls(query, name):
    """A function of a value of ``name``: ``query`` with that value switched on or off, back to page 1.

    A list page makes a couple of hundred of these links, a filter's options at a time: the
    rest of the query is encoded once per filter, as ``QueryDict.urlencode`` would encode it,
    and the filter keeps its place among the parameters (a new one comes last).
    """
    names = list(query)
    place = names.index(name) if name in names else len(names)
    before = [urlencode([(key, v) for v in query.getlist(key)]) for key in names[:place]]
    after = [urlencode([(key, v) for v in query.getlist(key)]) for key in names[place + 1 :]]
    current = query.getlist(name)
    quoted_name = quote_plus(name)

    def toggled(value):
        matches = [v for v in current if v.lower() == value.lower()]
        if name in MULTI_VALUED:
            values = [v for v in current if v not in matches] if matches else [*current, value]
        else:
            values = [] if matches else [value]
        # What urlencode([(name, v) for v in values]) writes, without its checks of every pair.
        parts = [part for part in (*before, "&".join(f"{quoted_name}={quote_plus(v)}" for v in values), *after) if part]
        return "?" + "&".join(parts)

    return toggled


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
