"""Reads, as QuerySet methods named for the question they answer."""

import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, Replace, Trim
from django.utils import timezone

SEARCH_CONFIG = "english"
# Weights for D, C, B, A: the title and duties count most, the background least.
SEARCH_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def search_words(query):
    """The words of a search, without websearch operators (quotes, OR, a leading minus)."""
    words = re.findall(r"-?[\w'’]+", query or "")
    return [w for w in words if not w.startswith("-") and w.lower() != "or"]


def full_text_query(text):
    """The ``SearchQuery`` of a search: websearch syntax ("quoted phrase", or, -exclude), English stemming."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def search_rank(search_query, field="search_vector"):
    """How well a search vector matches ``search_query``: PostgreSQL's ``ts_rank`` with our weights."""
    return SearchRank(F(field), search_query, weights=SEARCH_WEIGHTS)


def closed_as_of(today):
    """``Q``: closed as of ``today``: closed by HR, or past its closing date (the day itself is still open).

    The one rule for "closed", in the database; ``is_closed()`` is the same rule
    in Python, for a vacancy in hand.
    """
    return Q(status="closed") | Q(closes_on__lt=today)


def is_closed(status, closes_on, today):
    """``closed_as_of(today)`` for one vacancy's status and closing date."""
    return status == "closed" or (closes_on is not None and closes_on < today)


def open_at(grade):
    """``Q``: open at this grade; "P1 or P2" is open at both, no grade at neither."""
    return Q(grade_min__lte=grade, grade_max__gte=grade) & ~Q(grade_min="")


def languages_not_spoken(languages):
    """The required languages a speaker of ``languages`` (ISO 639-1) lacks, as " "-separated codes ("" for none).

    Strikes each spoken code out of the padded ``required_languages`` (" en fr ").
    """
    rest = F("required_languages")
    for code in languages:
        rest = Replace(rest, Value(f" {code} "), Value(" "))
    return Trim(rest)


def requires_at_most(years):
    """``Q``: no minimum years of experience, or a minimum of at most ``years``."""
    return Q(min_experience_years__isnull=True) | Q(min_experience_years__lte=years)


def open_to_nationals(codes):
    """``Q``: open to any nationality, or to one of these (alpha-2)."""
    return Q(nationality_codes=[]) | Q(nationality_codes__overlap=list(codes))


def open_at_age(age):
    """``Q``: no age limit, or a limit the candidate meets (``age`` or younger)."""
    return Q(age_limit__isnull=True) | Q(age_limit__gte=age)


def open_to_degree(held, experience=None):
    """``Q``: no degree required, one of the degrees ``held``, or a route in lieu open to them.

    ``held`` is every degree the candidate has (``eligibility.degrees_at_most``). A route in lieu
    ("a first-level degree plus two more years") counts when ``experience`` is at least the
    minimum plus those years, when the ToR does not say how many, or when ``experience`` is not given.
    """
    in_lieu = Q(in_lieu_degree__in=held)
    if experience is not None:
        in_lieu &= Q(in_lieu_years__isnull=True) | Q(
            in_lieu_years__lte=Value(experience) - Coalesce(F("min_experience_years"), Value(0))
        )
    return Q(required_degree="") | Q(required_degree__in=held) | in_lieu


def is_required_at_most(minimum, years):
    """``requires_at_most(years)`` for one vacancy's minimum (``None`` when it states none)."""
    return minimum is None or minimum <= years


# The list's orders but the best match (which needs a search), each ending in the primary key: a total order.
ORDERS = {
    "newest": (F("posted_on").desc(nulls_last=True), Lower("title"), F("pk").asc()),
    "closing": (F("closes_on").asc(nulls_last=True), Lower("title"), F("pk").asc()),
    "title": (Lower("title"), F("pk").asc()),
}


# What no public page shows, and each row would carry: the search vector (about 5 KB, parsed from
# text by the driver), the imported ToR's own text and the import's report (HR's change form).
NOT_SHOWN = ("search_vector", "source_text", "import_report")
TEXTS = ArrayField(models.TextField())


def _array(*fields):
    """``ARRAY[field, ...]``: text columns of one row as an array."""
    return Func(*map(F, fields), template="ARRAY[%(expressions)s]", output_field=TEXTS)


def _related(model_name):
    from django.apps import apps

    return apps.get_model("vacancies", model_name).objects.filter(vacancy=OuterRef("pk"))


class VacancyQuerySet(models.QuerySet):
    # Visibility -------------------------------------------------------

    def published(self):
        """What a candidate may see in the list, the export and the feed.

        Published, and not closed as of today (``closed_as_of``): a vacancy
        closes everywhere on its closing date without anyone pressing a button.
        """
        return self.filter(status="published").exclude(closed_as_of(timezone.localdate()))

    def viewable(self):
        """What anyone may open by its URL: published or closed, never a draft.

        A closed vacancy leaves the list but keeps its page, so shared links work.
        """
        return self.filter(status__in=["published", "closed"])

    def closed(self):
        """What is no longer listed but keeps its page: ``viewable()`` and closed as of today (``closed_as_of``).

        Closed by HR, or published and past its closing date; a draft past its date is still a draft.
        """
        return self.viewable().filter(closed_as_of(timezone.localdate()))

    # Filters ----------------------------------------------------------

    def in_countries(self, codes):
        """Vacancies with any duty station in one of these countries (alpha-2)."""
        return self.filter(Exists(_related("DutyStation").filter(country__in=codes)))

    def open_at_grade(self, grade):
        """Vacancies open at this grade (``open_at``)."""
        return self.filter(open_at(grade))

    def for_speaker(self, languages):
        """Vacancies whose required languages (ISO 639-1) are all among ``languages``."""
        return self.alias(languages_not_spoken=languages_not_spoken(languages)).filter(languages_not_spoken="")

    def for_experience(self, years):
        """Vacancies whose required minimum years of experience are at most ``years``."""
        return self.filter(requires_at_most(years))

    def open_to_nationals_of(self, codes):
        """Vacancies open to all, or to a holder of one of these nationalities (alpha-2; dual nationals give two)."""
        return self.filter(open_to_nationals(codes))

    def for_age(self, age):
        """Vacancies without an age limit, or whose limit a candidate of ``age`` meets."""
        return self.filter(open_at_age(age))

    def for_degree(self, held, experience=None):
        """Vacancies whose degree requirement a holder of the degrees ``held`` meets (``open_to_degree``)."""
        return self.filter(open_to_degree(held, experience))

    # Search -----------------------------------------------------------

    def search(self, query):
        """Vacancies matching a full-text search, annotated with ``rank`` (higher is better).

        PostgreSQL's own search on the weighted, indexed ``search_vector``, with
        websearch syntax ("quoted phrase", or, -exclude).
        """
        search_query = full_text_query(query)
        return self.filter(search_vector=search_query).annotate(rank=search_rank(search_query))

    # Order ------------------------------------------------------------

    def newest_first(self):
        return self.order_by(*ORDERS["newest"])

    def closing_first(self):
        return self.order_by(*ORDERS["closing"])

    def by_title(self):
        return self.order_by(*ORDERS["title"])

    def best_match_first(self):
        """After ``search()``: the best match first, then the newest."""
        return self.order_by(F("rank").desc(), *ORDERS["newest"])

    # What a page shows --------------------------------------------------

    def for_list(self, with_texts=False):
        """Everything a list row shows, in one query.

        The duty stations come as ``station_rows``, arrays of [city, country, period] in the
        row itself (``labels.station_label`` words them). ``with_texts`` also fetches, as arrays
        too, the duties' texts (``duty_texts``), the qualifications' texts and competencies
        (``qualification_texts``) and the supervision's texts (``supervision_texts``, ``None``
        without one), where a search result's snippet may come from. A page shows hundreds of
        these: plain strings cost a fraction of model instances, need no query of their own,
        and hold no reference back to their vacancy (a cycle that only the garbage collector
        frees, with everything the page holds).
        """
        rows = self.defer(*NOT_SHOWN).annotate(
            station_rows=ArraySubquery(
                _related("DutyStation").order_by("order", "id").values(row=_array("city", "country", "period"))
            )
        )
        if not with_texts:
            return rows
        return rows.annotate(
            duty_texts=ArraySubquery(_related("Duty").order_by("order", "id").values("text")),
            qualification_texts=ArraySubquery(
                _related("Qualification").order_by("order", "id").values(pair=_array("text", "competency"))
            ),
            supervision_texts=Subquery(
                _related("Supervision").values(texts=_array("content", "evaluation", "supervisor_title"))
            ),
        )

    def for_detail(self):
        """Every section of the ToR, in a fixed number of queries."""
        from .models import Duty, DutyStation, Qualification

        return (
            self.defer(*NOT_SHOWN)
            .select_related("supervision")
            .prefetch_related(
                Prefetch("duty_stations", queryset=DutyStation.objects.order_by("order", "id")),
                Prefetch("duties", queryset=Duty.objects.order_by("order", "id")),
                Prefetch("qualifications", queryset=Qualification.objects.order_by("order", "id")),
            )
        )
