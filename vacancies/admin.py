"""Django admin for HR staff: a vacancy edited section by section, in the ToR's order.

Inlines name the fieldset they follow (``after_fieldset``); the change form
template (templates/admin/vacancies/vacancy/change_form.html) places them
there, so supervision, duties and qualifications sit where the ToR has them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst

from . import audit, export, permissions, services
from .importing.admin_views import import_view
from .labels import country_choices, country_name, language_choices
from .models import (
    END_OF_DAY,
    AuditAction,
    AuditEvent,
    Category,
    Duty,
    DutyStation,
    Level,
    Qualification,
    Status,
    Supervision,
    Vacancy,
    alpha2_validator,
    iso639_1_validator,
)

# HR staff see one model: the sidebar repeating it only takes the width the ToR tables need.
admin.site.enable_nav_sidebar = False
admin.site.site_header = "JPO Board administration"
admin.site.site_title = "JPO Board admin"
admin.site.site_url = "/"

GENERAL = "I. General information"
DUTIES = "III. Duties, responsibilities and output expectations"


class ToRTextField(forms.CharField):
    """A long ToR passage as typed in a textarea: browsers send CRLF line breaks, the board stores LF.

    Without this, saving a form unchanged would rewrite every passage (and list
    it in the history as changed).
    """

    def __init__(self, *, max_length=None, **kwargs):
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class ClosingTimeField(forms.TimeField):
    """A time of day that also takes 24:00, the “midnight” that ends the closing day (kept as 23:59:59)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() in ("24:00", "24:00:00"):
            return END_OF_DAY
        return super().to_python(value)


WIDE_WIDGET = forms.TextInput(attrs={"class": "vLargeTextField"})


class CodeChoiceField(forms.ChoiceField):
    """A country or a language picked by its name ("Kenya (KE)"), stored as its ISO code.

    A plain ``<select>``: typing a name's first letters jumps to it, with or
    without JavaScript, and a screen reader reads names, not codes.
    """

    def __init__(self, *, choices, invalid_choice, **kwargs):
        super().__init__(choices=[("", "---------"), *choices], **kwargs)
        self.error_messages["invalid_choice"] = invalid_choice

    def keep(self, code):
        """Offer a stored code the list lacks, so that saving the form unchanged never drops it."""
        if code and code not in dict(self.choices):
            self.choices = [*self.choices, (code, f"{code} (not a code the board knows)")]


def code_formfield(db_field):
    """The picker for a model field holding an ISO country or language code; ``None`` for any other field."""
    common = {
        "required": not db_field.blank,
        "label": capfirst(db_field.verbose_name),
        "help_text": "Type the first letters of its name to jump to it.",
    }
    if alpha2_validator in db_field.validators:
        return CodeChoiceField(
            choices=country_choices(),
            invalid_choice="“%(value)s” is not a country on the list: choose the country by its name "
            "(the board keeps its ISO 3166-1 alpha-2 code).",
            **common,
        )
    if iso639_1_validator in db_field.validators:
        return CodeChoiceField(
            choices=language_choices(),
            invalid_choice="“%(value)s” is not a language on the list: choose the language by its name "
            "(the board keeps its ISO 639-1 code).",
            **common,
        )
    return None


class CodePickersForm(forms.ModelForm):
    """A model form whose code pickers keep the codes already stored, known or not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, CodeChoiceField):
                field.keep(self.initial.get(name))


class CodePickers:
    """For a ModelAdmin or an inline: every ISO country or language code field becomes a picker by name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return code_formfield(db_field) or super().formfield_for_dbfield(db_field, request, **kwargs)


def tor_text(rows, cols=80):
    return {"form_class": ToRTextField, "widget": forms.Textarea(attrs={"rows": rows, "cols": cols})}


def _rank(field, values):
    """An ordering expression that follows the order of a TextChoices, not the alphabet."""
    return Case(*(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)), output_field=IntegerField())


class VacancyInlineFormSet(BaseInlineFormSet):
    """An inline formset that can count the rows it will leave, and check publication with its siblings.

    ``siblings`` is set by ``VacancyAdmin._create_formsets``; the formset that
    is validated last checks the whole vacancy, when all counts are known.
    ``publishing``: the form makes the vacancy public now (it was not).
    """

    siblings = ()
    checks_publication = False
    publishing = False

    def surviving_count(self):
        count = 0
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None) or {}
            if cleaned.get("DELETE"):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            count += 1
        return count

    def clean(self):
        super().clean()
        if self.checks_publication and self.instance.status == Status.PUBLISHED:
            problems = vacancy_form_problems(self.instance, self.siblings, publishing=self.publishing)
            if problems:
                raise ValidationError(publication_message(problems), code="incomplete")


def vacancy_form_problems(vacancy, formsets, *, publishing):
    """``services.publication_problems`` for a change form: counts from its inlines, else from what is stored."""
    by_model = {formset.model: formset for formset in formsets}

    def count(model, related):
        if model in by_model:
            return by_model[model].surviving_count()
        return getattr(vacancy, related).count() if vacancy.pk else 0

    # The qualifications inline leaves the nationalities out: they are the form's own picker.
    nationalities = getattr(vacancy, "pending_nationalities", None)
    if nationalities is None:
        nationalities = stored_nationalities(vacancy)
    return services.publication_problems(
        vacancy=vacancy,
        duty_station_count=count(DutyStation, "duty_stations"),
        duty_count=count(Duty, "duties"),
        qualification_count=count(Qualification, "qualifications") + len(nationalities),
        publishing=publishing,
    )


def nationality_rows(vacancy):
    if vacancy.pk is None:
        return []
    return list(vacancy.qualifications.filter(category=Category.NATIONALITY).order_by("order", "id"))


def stored_nationalities(vacancy):
    return [row.country for row in nationality_rows(vacancy) if row.country]


def publication_message(problems, name=None):
    subject = f"“{name}” cannot be published" if name else "A published vacancy needs every section candidates read"
    return f"{subject}: it has {', '.join(problems)}. Save it as a draft, or add what is missing."


NATIONALITIES_HELP = (
    "Only candidates of these nationalities may apply; none chosen: open to every nationality. "
    "Type a country's name in the filter box, or its first letters in the list."
)


# The field a constraint's message is about, for the error summary's link (its message is the form's, not a field's).
CONSTRAINT_FIELDS = {
    "vacancy_reference_unique_when_present": "reference",
    "vacancy_grade_range_valid": "grade_min",
    "vacancy_duration_range_valid": "duration_months_max",
    "vacancy_duration_positive": "duration_months",
    "vacancy_closes_after_posted": "closes_on",
    "vacancy_open_until_filled_has_no_closing_date": "open_until_filled",
    "vacancy_closing_time_complete": "closes_at",
}


def _lower_first(label):
    return label[:1].lower() + label[1:]


def error_summary(form, formsets):
    """Every error of a change form, as (where, message, anchor) for the list at its top; [] when none.

    The vacancy's fields in the form's order, then each inline's rows: "Duty station 2, country".
    ``anchor`` is the id of the input (or of the row or the inline, for their own errors); "" for none.
    """
    if not form.is_bound:
        return []
    constraint_fields = {
        constraint.violation_error_message: CONSTRAINT_FIELDS[constraint.name]
        for constraint in Vacancy._meta.constraints
        if constraint.name in CONSTRAINT_FIELDS
    }
    items = []
    for message in form.non_field_errors():
        name = constraint_fields.get(message)
        anchor = form[name].auto_id if name in form.fields else ""
        items.append((form[name].label if anchor else "", message, anchor))
    order = list(form.fields)
    for name in sorted((n for n in form.errors if n in form.fields), key=order.index):
        field = form[name]
        items.extend((field.label, message, field.auto_id) for message in form.errors[name])
    for formset in formsets:
        noun = capfirst(formset.model._meta.verbose_name)
        for index, row in enumerate(formset.forms):
            where = noun if formset.max_num == 1 else f"{noun} {index + 1}"
            for message in row.non_field_errors():
                items.append((where, message, f"{formset.prefix}-{index}"))
            for name, errors in row.errors.items():
                if name in row.fields:
                    field = row[name]
                    items.extend((f"{where}, {_lower_first(field.label)}", m, field.auto_id) for m in errors)
        for error in formset.non_form_errors().as_data():
            for message in error.messages:
                if error.code == "incomplete":
                    items.append((form["status"].label if "status" in form.fields else "", message, "id_status"))
                else:
                    items.append(
                        (capfirst(formset.model._meta.verbose_name_plural), message, f"{formset.prefix}-group")
                    )
    return items


class VacancyAdminForm(CodePickersForm):
    eligible_nationalities = forms.MultipleChoiceField(
        label="Eligible nationalities",
        choices=country_choices,
        required=False,
        widget=FilteredSelectMultiple("nationalities", is_stacked=False),
        help_text=NATIONALITIES_HELP,
    )

    class Meta:
        widgets = dict.fromkeys(
            ["title", "alternative_title", "sector", "office", "other_language_notes_title"], WIDE_WIDGET
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The nationality qualifications are the one source of truth; this picker reads and writes
        # them (services.set_nationalities), and the database derives nationality_codes from them.
        rows = nationality_rows(self.instance)
        self.initial.setdefault("eligible_nationalities", [row.country for row in rows if row.country])
        field = self.fields.get("eligible_nationalities")
        if field is not None and rows:
            wordings = format_html_join(
                "; ", "{}: “{}”", ((country_name(row.country) or "no country", row.text) for row in rows)
            )
            field.help_text = format_html("{} As the ToR words it: {}.", NATIONALITIES_HELP, wordings)
        self.limit_organizations()

    # Set by VacancyAdmin.get_form: the account whose organizations the form offers.
    user = None

    def limit_organizations(self):
        """HR staff choose among their own organizations only; the rule is checked again on save."""
        field = self.fields.get("organization")
        if field is None or self.user is None or self.user.is_superuser:
            return
        own = permissions.own_organizations(self.user)
        self.fields["organization"] = forms.ChoiceField(
            label=field.label,
            choices=[(organization, organization) for organization in own],
            help_text="One of the organizations your account belongs to.",
        )

    def clean_organization(self):
        organization = self.cleaned_data.get("organization", "")
        if self.user is not None and not permissions.may_use_organization(self.user, organization):
            raise ValidationError("Choose one of your own organizations.", code="not_yours")
        return organization

    def clean(self):
        cleaned = super().clean()
        # Published without a date means published today, as the publish action does;
        # the model then checks the closing date against it.
        if cleaned.get("status") == Status.PUBLISHED and not cleaned.get("posted_on") and "posted_on" in self.fields:
            cleaned["posted_on"] = timezone.localdate()
        return cleaned


class SupervisionInline(admin.StackedInline):
    model = Supervision
    formset = VacancyInlineFormSet
    after_fieldset = GENERAL
    verbose_name = verbose_name_plural = "II. Supervision"
    can_delete = False
    max_num = 1
    extra = 1
    fields = [("supervisor_title", "supervisor_grade"), "content", "evaluation"]
    form = forms.modelform_factory(Supervision, fields="__all__", widgets={"supervisor_title": WIDE_WIDGET})
    formfield_overrides = {models.TextField: tor_text(rows=4)}


class DutyStationInline(CodePickers, admin.TabularInline):
    model = DutyStation
    formset = VacancyInlineFormSet
    after_fieldset = GENERAL
    verbose_name_plural = "Duty stations (in the order the JPO serves there)"
    fields = ["order", "city", "country", "period", "wording"]
    form = CodePickersForm
    min_num = 1
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # The admin passes min_num to the formset but not validate_min: without it, every row could be deleted.
        return super().get_formset(request, obj, validate_min=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("order", "id")


class DutyForm(forms.ModelForm):
    sub_item = forms.BooleanField(
        label="Sub-item",
        required=False,
        help_text="Ticked: an item of the nearest duty above it (of the same kind) that is not a sub-item itself; "
        "works before the first save. Or choose its group.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("sub_item", self.instance.group_id is not None)


class DutyInlineFormSet(VacancyInlineFormSet):
    """Duties, nested by their ``group`` select (saved groups) or their “Sub-item” box (any row, saved or not).

    A row's group: the one chosen in its select when HR changed it; else none
    when “Sub-item” is not ticked; else the group it has; else the nearest
    top-level row above it of the same kind, in the order the page will show
    (by order number, then row). A new group is saved before its items (``save``).
    """

    def clean(self):
        super().clean()
        self._new_groups = []
        rows = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.is_valid() and not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        rows.sort(key=lambda row: (row[1].cleaned_data.get("order") or 0, row[0]))
        above = {}  # kind -> the last top-level row so far
        for _index, form in rows:
            data = form.cleaned_data
            group = data.get("group")
            if group is not None and "group" in form.changed_data:
                continue
            if not data.get("sub_item"):
                form.instance.group = None
                above[data.get("kind")] = form
                continue
            if group is not None:
                continue
            parent = above.get(data.get("kind"))
            if parent is None:
                form.add_error(
                    "sub_item",
                    "No duty of the same kind is above this one to hold it: untick “Sub-item”, "
                    "or give it an order number after its group's.",
                )
            elif parent.instance.pk:
                form.instance.group = parent.instance
            else:
                self._new_groups.append((form, parent))
        # A group chosen in a select must stay a top-level duty in this very form.
        by_pk = {form.instance.pk: form for _index, form in rows if form.instance.pk}
        nested = {id(form) for form, _parent in self._new_groups}
        for _index, form in rows:
            group_form = by_pk.get(form.instance.group_id)
            if group_form is not None and (group_form.instance.group_id or id(group_form) in nested):
                form.add_error("group", "This group is now a sub-item itself: duties nest one level only.")

    def save(self, commit=True):
        saved = super().save(commit)
        for form, parent in self._new_groups:
            form.instance.group = parent.instance
            form.instance.save(update_fields=["group"])
        return saved

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Only this vacancy's top-level duties can be a group. One query for the
        # choices, shared by every row, instead of one per row.
        if not hasattr(self, "_group_choices"):
            groups = Duty.objects.none()
            if self.instance.pk is not None:
                groups = Duty.objects.filter(vacancy=self.instance, group__isnull=True).order_by("order", "id")
            self._group_queryset = groups
            self._group_choices = [
                ("", "---------"),
                *((duty.pk, f"{duty.order}. {Truncator(duty.text).chars(48)}") for duty in groups),
            ]
        field = form.fields["group"]
        field.queryset = self._group_queryset
        field.choices = self._group_choices


class DutyInline(admin.TabularInline):
    model = Duty
    formset = DutyInlineFormSet
    after_fieldset = DUTIES
    fk_name = "vacancy"
    verbose_name_plural = "Duties (a group is a numbered heading; tick “Sub-item” for the items below it)"
    form = DutyForm
    fields = ["order", "kind", "sub_item", "group", "text"]
    extra = 0
    formfield_overrides = {models.TextField: tor_text(rows=3, cols=60)}

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("order", "id")


class QualificationForm(CodePickersForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nationalities have a picker of their own in section VII (VacancyAdminForm).
        category = self.fields["category"]
        category.choices = [choice for choice in category.choices if choice[0] != Category.NATIONALITY]
        category.help_text = "The inputs below follow it. Nationalities: see VII. How to apply and eligibility."


class QualificationInline(CodePickers, admin.StackedInline):
    model = Qualification
    formset = VacancyInlineFormSet
    form = QualificationForm
    after_fieldset = DUTIES
    verbose_name_plural = "IV. Qualifications (by category: education, work experience, languages, skills, …)"
    # Each category's inputs on a line of their own; static/admin/vacancies/change_form.js shows the line
    # of the category chosen, and Qualification.clean refuses values from another category's line.
    fields = [
        ("category", "level", "order"),
        "text",
        ("degree", "in_lieu_degree", "in_lieu_years"),
        "min_years",
        ("language", "proficiency"),
        "competency",
    ]
    extra = 0
    formfield_overrides = {models.TextField: tor_text(rows=3)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(category=Category.NATIONALITY)
            .order_by(_rank("category", Category.values), _rank("level", Level.values), "order", "id")
        )


class DutyStationCountryFilter(admin.SimpleListFilter):
    title = "duty-station country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # The countries of the account's own vacancies only: another organization's are none of its business.
        visible = Vacancy.objects.filter(permissions.visible_to(request.user)).values("pk")
        codes = DutyStation.objects.filter(vacancy__in=visible).order_by().values_list("country", flat=True).distinct()
        return sorted(((code, country_name(code)) for code in codes), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if self.value():
            # A subquery, not a join: a vacancy with two stations in the country is listed once.
            return queryset.filter(pk__in=DutyStation.objects.filter(country=self.value()).values("vacancy"))
        return queryset


@admin.register(Vacancy)
class VacancyAdmin(CodePickers, admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = ["reference", "title", "organization", "countries", "status", "posted", "closes"]
    list_display_links = ["reference", "title"]
    list_filter = ["status", "organization", DutyStationCountryFilter, "sponsor_country"]
    search_fields = ["reference", "title", "organization", "duty_stations__city"]
    actions = ["publish", "close", "duplicate", "export_csv", "export_xlsx"]
    save_on_top = True
    formfield_overrides = {
        models.TextField: tor_text(rows=6),
        # An address typed without its scheme ("owa.undesa.it/oasrok") is taken as https (Django 6's default).
        models.URLField: {"assume_scheme": "https"},
    }
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DutyStationInline, SupervisionInline, DutyInline, QualificationInline]
    fieldsets = [
        (
            GENERAL,
            {
                "fields": [
                    ("reference", "slug"),
                    "other_references",
                    "title",
                    "alternative_title",
                    "sector",
                    ("organization", "office"),
                    "non_family",
                    ("duration_months", "duration_months_max", "duration_text"),
                    "extension_terms",
                    ("grade_min", "grade_max", "grade_text"),
                    "salary_and_benefits",
                    "sponsor_country",
                    "general_notes",
                ]
            },
        ),
        (DUTIES, {"fields": ["duties_intro"]}),
        ("IV. Qualifications: closing statement", {"fields": ["diversity_statement"]}),
        ("V. Learning elements", {"fields": ["learning_elements"]}),
        ("VI. Background information", {"fields": ["background"]}),
        (
            "VII. How to apply and eligibility",
            {
                "fields": [
                    "eligible_nationalities",
                    ("age_limit", "age_limit_on"),
                    "age_limit_terms",
                    "application_url",
                    "application_email",
                    "how_to_apply",
                ]
            },
        ),
        (
            "Notes in another language",
            {"fields": [("other_language_notes_title", "other_language_notes_language"), "other_language_notes"]},
        ),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    ("posted_on", "closes_on", "open_until_filled"),
                    ("closes_at", "closing_time_zone", "closing_time_text"),
                ],
                "description": "Drafts are never public. A closed vacancy leaves the list but keeps its page.",
            },
        ),
        ("Provenance", {"fields": ["source_text"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["admin/vacancies/change_form.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "closes_at":
            kwargs["form_class"] = ClosingTimeField
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "source_text":
            # Provenance: the original text exactly, leading and trailing blank lines included.
            field.strip = False
        return field

    def get_queryset(self, request):
        # Every admin view, action and export of vacancies reads this: an account sees its own only.
        return super().get_queryset(request).filter(permissions.visible_to(request.user)).for_list()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    # The audit trail: Django's own history records every change; these copy it there, with what
    # kind of change it was (published, closed, imported) and the organization, for HR managers.

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        imported = isinstance(message, list) and any(part.get("added", {}).get("name") == "import" for part in message)
        action = AuditAction.IMPORTED if imported else AuditAction.ADDED
        audit.record(action=action, request=request, vacancy=obj, detail=entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        action = {"Published.": AuditAction.PUBLISHED, "Closed.": AuditAction.CLOSED}.get(
            message if isinstance(message, str) else "", AuditAction.CHANGED
        )
        audit.record(action=action, request=request, vacancy=obj, detail=entry.get_change_message())
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for vacancy in queryset:
            audit.record(action=AuditAction.DELETED, request=request, vacancy=vacancy)
        return entries

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another organization's vacancy answers exactly as one that does not exist: no hint either way.
        raise Http404("No vacancy matches the given query.")

    @admin.display(description="countries")
    def countries(self, vacancy):
        # for_list()'s station_rows: [city, country, period] of each duty station.
        return ", ".join(dict.fromkeys(country for _, country, _ in vacancy.station_rows))

    # ISO dates: unambiguous across duty stations, and narrow enough for every column to fit.
    @admin.display(description="posted", ordering="posted_on", empty_value="–")
    def posted(self, vacancy):
        return vacancy.posted_on and vacancy.posted_on.isoformat()

    @admin.display(description="closes", ordering="closes_on", empty_value="–")
    def closes(self, vacancy):
        return vacancy.closes_on and vacancy.closes_on.isoformat()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Shared links rely on the slug: it is fixed once the vacancy has been public.
        if obj is not None and obj.status != Status.DRAFT:
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None or obj.status == Status.DRAFT else {}

    def view_on_site(self, obj):
        # A draft has no public page; its change form links to the preview instead.
        return None if obj.status == Status.DRAFT else obj.get_absolute_url()

    def _create_formsets(self, request, obj, change):
        # Publishing needs counts from several inlines at once, before anything
        # is saved; Django validates each formset on its own, so the last one
        # is given its siblings and checks the whole vacancy.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        for formset in formsets:
            formset.siblings = formsets
        if formsets:
            formsets[-1].checks_publication = True
            # The deadline and the way to apply are checked when the vacancy becomes public, not each
            # time a public one is saved (services.publication_problems); ``obj`` already holds the
            # posted status, so the stored one is read.
            if request.method == "POST":
                stored = Vacancy.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
                formsets[-1].publishing = stored != Status.PUBLISHED
        return formsets, inline_instances

    def save_form(self, request, form, change):
        vacancy = super().save_form(request, form, change)
        # For the publication check of the inlines (vacancy_form_problems): the nationality rows to come.
        vacancy.pending_nationalities = form.cleaned_data.get("eligible_nationalities", [])
        return vacancy

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "eligible_nationalities" in form.changed_data:
            services.set_nationalities(vacancy=form.instance, codes=form.cleaned_data["eligible_nationalities"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        context["error_summary"] = error_summary(context["adminform"].form, formsets)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Preview

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(import_view(self)),
                name="{}_{}_import".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The public page of any vacancy, drafts included, for staff who may view it."""
        vacancy = get_object_or_404(
            Vacancy.objects.filter(permissions.visible_to(request.user)).for_detail(), pk=object_id
        )
        if not self.has_view_or_change_permission(request, vacancy):
            raise PermissionDenied
        context = {
            "vacancy": vacancy,
            "change_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[vacancy.pk]),
        }
        return TemplateResponse(request, "admin/vacancies/vacancy/preview.html", context)

    # Actions

    @admin.action(description="Publish the selected vacancies", permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for vacancy in queryset.order_by("pk"):
            try:
                services.publish_vacancy(vacancy=vacancy)
            except services.PublicationRefused as refusal:
                self.message_user(request, publication_message(refusal.problems, name=str(vacancy)), messages.ERROR)
                continue
            self.log_change(request, vacancy, "Published.")
            published += 1
        if published:
            self.message_user(request, f"Published {_vacancies(published)}.", messages.SUCCESS)

    @admin.action(description="Close the selected vacancies", permissions=["change"])
    def close(self, request, queryset):
        with transaction.atomic():
            vacancies = list(queryset.order_by("pk"))
            for vacancy in vacancies:
                services.close_vacancy(vacancy=vacancy)
                self.log_change(request, vacancy, "Closed.")
        self.message_user(
            request, f"Closed {_vacancies(len(vacancies))}; their pages stay online with a notice.", messages.SUCCESS
        )

    @admin.action(description="Duplicate the selected vacancies as new drafts", permissions=["add"])
    def duplicate(self, request, queryset):
        for vacancy in queryset.order_by("pk"):
            copy = services.duplicate_vacancy(vacancy=vacancy)
            self.log_addition(request, copy, f"Duplicated from “{vacancy}”.")
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[copy.pk])
            self.message_user(
                request,
                format_html('Duplicated “{}” as a new draft: <a href="{}">{}</a>.', vacancy, url, copy.slug),
                messages.SUCCESS,
            )

    @admin.action(description="Export the selected vacancies as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        """The sponsors' CSV with the full texts (the public export's writer), drafts included, newest first."""
        audit_export(request, queryset, "CSV")
        return export.csv_response(queryset.newest_first(), request, texts=True)

    @admin.action(description="Export the selected vacancies as Excel", permissions=["view"])
    def export_xlsx(self, request, queryset):
        """The same rows and columns as the CSV action, as a workbook (the public export's writer)."""
        audit_export(request, queryset, "Excel")
        return export.xlsx_response(queryset.newest_first(), request, texts=True)


def audit_export(request, queryset, kind):
    """One event per vacancy exported: a sponsor's or a manager's report says exactly what left the board."""
    vacancies = queryset.order_by("pk").only("pk", "title", "reference", "organization")
    audit.record_each(action=AuditAction.EXPORTED, request=request, vacancies=vacancies, detail=f"as {kind}")


def _vacancies(count):
    return f"{count} vacanc{'y' if count == 1 else 'ies'}"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read only: HR managers read their organizations' events, a superuser all of them."""

    list_display = ["at", "username", "action", "object_repr", "organization", "address", "detail"]
    list_filter = ["action", "organization"]
    search_fields = ["username", "object_repr", "detail"]
    date_hierarchy = "at"
    list_select_related = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(permissions.audit_visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404("No audit event matches the given query.")
