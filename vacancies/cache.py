"""Whole public pages, cached: they are the same for every visitor.

A page is cached under the data version (``DataVersion``, bumped by database
triggers on every write to the vacancy tables), today's date (a vacancy leaves
the list on its closing date) and the exact URL. An HR edit changes the
version, so the next request renders afresh in every process and on every
host; the old entries simply expire. The cache itself comes from
``DJANGO_CACHE_URL``: local memory by default, Redis to share it.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import DataVersion


def data_version():
    """The current data version: one primary-key read."""
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page:{version}:{timezone.localdate().isoformat()}:{digest}"


def cached_page(view):
    """Serve a GET from the cache when this version of the data already rendered it."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        request.data_version = data_version()
        key = page_key(request, request.data_version)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
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
