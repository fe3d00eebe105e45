"""The one FilterSet behind the list, the CSV export, the feed and ``export_vacancies``.

The query parameters are a public contract (README, "Public URLs"). A value
that is not understood never fails the request: it is left out and named in
``VacancyFilter.not_understood()``, and the rest of the query still applies.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count
from django.http import QueryDict

from .eligibility import degrees_at_most
from .labels import country_name, is_country_code, is_language_code, language_name
from .models import Degree, DutyStation, Grade
from .querysets import VacancyQuerySet, open_at

SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "closing": "Closing soonest",
    "title": "Title",
}


class CodeListField(forms.Field):
    """A repeatable parameter (``?country=US&country=LB``) as a list of codes.

    Bad codes are sorted out by the form (``sort_out``), which keeps the good ones.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, upper, is_code, problem, most, **kwargs):
        self.upper = upper
        self.is_code = is_code
        self.problem = problem  # said of a value that is not a code
        # At most this many are read: more than anyone needs are not understood, so the query stays small.
        self.most = most
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        codes = [str(v).strip() for v in value if str(v).strip()]
        codes = [c.upper() if self.upper else c.lower() for c in codes]
        return list(dict.fromkeys(codes))

    def sort_out(self, codes):
        """(the codes kept, [(code, problem)] for those left out): the first ``most``, if they are codes."""
        left_out = [(code, f"is one value too many: at most {self.most} are read") for code in codes[self.most :]]
        codes = codes[: self.most]
        left_out += [(code, self.problem) for code in codes if not self.is_code(code)]
        return [code for code in codes if self.is_code(code)], left_out


class CodeListFilter(django_filters.Filter):
    field_class = CodeListField


def is_repeatable(filter_):
    """Whether a parameter may be given more than once (``?country=US&country=LB``)."""
    return isinstance(filter_, CodeListFilter)


class YearsFilter(django_filters.Filter):
    field_class = forms.IntegerField


class VacancyFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        self.rejected_codes = []
        for name, field in self.fields.items():
            if isinstance(field, CodeListField):
                cleaned[name], left_out = field.sort_out(cleaned.get(name) or [])
                self.rejected_codes += [(name, code, problem) for code, problem in left_out]
        return cleaned

    def clean_sponsor(self):
        sponsor = (self.cleaned_data.get("sponsor") or "").strip().upper()
        if sponsor and not is_country_code(sponsor):
            raise forms.ValidationError("is not an ISO 3166-1 alpha-2 country code (such as KR or CH)")
        return sponsor

    def clean_grade(self):
        grade = (self.cleaned_data.get("grade") or "").strip().upper()
        if grade and grade not in Grade.values:
            raise forms.ValidationError(f"is not a grade; use {', '.join(Grade.values)}")
        return grade


@dataclass
class Option:
    """One choice of a filter, with the number of vacancies it would give."""

    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


class VacancyFilter(django_filters.FilterSet):
    """The public query parameters (README, "Query parameters"), in the order links write them.

    Each filter's name is its parameter; its ``label`` titles it on the list page;
    its ``help_text`` and limits (``most``, ``min_value``/``max_value``, ``choices``)
    make its option's help in ``export_vacancies``.
    """

    q = django_filters.CharFilter(
        method="filter_search", label="Search", help_text="full-text search over the whole ToR, best match first"
    )
    country = CodeListFilter(
        upper=True,
        is_code=is_country_code,
        problem="is not an ISO 3166-1 alpha-2 country code (such as US or AT)",
        most=30,
        method="filter_country",
        label="Duty station country",
        help_text="ISO 3166-1 alpha-2, such as US or AT; a vacancy matches if any of its duty stations is there",
    )
    organization = django_filters.CharFilter(
        field_name="organization",
        lookup_expr="iexact",
        label="Organization",
        help_text="its short form, such as UNODC or OHCHR",
    )
    sector = django_filters.CharFilter(
        field_name="sector", lookup_expr="iexact", label="Sector", help_text="the sector of assignment"
    )
    sponsor = django_filters.CharFilter(
        field_name="sponsor_country",
        lookup_expr="iexact",
        label="Sponsor country",
        help_text="ISO 3166-1 alpha-2, such as KR or CH",
    )
    grade = django_filters.CharFilter(
        method="filter_grade", label="Grade", help_text=f"one of {', '.join(Grade.values)}"
    )
    speaks = CodeListFilter(
        upper=False,
        is_code=is_language_code,
        problem="is not an ISO 639-1 language code (such as en or fr)",
        most=12,
        method="filter_speaks",
        label="Languages you speak",
        help_text="ISO 639-1, such as en or fr; keeps vacancies whose required languages are all among them",
    )
    experience = YearsFilter(
        min_value=0,
        max_value=80,
        method="filter_experience",
        label="Your years of experience",
        help_text="keeps vacancies whose minimum is at most that",
        error_messages={
            "invalid": "is not a whole number of years",
            "min_value": "cannot be negative",
            "max_value": "is more years than anyone has",
        },
    )
    nationality = CodeListFilter(
        upper=True,
        is_code=is_country_code,
        problem="is not an ISO 3166-1 alpha-2 country code (such as KR or CH)",
        most=5,
        method="filter_nationality",
        label="Your nationality",
        help_text="ISO 3166-1 alpha-2, such as KR or CH; repeatable for dual nationals; keeps vacancies open "
        "to all and those restricted to a nationality among them",
    )
    age = YearsFilter(
        min_value=15,
        max_value=99,
        method="filter_age",
        label="Your age",
        help_text="in years; keeps vacancies with no age limit and those whose limit you meet",
        error_messages={
            "invalid": "is not an age in whole years",
            "min_value": "is younger than anyone who can apply",
            "max_value": "is not an age we can read",
        },
    )
    degree = django_filters.ChoiceFilter(
        choices=Degree.choices,
        method="filter_degree",
        empty_label="Not given",
        label="Your highest degree",
        help_text=f"one of {', '.join(Degree.values)}; keeps vacancies whose required degree it meets, counting a "
        "route in lieu (a first-level degree plus more years) when your experience allows it",
        error_messages={"invalid_choice": f"is not a degree; use {', '.join(Degree.values)}"},
    )
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()),
        method="keep",
        empty_label=None,
        label="Sort by",
        help_text="the best match first with a search, else the newest first, unless asked otherwise",
        error_messages={"invalid_choice": f"is not a sort order; use {', '.join(SORTS)}"},
    )

    class Meta:
        form = VacancyFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Bound even to no query: unbound, django-filter would apply neither the filters nor the
        # order, and "/" would come in the table's order instead of exactly like "/?page=1".
        super().__init__(QueryDict() if data is None else data, queryset, request=request, prefix=prefix)

    # Filters ----------------------------------------------------------

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_country(self, queryset, name, value):
        return queryset.in_countries(value)

    def filter_grade(self, queryset, name, value):
        return queryset.open_at_grade(value)

    def filter_speaks(self, queryset, name, value):
        return queryset.for_speaker(value)

    def filter_experience(self, queryset, name, value):
        return queryset.for_experience(value)

    def filter_nationality(self, queryset, name, value):
        return queryset.open_to_nationals_of(value)

    def filter_age(self, queryset, name, value):
        return queryset.for_age(value)

    def filter_degree(self, queryset, name, value):
        # The route in lieu reads the candidate's years of experience: the two filters work together.
        return queryset.for_degree(degrees_at_most(value), self.cleaned.get("experience"))

    def keep(self, queryset, name, value):
        return queryset  # sort orders the result; see filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.order(queryset)

    # Order ------------------------------------------------------------

    @property
    def cleaned(self):
        """The values understood, by parameter."""
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def search_text(self):
        return (self.cleaned.get("q") or "").strip()

    @property
    def sort_order(self):
        """The sort in effect: the asked one, else best match with a search, else newest."""
        asked = self.cleaned.get("sort")
        if asked == "relevance" and not self.search_text:
            asked = None
        return asked or ("relevance" if self.search_text else "newest")

    def order(self, queryset: VacancyQuerySet):
        return {
            "relevance": queryset.best_match_first,
            "newest": queryset.newest_first,
            "closing": queryset.closing_first,
            "title": queryset.by_title,
        }[self.sort_order]()

    # What was not understood --------------------------------------------

    def not_understood(self):
        """(parameter, value, problem) for every value that was left out."""
        problems = [
            (name, self.data.get(name, ""), " ".join(str(m) for m in messages))
            for name, messages in self.form.errors.items()
        ]
        return problems + getattr(self.form, "rejected_codes", [])

    # Counts -------------------------------------------------------------

    def queryset_without(self, name):
        """The vacancies of every filter in effect except ``name`` (for that filter's counts)."""
        queryset = self.queryset.all()
        for field, value in self.cleaned.items():
            if field not in (name, "sort"):
                queryset = self.filters[field].filter(queryset, value)
        return queryset.order_by()

    def facets(self, counts=None):
        """Every filter's options with their counts, from ``counts`` (``listing.Answer``) or ``facet_counts()``."""
        counts = self.facet_counts() if counts is None else counts
        cleaned = self.cleaned
        # Experience, age and nationality are typed into the "About you" form; they have no options.
        return {
            "country": self._code_options(counts["country"], cleaned.get("country") or [], country_name),
            "organization": self._value_options(counts["organization"], cleaned.get("organization")),
            "sector": self._value_options(counts["sector"], cleaned.get("sector")),
            "sponsor": self._value_options(
                counts["sponsor"], cleaned.get("sponsor"), label=country_name, skip_blank=True
            ),
            "grade": [Option(g, g, counts["grade"][g], g == cleaned.get("grade")) for g in Grade.values],
            # Every language a vacancy of the other filters requires, whether or not it alone completes
            # one: a candidate ticks every language they speak, and the list keeps the vacancies whose
            # required languages they all speak.
            "speaks": self._code_options(counts["speaks"], cleaned.get("speaks") or [], language_name),
        }

    def facet_counts(self):
        """{filter: {value: vacancies}}, each over every other filter in effect: six queries.

        The list takes the same counts from ``listing.ListingIndex``; this is the database's
        own answer, which the index must equal (``tests/test_listing.py``).
        """
        country_rows = (
            DutyStation.objects.filter(vacancy__in=self.queryset_without("country").values("pk"))
            .values("country")
            .annotate(count=Count("vacancy", distinct=True))
            .order_by()
        )
        grades = self.queryset_without("grade").aggregate(
            **{grade: Count("pk", filter=open_at(grade)) for grade in Grade.values}
        )
        speaks = {}
        for row in self.queryset_without("speaks").values("required_languages").annotate(count=Count("pk")).order_by():
            for code in row["required_languages"].split():
                speaks[code] = speaks.get(code, 0) + row["count"]
        return {
            "country": {row["country"]: row["count"] for row in country_rows},
            "organization": self._value_counts("organization", "organization"),
            "sector": self._value_counts("sector", "sector"),
            "sponsor": self._value_counts("sponsor", "sponsor_country"),
            "grade": grades,
            "speaks": speaks,
        }

    def _value_counts(self, name, field):
        rows = self.queryset_without(name).values(field).annotate(count=Count("pk")).order_by()
        return {row[field]: row["count"] for row in rows}

    @staticmethod
    def _code_options(counts, selected, label):
        """Options of codes (countries, languages), a selected one too when nothing has it, by label."""
        counts = {**dict.fromkeys(selected, 0), **counts}
        options = [Option(code, label(code), n, code in selected) for code, n in counts.items()]
        return sorted(options, key=lambda option: option.label)

    @staticmethod
    def _value_options(counts, selected, label=str, skip_blank=False):
        options = [
            Option(value, label(value), n, bool(selected) and value.lower() == selected.lower())
            for value, n in counts.items()
            if value or not skip_blank
        ]
        return sorted(options, key=lambda option: option.label.lower())


# The export's own parameters -----------------------------------------------------

STATUSES = {
    "open": "the listed vacancies (the default)",
    "closed": "closed by HR or past their closing date",
    "all": "open and closed",
}


class IsoDateFilter(django_filters.DateFilter):
    """A day as ISO 8601 (``2026-11-22``) only: ``11/12/2026`` would be read in one country's order."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": "is not a date as YYYY-MM-DD (such as 2026-11-22)"})
        super().__init__(**kwargs)


class ExportFilter(VacancyFilter):
    """The list's parameters, and the export's own: which vacancies by status, and when posted.

    Sponsors report on past vacancies too, so the export may hold what the list
    no longer shows; never a draft. The scope is chosen by ``status`` (``open``
    when not given or not understood, so that a bad value never widens it) in
    ``filter_queryset``, over a queryset that is at most ``viewable()``.
    """

    status = django_filters.ChoiceFilter(
        choices=list(STATUSES.items()),
        method="keep",
        empty_label=None,
        label="Status",
        help_text="; ".join(f"{value}: {meaning}" for value, meaning in STATUSES.items()) + "; never drafts",
        error_messages={"invalid_choice": f"is not a status; use {', '.join(STATUSES)}"},
    )
    posted_after = IsoDateFilter(
        field_name="posted_on",
        lookup_expr="gte",
        label="Posted on or after",
        help_text="an ISO date (2026-11-22); keeps vacancies posted that day or later",
    )
    posted_before = IsoDateFilter(
        field_name="posted_on",
        lookup_expr="lte",
        label="Posted on or before",
        help_text="an ISO date (2026-11-22); keeps vacancies posted that day or earlier",
    )

    @property
    def status_scope(self):
        """The status in effect: the asked one, else ``open``."""
        return self.cleaned.get("status") or "open"

    def filter_queryset(self, queryset: VacancyQuerySet):
        scope = {"open": queryset.published, "closed": queryset.closed, "all": queryset.viewable}
        return super().filter_queryset(scope[self.status_scope]())
