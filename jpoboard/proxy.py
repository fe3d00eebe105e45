"""The client's address, for django-axes, behind as many proxies as ``DJANGO_PROXY_COUNT`` says."""

from django.conf import settings


def client_ip(request):
    """``REMOTE_ADDR``; with ``PROXY_COUNT = N``, the address the Nth proxy from us received the request from.

    Each proxy appends the address it got the request from to X-Forwarded-For,
    so the last N entries are written by our own proxies and the Nth from the
    end is the client's. Anything before them was sent by the client and may
    be forged: it is never read. Too few entries mean the request did not come
    through the proxies: ``REMOTE_ADDR`` then.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
