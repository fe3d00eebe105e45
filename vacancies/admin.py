"""Django admin for HR staff: a vacancy edited section by section, in the ToR's order.

Inlines name the fieldset they follow (``after_fieldset``); the change form
template (templates/admin/vacancies/vacancy/change_form.html) places them
there, so supervision, duties and qualifications sit where the ToR has them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from . import export, services
from .importing.admin_views import import_view
from .labels import country_name
from .models import END_OF_DAY, Category, Duty, DutyStation, Level, Qualification, Status, Supervision, Vacancy

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


CODE_WIDGET = forms.TextInput(attrs={"class": "vCodeField", "size": 3})
WIDE_WIDGET = forms.TextInput(attrs={"class": "vLargeTextField"})


def tor_text(rows, cols=80):
    return {"form_class": ToRTextField, "widget": forms.Textarea(attrs={"rows": rows, "cols": cols})}


def _rank(field, values):
    """An ordering expression that follows the order of a TextChoices, not the alphabet."""
    return Case(*(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)), output_field=IntegerField())


class VacancyInlineFormSet(BaseInlineFormSet):
    """An inline formset that can count the rows it will leave, and check publication with its siblings.

    ``siblings`` is set by ``VacancyAdmin._create_formsets``; the formset that
    is validated last checks the whole vacancy, when all counts are known.
    """

    siblings = ()
    checks_publication = False

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
            problems = vacancy_form_problems(self.instance, self.siblings)
            if problems:
                raise ValidationError(publication_message(problems), code="incomplete")


def vacancy_form_problems(vacancy, formsets):
    """``services.publication_problems`` for a change form: counts from its inlines, else from what is stored."""
    by_model = {formset.model: formset for formset in formsets}

    def count(model, related):
        if model in by_model:
            return by_model[model].surviving_count()
        return getattr(vacancy, related).count() if vacancy.pk else 0

    return services.publication_problems(
        vacancy=vacancy,
        duty_station_count=count(DutyStation, "duty_stations"),
        duty_count=count(Duty, "duties"),
        qualification_count=count(Qualification, "qualifications"),
    )


def publication_message(problems, name=None):
    subject = f"“{name}” cannot be published" if name else "A published vacancy needs every section candidates read"
    return f"{subject}: it has {', '.join(problems)}. Save it as a draft, or add what is missing."


class VacancyAdminForm(forms.ModelForm):
    class Meta:
        widgets = {
            **dict.fromkeys(
                ["title", "alternative_title", "sector", "office", "other_language_notes_title"], WIDE_WIDGET
            ),
            **dict.fromkeys(["sponsor_country", "other_language_notes_language"], CODE_WIDGET),
        }

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


class DutyStationInline(admin.TabularInline):
    model = DutyStation
    formset = VacancyInlineFormSet
    after_fieldset = GENERAL
    verbose_name_plural = "Duty stations (in the order the JPO serves there)"
    fields = ["order", "city", "country", "period", "wording"]
    form = forms.modelform_factory(DutyStation, fields="__all__", widgets={"country": CODE_WIDGET})
    min_num = 1
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # The admin passes min_num to the formset but not validate_min: without it, every row could be deleted.
        return super().get_formset(request, obj, validate_min=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("order", "id")


class DutyInlineFormSet(VacancyInlineFormSet):
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
    verbose_name_plural = "Duties (a group is a numbered heading; its items name it as their group)"
    fields = ["order", "kind", "group", "text"]
    extra = 0
    formfield_overrides = {models.TextField: tor_text(rows=3, cols=60)}

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("order", "id")


class QualificationInline(admin.StackedInline):
    model = Qualification
    formset = VacancyInlineFormSet
    after_fieldset = DUTIES
    verbose_name_plural = "IV. Qualifications (by category and level)"
    fields = [
        ("category", "level", "order"),
        "text",
        ("min_years", "degree", "in_lieu_degree", "in_lieu_years"),
        ("language", "proficiency"),
        ("competency", "country"),
    ]
    form = forms.modelform_factory(
        Qualification, fields="__all__", widgets={"language": CODE_WIDGET, "country": CODE_WIDGET}
    )
    extra = 0
    formfield_overrides = {models.TextField: tor_text(rows=3)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .order_by(_rank("category", Category.values), _rank("level", Level.values), "order", "id")
        )


class DutyStationCountryFilter(admin.SimpleListFilter):
    title = "duty-station country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = DutyStation.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, country_name(code)) for code in codes), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        if self.value():
            # A subquery, not a join: a vacancy with two stations in the country is listed once.
            return queryset.filter(pk__in=DutyStation.objects.filter(country=self.value()).values("vacancy"))
        return queryset


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = ["reference", "title", "organization", "countries", "status", "posted", "closes"]
    list_display_links = ["reference", "title"]
    list_filter = ["status", "organization", DutyStationCountryFilter, "sponsor_country"]
    search_fields = ["reference", "title", "organization", "duty_stations__city"]
    actions = ["publish", "close", "duplicate", "export_csv"]
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
                    ("posted_on", "closes_on"),
                    ("closes_at", "closing_time_zone", "closing_time_text"),
                ],
                "description": "Drafts are never public. A closed vacancy leaves the list but keeps its page.",
            },
        ),
        ("Provenance", {"fields": ["source_text"], "classes": ["collapse"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "closes_at":
            kwargs["form_class"] = ClosingTimeField
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "source_text":
            # Provenance: the original text exactly, leading and trailing blank lines included.
            field.strip = False
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description="countries")
    def countries(self, vacancy):
        return ", ".join(dict.fromkeys(station.country for station in vacancy.duty_stations.all()))

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
        return formsets, inline_instances

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
        vacancy = get_object_or_404(Vacancy.objects.for_detail(), pk=object_id)
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
        return export.csv_response(queryset.newest_first(), request, texts=True)


def _vacancies(count):
    return f"{count} vacanc{'y' if count == 1 else 'ies'}"
