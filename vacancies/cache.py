"""Whole public pages, cached: they are the same for every visitor.

A page is cached under the data version (``DataVersion``, bumped by database
triggers on every write to the vacancy tables), today's date (a vacancy leaves
the list on its closing date) and the exact URL. An HR edit changes the
version, so the next request renders afresh in every process and on every
host; the old entries simply expire. The cache itself comes from
``DJANGO_CACHE_URL``: local memory by default, Redis to share it.
"""

import hashlib
from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .models import DataVersion

# Every page asks, cached or not: as plain SQL it costs half of what the ORM's query does (about
# 0.4 ms against 1 ms, most of a cached page's own time; benchmarks/README.md, issue 16).
_VERSION_SQL = f"SELECT version FROM {DataVersion._meta.db_table} WHERE id = 1"


def data_version():
    """The current data version: one primary-key read."""
    with connections[DataVersion.objects.db].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{version}:{timezone.localdate().isoformat()}:{digest}"


def validators(key, version):
    """(ETag, Last-Modified timestamp) of the page cached under ``key`` for this data version.

    The version is the time of the last write in microseconds (``data_version.sql``), so it is
    also when the data last changed; the start of today counts too, since a vacancy leaves the
    public pages on its closing date. Last-Modified has whole seconds only: two writes within one
    second look alike to a client that sends If-Modified-Since alone; the ETag tells them apart.
    """
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    today = datetime.combine(timezone.localdate(), time.min, tzinfo=timezone.get_current_timezone())
    return etag, max(version // 1_000_000, int(today.timestamp()))


def cached_page(view, *, conditional=False):
    """Serve a GET from the cache when this version of the data already rendered it.

    ``conditional`` adds an ETag and a Last-Modified and answers a request that already holds
    this version with 304, before the cache or the view is even asked: for feed readers, which
    poll. It costs the data version's read, which the cache makes anyway.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        caching = bool(settings.PAGE_CACHE_SECONDS)
        if request.method not in ("GET", "HEAD") or not (caching or conditional):
            return view(request, *args, **kwargs)
        request.data_version = data_version()
        key = page_key(request, request.data_version)
        if conditional:
            etag, last_modified = validators(key, request.data_version)
            # The headers a 304 repeats; nothing is rendered for it.
            headers = HttpResponse(headers={"ETag": etag, "Last-Modified": http_date(last_modified)})
            answer = get_conditional_response(request, etag=etag, last_modified=last_modified, response=headers)
            if answer is not headers:
                return answer
        response = cache.get(key) if caching else None
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if conditional and response.status_code == 200:
            for name in ("ETag", "Last-Modified"):
                response.headers[name] = headers[name]
        if caching and response.status_code == 200 and not response.streaming:
            store = lambda rendered: cache.set(key, rendered, settings.PAGE_CACHE_SECONDS)  # noqa: E731
            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
        return response

    return cached_view


def cached_for_query(request, kind, query, compute):
    """``compute()``, remembered for this data version, day and query (a QueryDict).

    For what several pages of one query share: the filters' counts and the
    number of results are the same on every page and in every order.
    """
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    version = getattr(request, "data_version", None)
    if version is None:
        version = data_version()
    digest = hashlib.sha256(query.urlencode().encode()).hexdigest()
    key = f"{kind}:{version}:{timezone.localdate().isoformat()}:{digest}"
    return cache.get_or_set(key, compute, settings.PAGE_CACHE_SECONDS)
