"""Login throttling: django-axes' lockout per username and address, plus one per address.

Axes counts failures per parameter set (``AXES_LOCKOUT_PARAMETERS``) but has one
``AXES_FAILURE_LIMIT`` for all of them, so "5 for one username from one address" and "30 from one
address, whatever the usernames" cannot both be said in its settings. The second is counted here,
from the same ``AccessAttempt`` rows axes keeps: the failures from the address within the cool-off,
so ``axes_reset``, ``axes_reset_ip`` and a successful login (``AXES_RESET_ON_SUCCESS``) clear it as
they clear axes' own counts, and each try during the lockout restarts the wait.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """Axes' count for this username and address; once the address is over its own limit, at least axes' limit.

        Axes asks this both before a login (to refuse it) and after a failure (to lock out), so the
        address's lockout takes the same way as axes' own: the 429 page, the ``user_locked_out`` signal.
        """
        failures = super().get_failures(request, credentials)
        if self.failures_from_address(request) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def failures_from_address(self, request):
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
