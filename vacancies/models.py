"""A vacancy is one Terms of Reference (ToR), stored as structured data.

Anything a candidate filters on or a sponsor exports is a field of its own.
Long passages (background, learning elements, how to apply) are text in a
light format: paragraphs separated by a blank line, list items on lines
starting with "- " (or "1. " for numbered lists), rendered escaped.
"Not stated" is stored as such: an empty string, ``None`` or an explicit
choice, never a guess.
"""

import zoneinfo
from datetime import datetime, time

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import dateformat, timezone

from . import querysets, text
from .labels import closing_phrase, station_label
from .querysets import VacancyQuerySet

alpha2_validator = RegexValidator(
    r"^[A-Z]{2}\Z", "Enter an ISO 3166-1 alpha-2 country code in capitals, such as US or AT."
)
iso639_1_validator = RegexValidator(r"^[a-z]{2}\Z", "Enter an ISO 639-1 language code in lower case, such as en or fr.")

# "Midnight" at the end of the closing day is 24:00, which a time cannot hold: it is stored one second
# earlier, the instant schema.org and most job boards give for the end of a day.
END_OF_DAY = time(23, 59, 59)


def utc_offset(instant):
    """``UTC+01:00`` for an aware datetime: the offset that day, summer time included."""
    minutes = int(instant.utcoffset().total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    # A minus sign, not a hyphen: browsers break lines after a hyphen ("UTC-" / "05:00").
    sign = "\N{MINUS SIGN}" if minutes < 0 else "+"
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def time_zone_validator(name):
    # A closed list, not ZoneInfo(name): that also opens paths such as "../../etc/localtime".
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(name)s” is not an IANA time zone name. Give the zone of a city, such as Europe/Zurich "
            "for Geneva, Europe/Vienna or America/New_York.",
            code="invalid_time_zone",
            params={"name": name},
        )


class Grade(models.TextChoices):
    P1 = "P1", "P1"
    P2 = "P2", "P2"
    P3 = "P3", "P3"


def grade_range(lowest, highest):
    """["P1", "P2"] for P1 to P2; [] when no grade is stated."""
    if not lowest:
        return []
    values = Grade.values
    return values[values.index(lowest) : values.index(highest) + 1]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


# The partial indexes' condition: the list, its counts and the export read published vacancies only.
LISTED = Q(status=Status.PUBLISHED)


class NonFamily(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_STATED = "not_stated", "Not stated"


class Vacancy(models.Model):
    Status = Status
    NonFamily = NonFamily

    # Identity
    reference = models.CharField(
        max_length=40, blank=True, help_text="The ToR's own reference code; blank when the ToR has none."
    )
    other_references = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text='Any other numbers the ToR gives (a job ID beside the vacancy number), as "Job ID 12345; ...".',
    )
    slug = models.SlugField(max_length=120, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    posted_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True, help_text="Blank when the ToR states no closing date.")
    open_until_filled = models.BooleanField(
        default=False,
        db_default=False,
        help_text="HR confirms the ToR gives no deadline and the vacancy stays open until filled.",
    )
    closes_at = models.TimeField(
        "closing time",
        null=True,
        blank=True,
        help_text="The time on the closing date, in the time zone beside it; “midnight” (the end of the day) is "
        "24:00, kept as 23:59:59. Blank when the ToR states no time.",
    )
    closing_time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[time_zone_validator],
        help_text="The IANA time zone the ToR states the closing time in: Europe/Zurich for Geneva, "
        "America/New_York for New York. Blank when it states none.",
    )
    closing_time_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="The deadline's time as the ToR words it, e.g. “midnight Geneva time”.",
    )

    # I. General information
    # A draft may lack a title or a sector (an imported ToR that states none); publishing needs both.
    title = models.CharField(max_length=300, blank=True)
    alternative_title = models.CharField(max_length=300, blank=True)
    sector = models.CharField("sector of assignment", max_length=200, blank=True)
    organization = models.CharField(
        max_length=100, help_text="The UN entity, short form used for filtering (UNODC, OHCHR, DPO)."
    )
    office = models.CharField(
        "organization/office", max_length=500, blank=True, help_text="The ToR's Organization/Office line, in full."
    )
    non_family = models.CharField(
        "non-family duty station", max_length=10, choices=NonFamily.choices, default=NonFamily.NOT_STATED
    )
    duration_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Blank when the ToR states none."
    )
    duration_months_max = models.PositiveSmallIntegerField(
        "longest duration in months",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text='When the ToR gives a range ("1–3 years": 12, then 36 here); blank otherwise.',
    )
    duration_text = models.CharField(max_length=300, blank=True, help_text="The duration as the ToR words it.")
    extension_terms = models.TextField(blank=True)
    grade_min = models.CharField(max_length=2, choices=Grade.choices, blank=True)
    grade_max = models.CharField(
        max_length=2, choices=Grade.choices, blank=True, help_text="Same as the lowest grade when only one is open."
    )
    grade_text = models.CharField(max_length=200, blank=True, help_text="The grade as the ToR words it.")
    salary_and_benefits = models.TextField(blank=True)
    sponsor_country = models.CharField(
        max_length=2,
        blank=True,
        validators=[alpha2_validator],
        help_text="ISO 3166-1 alpha-2 code of the sponsoring donor country; blank when not stated.",
    )
    general_notes = models.TextField(blank=True, help_text="Other notes of the general information section.")

    # II. Supervision is its own model.

    # III. Duties
    duties_intro = models.TextField(blank=True, help_text="The paragraphs before the list of duties.")

    # IV. Qualifications are their own model; this is the section's closing statement.
    diversity_statement = models.TextField("workforce diversity", blank=True)

    # V.-VII.
    learning_elements = models.TextField(blank=True)
    background = models.TextField("background information", blank=True)
    age_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest age at which a candidate may apply; blank when there is none."
    )
    age_limit_on = models.DateField(
        "age counted on",
        null=True,
        blank=True,
        help_text="The day the ToR counts the age on (e.g. 31 December 2020); blank when it names none.",
    )
    age_limit_terms = models.CharField(
        "age limit exceptions",
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text="Exceptions to the age limit as the ToR words them (e.g. an extension for military service).",
    )
    how_to_apply = models.TextField("how to apply and eligibility", blank=True)
    application_url = models.URLField(
        "application address",
        max_length=500,
        blank=True,
        help_text="Where the ToR says to apply online, exactly as it gives it; blank when it gives none.",
    )
    application_email = models.EmailField(
        blank=True, help_text="The e-mail address the ToR says to apply to; blank when it gives none."
    )
    other_language_notes_title = models.CharField(max_length=200, blank=True)
    other_language_notes = models.TextField(
        blank=True, help_text="Notes the ToR gives in a language other than English."
    )
    other_language_notes_language = models.CharField(
        max_length=2, blank=True, validators=[iso639_1_validator], help_text="ISO 639-1 code, e.g. de."
    )

    source_text = models.TextField(blank=True, help_text="The original ToR text, kept for provenance.")
    import_report = models.JSONField(
        default=dict,
        db_default=Value({}, output_field=models.JSONField()),
        blank=True,
        editable=False,
        help_text="What the importer read, inferred and did not find, and what HR must check (vacancies/importing).",
    )
    # Derived by the database on every write, whoever makes it (vacancies/sql/derived_columns.sql),
    # so that search, filters and their counts read one row instead of many.
    min_experience_years = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="The highest of the required minimum years of experience."
    )
    required_languages = models.CharField(
        max_length=200,
        blank=True,
        default="",
        editable=False,
        help_text='ISO 639-1 codes of the required languages, sorted, space-separated and padded: " en fr ".',
    )
    # Who may apply, derived from the qualifications (the same file): what the eligibility filters read.
    nationality_codes = ArrayField(
        models.CharField(max_length=2),
        default=list,
        db_default=Value([], output_field=ArrayField(models.CharField(max_length=2))),
        editable=False,
        help_text="Alpha-2 codes of the only nationalities eligible, in ToR order; empty when open to all.",
    )
    required_degree = models.CharField(
        max_length=20, blank=True, default="", db_default="", editable=False, help_text="The highest required degree."
    )
    in_lieu_degree = models.CharField(
        max_length=20,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="A lower degree the ToR accepts instead of the required one, with more experience.",
    )
    in_lieu_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The years of experience the lower degree needs on top of the minimum; blank when not stated.",
    )
    language_requirements = models.JSONField(
        default=list,
        db_default=Value([], output_field=models.JSONField()),
        editable=False,
        help_text='The required languages in ToR order: [["en", "fluent"], ["", "Knowledge of another ..."]].',
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VacancyQuerySet.as_manager()

    # The columns vacancies/sql/derived_columns.sql writes on every insert and update: nobody else does.
    DERIVED_FIELDS = (
        "search_vector",
        "min_experience_years",
        "required_languages",
        "nationality_codes",
        "required_degree",
        "in_lieu_degree",
        "in_lieu_years",
        "language_requirements",
    )

    class Meta:
        verbose_name_plural = "vacancies"
        ordering = ["-posted_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="vacancy_reference_unique_when_present",
                violation_error_message="Another vacancy already has this reference.",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="vacancy_status_valid"),
            models.CheckConstraint(condition=Q(non_family__in=NonFamily.values), name="vacancy_non_family_valid"),
            models.CheckConstraint(
                condition=Q(grade_min__in=["", *Grade.values]) & Q(grade_max__in=["", *Grade.values]),
                name="vacancy_grade_valid",
            ),
            models.CheckConstraint(
                condition=(Q(grade_min="") & Q(grade_max=""))
                | (~Q(grade_min="") & ~Q(grade_max="") & Q(grade_min__lte=models.F("grade_max"))),
                name="vacancy_grade_range_valid",
                violation_error_message="Give both the lowest and the highest grade, the lowest first, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(duration_months_max__isnull=True)
                | (Q(duration_months__isnull=False) & Q(duration_months_max__gte=F("duration_months"))),
                name="vacancy_duration_range_valid",
                violation_error_message="The longest duration needs the shortest, and cannot be below it.",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gte=1),
                name="vacancy_duration_positive",
                violation_error_message="The duration must be at least one month.",
            ),
            # A draft may hold a ToR's dates as it gives them, wrong or not: the import flags them.
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | Q(closes_on__isnull=True)
                | Q(posted_on__isnull=True)
                | Q(closes_on__gte=models.F("posted_on")),
                name="vacancy_closes_after_posted",
                violation_error_message="The closing date cannot be before the posting date.",
            ),
            models.CheckConstraint(
                condition=Q(open_until_filled=False) | Q(closes_on__isnull=True),
                name="vacancy_open_until_filled_has_no_closing_date",
                violation_error_message="A vacancy open until filled has no closing date: clear one or the other.",
            ),
            # A closing time is an instant only with its date and its zone (Vacancy.clean says which is missing).
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True, closing_time_zone="")
                | (Q(closes_at__isnull=False, closes_on__isnull=False) & ~Q(closing_time_zone="")),
                name="vacancy_closing_time_complete",
                violation_error_message="Give the closing date, time and time zone together, or no time at all.",
            ),
        ]
        # The filters (organization and sector compare case-insensitively) and grade ranges.
        indexes = [
            models.Index(Upper("organization"), name="vacancy_organization_idx"),
            models.Index(Upper("sector"), name="vacancy_sector_idx"),
            models.Index(fields=["sponsor_country"], name="vacancy_sponsor_idx"),
            models.Index(fields=["grade_min", "grade_max"], name="vacancy_grade_idx"),
            # The list's three orders over published vacancies, exactly as querysets.py sorts them, so
            # that a page is an index range. They carry what the list's count and its page of ids read:
            # both are index-only scans, and a deep page skips index entries, not rows.
            models.Index(
                F("posted_on").desc(nulls_last=True),
                Lower("title"),
                F("id"),
                include=["closes_on", "title"],
                condition=LISTED,
                name="vacancy_newest_idx",
            ),
            models.Index(
                F("closes_on").asc(nulls_last=True),
                Lower("title"),
                F("id"),
                include=["title"],
                condition=LISTED,
                name="vacancy_closing_idx",
            ),
            models.Index(
                Lower("title"),
                F("id"),
                include=["closes_on", "title"],
                condition=LISTED,
                name="vacancy_title_idx",
            ),
            # Every filter's count is an index-only scan of this one.
            models.Index(
                fields=["sponsor_country"],
                include=[
                    "id",
                    "organization",
                    "sector",
                    "grade_min",
                    "grade_max",
                    "required_languages",
                    "min_experience_years",
                    "closes_on",
                    "nationality_codes",
                    "age_limit",
                    "required_degree",
                    "in_lieu_degree",
                    "in_lieu_years",
                ],
                condition=LISTED,
                name="vacancy_facets_idx",
            ),
            GinIndex(fields=["search_vector"], name="vacancy_search_vector_gin"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("vacancies:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # Never a guessed instant: a time means nothing without the ToR's zone, and a zone without a time
        # says nothing the date does not. What the ToR says otherwise goes to closing_time_text.
        errors = {}
        if self.closes_at is not None:
            if self.closes_on is None:
                errors["closes_on"] = "A closing time needs the closing date it falls on."
            if self.closes_at == time(0):
                errors["closes_at"] = (
                    "00:00 is the start of the closing day. For “midnight” at the end of it, enter 24:00 "
                    "(kept as 23:59:59)."
                )
            if not self.closing_time_zone:
                errors["closing_time_zone"] = (
                    "Give the time zone of the closing time, such as Europe/Zurich for Geneva. If the ToR "
                    "states none, leave the time blank and copy its words into the closing time text."
                )
        elif self.closing_time_zone:
            errors["closes_at"] = "Give the closing time in this time zone, or leave the time zone blank too."
        if self.open_until_filled and self.closes_on is not None:
            errors["open_until_filled"] = "A vacancy open until filled has no closing date: clear one or the other."
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self):
        """Closed by HR, or past its closing date: no longer takes applications."""
        return querysets.is_closed(self.status, self.closes_on, timezone.localdate())

    @property
    def closing_phrase(self):
        """“Closes in 3 days”, “Closes today”, “Closed”… (``labels.closing_phrase``), as of today."""
        # Day-relative text in a cached page is safe: vacancies/cache.py keys every page by today's date too.
        return closing_phrase(self.status, self.closes_on, timezone.localdate())

    @property
    def closes_at_instant(self):
        """The deadline as an aware datetime in the ToR's zone; ``None`` unless date, time and zone are all stated."""
        if self.closes_on is None or self.closes_at is None or not self.closing_time_zone:
            return None
        return datetime.combine(self.closes_on, self.closes_at, tzinfo=zoneinfo.ZoneInfo(self.closing_time_zone))

    @property
    def closing_datetime(self):
        """For a ``<time datetime>``: the instant with the ToR's offset when stated, else the date."""
        instant = self.closes_at_instant
        if instant is not None:
            return instant.isoformat()
        return self.closes_on.isoformat() if self.closes_on else ""

    @property
    def closing_deadline(self):
        """“15 January 2027, 23:59 Europe/Zurich time (UTC+01:00)”, or the date alone; "" with no closing date."""
        if self.closes_on is None:
            return ""
        day = dateformat.format(self.closes_on, "j F Y")
        instant = self.closes_at_instant
        if instant is None:
            return day
        return f"{day}, {instant:%H:%M} {self.closing_time_zone} time ({utc_offset(instant)})"

    @property
    def duration_label(self):
        """The duration as every page shows it: the ToR's words, else “N months”, else “Not stated”."""
        if self.duration_text:
            return self.duration_text
        if self.duration_months and self.duration_months_max:
            return f"{self.duration_months} to {self.duration_months_max} months"
        if self.duration_months:
            return f"{self.duration_months} month{'s' if self.duration_months != 1 else ''}"
        return "Not stated"

    @property
    def summary(self):
        """A few sentences for the list: the duties' introduction, else the background."""
        for passage in (self.duties_intro, self.background):
            summary = text.plain(passage)
            if len(summary.split()) >= 20:
                return summary
        return ""

    def responsibilities(self):
        """Top-level duties in ToR order, each with ``.sub_items`` (uses prefetched duties)."""
        return self._duty_tree(DutyKind.RESPONSIBILITY)

    def expected_results(self):
        return self._duty_tree(DutyKind.RESULT)

    def _duty_tree(self, kind):
        duties = [duty for duty in self.duties.all() if duty.kind == kind]
        for duty in duties:
            duty.sub_items = [item for item in duties if item.group_id == duty.pk]
        return [duty for duty in duties if duty.group_id is None]

    def qualification_sections(self):
        """(category label, qualifications) for section IV, in the categories' order, non-empty only."""
        shown = [Category.EDUCATION, Category.EXPERIENCE, Category.LANGUAGE, Category.SKILL]
        qualifications = list(self.qualifications.all())
        sections = []
        for category in shown:
            rows = [q for q in qualifications if q.category == category]
            if rows:
                sections.append((category.label, rows))
        return sections

    def competencies(self):
        return [q for q in self.qualifications.all() if q.category == Category.COMPETENCY]

    def eligibility(self):
        """Nationality and other rules that decide who may apply."""
        return [q for q in self.qualifications.all() if q.category in (Category.NATIONALITY, Category.OTHER)]

    def languages(self, level):
        """ISO 639-1 codes of the languages at this level, in ToR order, once each."""
        codes = [
            q.language
            for q in self.qualifications.all()
            if q.category == Category.LANGUAGE and q.level == level and q.language
        ]
        return list(dict.fromkeys(codes))

    def nationalities(self):
        return [q.country for q in self.qualifications.all() if q.category == Category.NATIONALITY and q.country]

    @property
    def grades(self):
        """The grades the vacancy is open at, lowest first ([] when not stated)."""
        return grade_range(self.grade_min, self.grade_max)


class DutyStation(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="duty_stations")
    order = models.PositiveSmallIntegerField(default=0)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2, validators=[alpha2_validator], help_text="ISO 3166-1 alpha-2, e.g. US.")
    period = models.CharField(max_length=100, blank=True, help_text='When the JPO serves here, e.g. "1st year".')
    wording = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text='The place as the ToR words it when that differs from city and country ("Jerusalem, oPt").',
    )

    class Meta:
        ordering = ["vacancy", "order", "id"]
        indexes = [models.Index(fields=["country", "vacancy"], name="dutystation_country_idx")]

    def __str__(self):
        return f"{self.city}, {self.country}"

    @property
    def label(self):
        return station_label(self.city, self.country, self.period)


class Supervision(models.Model):
    vacancy = models.OneToOneField(Vacancy, on_delete=models.CASCADE, related_name="supervision")
    supervisor_title = models.CharField(max_length=300, blank=True)
    supervisor_grade = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text='The supervisor\'s grade or position number, as the ToR gives it ("P-4", "post no. 30512345").',
    )
    content = models.TextField("content and methodology of supervision", blank=True)
    evaluation = models.TextField(blank=True)

    def __str__(self):
        return self.supervisor_title or "Supervision"


class DutyKind(models.TextChoices):
    RESPONSIBILITY = "responsibility", "Responsibility"
    RESULT = "result", "Expected result"


class Duty(models.Model):
    Kind = DutyKind

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(default=0)
    group = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        help_text="The numbered group or heading duty this item belongs to.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESPONSIBILITY)
    text = models.TextField()

    class Meta:
        verbose_name_plural = "duties"
        ordering = ["vacancy", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DutyKind.values), name="duty_kind_valid"),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        # Duties nest one level, inside their own vacancy; forms offer any duty, the rule is here.
        if self.group_id is None:
            return
        group = self.group
        if group.vacancy_id != self.vacancy_id:
            raise ValidationError({"group": "Choose a group among this vacancy's own duties."})
        if self.pk is not None and group.pk == self.pk:
            raise ValidationError({"group": "A duty cannot be its own group."})
        if group.group_id is not None:
            raise ValidationError({"group": "Choose a top-level duty as the group: duties nest one level only."})
        if self.pk is not None and self.items.exists():
            raise ValidationError({"group": "This duty is a group with items of its own: duties nest one level only."})


class Category(models.TextChoices):
    EDUCATION = "education", "Education"
    EXPERIENCE = "experience", "Work experience"
    LANGUAGE = "language", "Languages"
    SKILL = "skill", "Other skills"
    COMPETENCY = "competency", "UN competencies"
    NATIONALITY = "nationality", "Nationality"
    OTHER = "other", "Other requirements"


class Level(models.TextChoices):
    REQUIRED = "required", "Required"
    DESIRABLE = "desirable", "Desirable"
    ASSET = "asset", "An asset"


class Degree(models.TextChoices):
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    DOCTORATE = "doctorate", "Doctorate"


# The structured inputs each category uses, with the words a refusal names them by; the others stay blank.
STRUCTURED_FIELDS = {
    "degree": "degree",
    "in_lieu_degree": "degree accepted in lieu",
    "in_lieu_years": "years in lieu",
    "min_years": "minimum years of experience",
    "language": "language",
    "proficiency": "proficiency",
    "competency": "competency name",
    "country": "country",
}
CATEGORY_FIELDS = {
    Category.EDUCATION: ("degree", "in_lieu_degree", "in_lieu_years"),
    Category.EXPERIENCE: ("min_years",),
    Category.LANGUAGE: ("language", "proficiency"),
    Category.SKILL: (),
    Category.COMPETENCY: ("competency",),
    Category.NATIONALITY: ("country",),
    Category.OTHER: (),
}
CATEGORY_SUBJECTS = {
    Category.EDUCATION: "An education qualification",
    Category.EXPERIENCE: "A work-experience qualification",
    Category.LANGUAGE: "A language qualification",
    Category.SKILL: "A skill qualification",
    Category.COMPETENCY: "A competency qualification",
    Category.NATIONALITY: "A nationality qualification",
    Category.OTHER: "An “other requirements” qualification",
}


class Qualification(models.Model):
    Category = Category
    Level = Level
    Degree = Degree

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="qualifications")
    order = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(max_length=20, choices=Category.choices)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.REQUIRED)
    text = models.TextField()
    min_years = models.PositiveSmallIntegerField(
        "minimum years of experience", null=True, blank=True, help_text="Work experience only."
    )
    degree = models.CharField(max_length=20, choices=Degree.choices, blank=True, help_text="Education only.")
    in_lieu_degree = models.CharField(
        "accepted in lieu",
        max_length=20,
        choices=Degree.choices,
        blank=True,
        default="",
        db_default="",
        help_text="Education only: a lower degree the ToR accepts instead, with more experience.",
    )
    in_lieu_years = models.PositiveSmallIntegerField(
        "more years in lieu",
        null=True,
        blank=True,
        help_text="With the degree accepted in lieu: the years of experience it needs on top of the minimum; "
        "blank when the ToR does not say how many.",
    )
    language = models.CharField(
        max_length=2, blank=True, validators=[iso639_1_validator], help_text="ISO 639-1 code; languages only."
    )
    proficiency = models.CharField(
        max_length=50, blank=True, help_text='Languages only, e.g. "fluent", "working knowledge", "B2".'
    )
    competency = models.CharField("competency name", max_length=100, blank=True)
    country = models.CharField(
        max_length=2, blank=True, validators=[alpha2_validator], help_text="Nationality only: ISO 3166-1 alpha-2."
    )

    class Meta:
        ordering = ["vacancy", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="qualification_category_valid",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="qualification_level_valid"),
            models.CheckConstraint(condition=Q(degree__in=["", *Degree.values]), name="qualification_degree_valid"),
            models.CheckConstraint(
                condition=Q(in_lieu_degree__in=["", *Degree.values]), name="qualification_in_lieu_degree_valid"
            ),
            models.CheckConstraint(
                condition=~Q(in_lieu_degree="") | Q(in_lieu_years__isnull=True),
                name="qualification_in_lieu_years_need_a_degree",
                violation_error_message="Give the degree accepted in lieu before its years.",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "level", "language"], name="qualification_lang_idx"),
            # The triggers that derive a vacancy's filter columns read exactly these.
            models.Index(fields=["vacancy", "category", "level"], name="qualification_vacancy_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.text[:60]}"

    def clean(self):
        # A value the category does not use would be read by a filter that should not see it
        # (a degree on a language row counts as the required degree).
        if self.category in CATEGORY_FIELDS:
            used = CATEGORY_FIELDS[self.category]
            errors = {
                name: f"{CATEGORY_SUBJECTS[self.category]} has no {words}."
                for name, words in STRUCTURED_FIELDS.items()
                if name not in used and getattr(self, name) not in (None, "")
            }
            if errors:
                raise ValidationError(errors)
        if not self.in_lieu_degree:
            return
        if self.category != Category.EDUCATION or not self.degree:
            raise ValidationError({"in_lieu_degree": "Only a required degree can be replaced: set its degree first."})
        if Degree.values.index(self.in_lieu_degree) >= Degree.values.index(self.degree):
            raise ValidationError({"in_lieu_degree": "The degree accepted in lieu must be below the one required."})


class DataVersion(models.Model):
    """One row whose number changes on every write to a vacancy or any part of one.

    Database triggers (vacancies/sql/data_version.sql) bump it, whoever writes: the admin, a
    bulk load, raw SQL. Cached pages are keyed by it, so an HR edit reaches
    every process and host at once, whatever the cache backend.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="dataversion_single_row")]

    def __str__(self):
        return f"data version {self.version}"


class ExportRow(models.Model):
    """One vacancy's CSV cells, kept by the database (vacancies/sql/export_cells.sql), never written by Django.

    Each text cell is stored as it goes into the file: neutralised against
    formulas and quoted as RFC 4180 quotes. What depends on the request, the
    day or the application's names stays raw (codes in ToR order, each once),
    and the export's query finishes it (``vacancies.export``). No foreign key:
    the triggers delete and truncate these rows with their vacancies.
    """

    vacancy_id = models.BigIntegerField(primary_key=True)
    # Raw, for the cells the export finishes.
    slug = models.TextField()
    status = models.TextField()
    closes_on = models.DateField(null=True)
    station_cities = ArrayField(models.TextField())
    station_countries = ArrayField(models.TextField())
    station_periods = ArrayField(models.TextField())
    degrees = ArrayField(models.TextField())
    languages_required = ArrayField(models.TextField())
    languages_desirable = ArrayField(models.TextField())
    languages_asset = ArrayField(models.TextField())
    # The finished cells, as written in the file.
    reference = models.TextField()
    title = models.TextField()
    organization = models.TextField()
    office = models.TextField()
    sector = models.TextField()
    countries = models.TextField()
    duration_months = models.TextField()
    grade = models.TextField()
    non_family = models.TextField()
    sponsor_country = models.TextField()
    supervisor = models.TextField()
    min_experience_years = models.TextField()
    posted_on_cell = models.TextField()
    closes_on_cell = models.TextField()
    alternative_title = models.TextField()
    duration = models.TextField()
    nationalities = models.TextField()
    age_limit = models.TextField()
    competencies = models.TextField()

    class Meta:
        db_table = "vacancies_export_row"

    def __str__(self):
        return f"export row of vacancy {self.vacancy_id}"


class SearchDocument(models.Model):
    """A vacancy's search vector again, in a narrow row kept by the database (vacancies/sql/search_documents.sql).

    The list reads which vacancies a search matches from here, through its GIN index: the
    matches' rows are a few bytes each, not a vacancy's texts (``listing.py``). No foreign key:
    the triggers delete and truncate these rows with their vacancies.
    """

    vacancy_id = models.BigIntegerField(primary_key=True)
    search_vector = SearchVectorField()

    class Meta:
        db_table = "vacancies_search_document"
        indexes = [GinIndex(fields=["search_vector"], name="search_document_gin")]

    def __str__(self):
        return f"search document of vacancy {self.vacancy_id}"


class OrganizationMembership(models.Model):
    """An HR staff account's organization: in the admin it sees and changes that organization's vacancies only.

    ``organization`` is the vacancies' short form (``Vacancy.organization``, "UNODC"), compared in any case.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(Upper("organization"), "user", name="membership_once_per_organization"),
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"


class SponsorAccount(models.Model):
    """A sponsor programme officer's account: reads, never changes, every vacancy its country sponsors."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsor")
    country = models.CharField(max_length=2, validators=[alpha2_validator], help_text="ISO 3166-1 alpha-2, e.g. CH.")

    def __str__(self):
        return f"{self.user} for {self.country}"


class AuditAction(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    IMPORTED = "imported", "Imported a ToR"
    EXPORTED = "exported", "Exported"
    LOGGED_IN = "logged_in", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"


class AuditEvent(models.Model):
    """One thing an admin account did, or tried: the audit trail HR managers read (vacancies/audit.py writes it).

    It keeps the username and the vacancy's name as they were, so an event outlives the account or
    the vacancy it names; ``organization`` is the vacancy's, or the account's, for HR managers' scope.
    """

    Action = AuditAction

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for a failed sign-in.")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    organization = models.CharField(max_length=100, blank=True)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    object_repr = models.CharField("vacancy", max_length=300, blank=True)
    detail = models.TextField(blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_action_valid")]
        indexes = [models.Index(fields=["organization", "-at"], name="audit_organization_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}".strip()
