"""Project-wide middleware: the Content-Security-Policy and the outage page."""

import logging

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("jpoboard.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The project's policy everywhere, plus inline styles on the admin's pages only.

    Django's admin has no inline script, but a few of its templates carry a
    ``<style>`` block (``admin/change_list.html`` without actions, our vacancy
    change form's layout fixes). Allowing ``style-src 'unsafe-inline'`` there,
    and only there, keeps scripts locked down on every page.
    """

    ADMIN_STYLE = {"style-src": ["'self'", "'unsafe-inline'"]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), **self.ADMIN_STYLE}
        return parts


def service_unavailable():
    """``503.html``: rendered without the request, so no context processor (or database) is needed."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def database_answers():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        return False
    return True


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, every page answers 503 with our own page.

    Before a view runs, the connection is opened (or, when kept from an earlier
    request, health-checked: ``CONN_HEALTH_CHECKS``); the view's own first
    query would do the same, so this costs nothing more. It matters for the
    streamed CSV, whose queries would otherwise run after a 200 was sent. An
    error while the view runs (the page cache's data version read included)
    or renders its template gives the same page. Nothing needs restarting:
    Django drops a broken connection at the end of the request and the next
    one reconnects.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "checks_database_itself", False):
            return None
        try:
            with connections["default"].cursor():
                pass
        except DATABASE_ERRORS as error:
            return self.unavailable(request, error)
        return None

    def process_exception(self, request, exception):
        # A query the database refused while it still answers is a bug, not an outage: it stays a 500.
        if isinstance(exception, DATABASE_ERRORS) and not database_answers():
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, error)
        return service_unavailable()
