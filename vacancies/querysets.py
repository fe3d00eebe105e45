"""Reads, as QuerySet methods named for the question they answer."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower, Replace, Trim
from django.utils import timezone

SEARCH_CONFIG = "english"
# SQLite's parser has a small stack: a search reads this many words, the rest are left out.
SQLITE_SEARCH_WORDS = 8
# Weights for D, C, B, A: the title and duties count most, the background least.
SEARCH_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


def search_words(query):
    """The words of a search, without websearch operators (quotes, OR, a leading minus)."""
    words = re.findall(r"-?[\w'’]+", query or "")
    return [w for w in words if not w.startswith("-") and w.lower() != "or"]


def closed_as_of(today):
    """``Q``: closed as of ``today``: closed by HR, or past its closing date (the day itself is still open).

    The one rule for "closed", in the database; ``is_closed()`` is the same rule
    in Python, for a vacancy in hand.
    """
    return Q(status="closed") | Q(closes_on__lt=today)


def closed_expression(today):
    """``closed_as_of(today)`` as a column: True or False, never NULL (for ``annotate()``).

    A ``Case``: the bare ``Q`` would be NULL for a vacancy without a closing
    date, since ``closes_on < today`` is then NULL.
    """
    return models.Case(models.When(closed_as_of(today), then=True), default=False, output_field=models.BooleanField())


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


def is_required_at_most(minimum, years):
    """``requires_at_most(years)`` for one vacancy's minimum (``None`` when it states none)."""
    return minimum is None or minimum <= years


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

    # Search -----------------------------------------------------------

    def search(self, query):
        """Vacancies matching a full-text search, annotated with ``rank`` (higher is better).

        PostgreSQL: its own search on the weighted, indexed ``search_vector``,
        with websearch syntax ("quoted phrase", or, -exclude). SQLite: every word
        (up to eight) must appear somewhere in the ToR; the rank counts where.
        """
        if connection.vendor == "postgresql":
            search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
            return self.filter(search_vector=search_query).annotate(
                rank=SearchRank(F("search_vector"), search_query, weights=SEARCH_WEIGHTS)
            )
        queryset = self
        rank = Value(0)
        for word in search_words(query)[:SQLITE_SEARCH_WORDS]:
            in_title = Q(title__icontains=word) | Q(alternative_title__icontains=word)
            in_duties = Exists(_related("Duty").filter(text__icontains=word))
            elsewhere = (
                Q(organization__icontains=word)
                | Q(office__icontains=word)
                | Q(sector__icontains=word)
                | Q(reference__icontains=word)
                | Q(duties_intro__icontains=word)
                | Q(general_notes__icontains=word)
                | Q(salary_and_benefits__icontains=word)
                | Q(learning_elements__icontains=word)
                | Q(background__icontains=word)
                | Q(how_to_apply__icontains=word)
                | Q(other_language_notes__icontains=word)
                | Q(diversity_statement__icontains=word)
                | Exists(_related("DutyStation").filter(Q(city__icontains=word) | Q(country__iexact=word)))
                | Exists(_related("Qualification").filter(Q(text__icontains=word) | Q(competency__icontains=word)))
                | Exists(
                    _related("Supervision").filter(
                        Q(supervisor_title__icontains=word) | Q(content__icontains=word) | Q(evaluation__icontains=word)
                    )
                )
            )
            queryset = queryset.filter(in_title | in_duties | elsewhere)
            rank = rank + Case(When(in_title, then=Value(4)), default=Value(0), output_field=IntegerField())
            rank = rank + Case(When(in_duties, then=Value(2)), default=Value(0), output_field=IntegerField())
            rank = rank + Case(When(elsewhere, then=Value(1)), default=Value(0), output_field=IntegerField())
        return queryset.annotate(rank=rank)

    # Order ------------------------------------------------------------

    def newest_first(self):
        return self.order_by(F("posted_on").desc(nulls_last=True), Lower("title"), "pk")

    def closing_first(self):
        return self.order_by(F("closes_on").asc(nulls_last=True), Lower("title"), "pk")

    def by_title(self):
        return self.order_by(Lower("title"), "pk")

    def best_match_first(self):
        """After ``search()``: the best match first, then the newest."""
        return self.order_by(F("rank").desc(), F("posted_on").desc(nulls_last=True), Lower("title"), "pk")

    # What a page shows --------------------------------------------------

    def for_list(self, with_texts=False):
        """Everything a list row shows, in a fixed number of queries.

        ``with_texts`` also fetches the duties and qualifications, where a
        search result's snippet may come from.
        """
        from .models import Duty, DutyStation, Qualification

        lookups = [Prefetch("duty_stations", queryset=DutyStation.objects.order_by("order", "id"))]
        if with_texts:
            lookups += [
                Prefetch("duties", queryset=Duty.objects.order_by("order", "id")),
                Prefetch("qualifications", queryset=Qualification.objects.order_by("order", "id")),
            ]
        return self.prefetch_related(*lookups)

    def for_detail(self):
        """Every section of the ToR, in a fixed number of queries."""
        from .models import Duty, DutyStation, Qualification

        return self.select_related("supervision").prefetch_related(
            Prefetch("duty_stations", queryset=DutyStation.objects.order_by("order", "id")),
            Prefetch("duties", queryset=Duty.objects.order_by("order", "id")),
            Prefetch("qualifications", queryset=Qualification.objects.order_by("order", "id")),
        )
