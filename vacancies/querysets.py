"""Reads, as QuerySet methods named for the question they answer."""

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone


class VacancyQuerySet(models.QuerySet):
    def published(self):
        """What a candidate may see: published, and not past its closing date.

        The one place this rule is written; the list, the export and the feed
        all start here.
        """
        today = timezone.localdate()
        return self.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today), status="published")

    def viewable(self):
        """What anyone may open by its URL: published or closed, never a draft.

        A closed vacancy leaves the list but keeps its page, so shared links work.
        """
        return self.filter(status__in=["published", "closed"])

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries."""
        from .models import DutyStation

        return self.prefetch_related(Prefetch("duty_stations", queryset=DutyStation.objects.order_by("order", "id")))

    def for_detail(self):
        """Every section of the ToR, in a fixed number of queries."""
        from .models import Duty, DutyStation, Qualification

        return self.select_related("supervision").prefetch_related(
            Prefetch("duty_stations", queryset=DutyStation.objects.order_by("order", "id")),
            Prefetch("duties", queryset=Duty.objects.order_by("order", "id")),
            Prefetch("qualifications", queryset=Qualification.objects.order_by("order", "id")),
        )
