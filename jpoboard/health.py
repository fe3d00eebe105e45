"""``/healthz``: whether this process can answer, for load balancers and monitoring."""

from django.db import InterfaceError, OperationalError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """200 ``{"status": "ok", "database": "ok"}`` when the database answers a query, else 503."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (OperationalError, InterfaceError):
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


healthz.checks_database_itself = True  # DatabaseUnavailableMiddleware leaves this view's answer to it
