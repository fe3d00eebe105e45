from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.http.response import MAX_URL_REDIRECT_LENGTH
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, RedirectView, View
from django_filters.views import FilterView

from . import export, seo, structured_data
from .cache import cached_for_query, data_version
from .eligibility import Eligibility, Profile, verdict
from .filters import SORTS, VacancyFilter
from .labels import country_names, language_name
from .listing import current_index
from .models import Degree, Vacancy
from .querystrings import LIST_PARAMETERS, list_query, toggle_urls, understood_query
from .selectors import exported_vacancies, listed_rows, public_scope, public_vacancies
from .snippets import snippet

# The "About you" form's parameters: what a candidate says of themselves.
PROFILE_PARAMETERS = {"nationality", "age", "degree", "speaks", "experience"}
NOT_FILTERS = {"q", "sort"}


def judged(vacancy, profile):
    """(the eligibility summary, whether ``profile`` meets all of it, what it lacks); checks need a profile."""
    requirements = Eligibility(vacancy).requirements(profile if profile else None)
    meets, missing = verdict(requirements)
    return requirements, meets, missing


def profile_summary(profile):
    """The profile in a few words: "South Korea; 30; master's degree; speaks English, Korean; 3 years' experience"."""
    parts = []
    if profile.nationalities:
        parts.append(" and ".join(country_names().get(code, code) for code in profile.nationalities))
    if profile.age is not None:
        parts.append(f"age {profile.age}")
    if profile.degree:
        parts.append(Degree(profile.degree).label)
    if profile.speaks:
        parts.append("speaks " + ", ".join(language_name(code) for code in profile.speaks))
    if profile.experience is not None:
        parts.append(f"{profile.experience} year{'s' if profile.experience != 1 else ''} of experience")
    return "; ".join(parts)


def active_filters(understood):
    """How many filter values are in effect (the search and the order are not filters)."""
    return sum(len(understood.getlist(name)) for name in understood if name not in NOT_FILTERS)


def hidden_inputs(understood, leave_out):
    """(name, value) of the query understood but ``leave_out``: a form's hidden inputs."""
    return [(name, value) for name in understood for value in understood.getlist(name) if name not in leave_out]


class IdsFirstPaginator(Paginator):
    """Fetches a page in two steps: its ids, then those vacancies.

    The ids come from an index alone (migration 0006's covering indexes), so a
    deep page skips index entries rather than whole rows: page 2,000 costs
    about what page 1 does.
    """

    def _get_page(self, object_list, number, paginator):
        ids = list(object_list.values_list("pk", flat=True))
        if not ids:
            return super()._get_page([], number, paginator)
        by_id = {vacancy.pk: vacancy for vacancy in self.object_list.filter(pk__in=ids)}
        return super()._get_page([by_id[pk] for pk in ids if pk in by_id], number, paginator)


class AnsweredPaginator(Paginator):
    """Pages of a query the listing index answered: its count, then a page's ids, then their rows.

    The rows are ``listed_rows()``'s: ``for_list``'s, with the texts of a search's snippets when ``with_texts``.
    """

    def __init__(self, *, answer, per_page, with_texts=False, **kwargs):
        super().__init__((), per_page, **kwargs)  # no QuerySet: the answer counts and orders
        self.answer = answer
        self.count = answer.count
        self.with_texts = with_texts

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = self.answer.page_ids(bottom, top) if top > bottom else []
        by_id = {vacancy.pk: vacancy for vacancy in listed_rows(ids, with_texts=self.with_texts)} if ids else {}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


class VacancyListView(FilterView):
    """``/``: published vacancies, searched, filtered, counted and paged.

    Its FilterSet is ``public_vacancies()``'s and the feed's: ``VacancyFilter`` over
    ``public_scope()``; the export's ``ExportFilter`` adds its own parameters to it.
    """

    filterset_class = VacancyFilter
    template_name = "vacancies/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 20
    paginator_class = IdsFirstPaginator
    strict = False  # a value not understood is named on the page; the rest still applies

    def get(self, request, *args, **kwargs):
        # A form sends its empty fields too (``?nationality=&age=``): the shared address leaves them out.
        if any(not value.strip() for name in LIST_PARAMETERS for value in request.GET.getlist(name)):
            kept = [(name, v) for name, values in request.GET.lists() for v in values if v.strip()]
            target = f"{request.path}?{urlencode(kept)}" if kept else request.path
            # Django refuses to redirect to a longer address; such a query is answered as it is.
            if len(target) <= MAX_URL_REDIRECT_LENGTH:
                return HttpResponseRedirect(target)
        self.filterset = self.get_filterset(self.get_filterset_class())
        # FilterView's get(), but the FilterSet's QuerySet is built only for the database to answer:
        # when the listing index does, building it (every filter's method, the search's rank, the
        # order, the rows' annotations) was a quarter of the request, for a query never run.
        self.object_list = None if self.answer() is not None else self.filterset.qs
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def get_queryset(self):
        return public_scope()

    def shared_query(self):
        """What decides the results' number and the counts: the query understood, but page and order."""
        query = understood_query(self.filterset)
        query.pop("sort", None)
        return query

    def answer(self):
        """The listing index's answer to this query (``listing.py``), or ``None`` when the database answers."""
        if not hasattr(self, "_answer"):
            version = getattr(self.request, "data_version", None)
            index = current_index(data_version() if version is None else version)
            self._answer = index.answer(self.filterset)
        return self._answer

    def paginate_queryset(self, queryset, page_size):
        """A page past the end (or not a number) shows the nearest page, and says so."""
        answer = self.answer()
        if answer is not None:
            with_texts = bool(self.filterset.search_text)
            paginator = AnsweredPaginator(answer=answer, per_page=page_size, with_texts=with_texts)
        else:
            paginator = self.get_paginator(queryset, page_size)
            paginator.count = cached_for_query(self.request, "count", self.shared_query(), queryset.count)
        asked = self.request.GET.get(self.page_kwarg, "1")
        page = paginator.get_page(asked)
        if asked != str(page.number) and self.request.GET.get(self.page_kwarg) is not None:
            self.page_notice = f"There is no page “{asked}”: showing page {page.number} of {paginator.num_pages}."
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        search_text = self.filterset.search_text
        # What a row shows; with a search, also the texts its snippet may come from.
        if self.object_list is not None:
            kwargs["object_list"] = self.object_list.for_list(with_texts=bool(search_text))
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        understood = understood_query(self.filterset)
        answer = self.answer()
        if answer is not None:
            facets = self.filterset.facets(answer.counts)
        else:
            facets = cached_for_query(self.request, "facets", self.shared_query(), self.filterset.facets)
        for name, options in facets.items():
            # Built from what was understood: a bad value is not carried into the next page.
            toggled = toggle_urls(understood, name)
            for option in options:
                option.url = toggled(option.value)
        profile = Profile.from_cleaned(self.filterset.cleaned)
        for vacancy in context["vacancies"]:
            vacancy.snippet = snippet(vacancy, search_text) if search_text else None
            vacancy.requirements, vacancy.meets, vacancy.missing = judged(vacancy, profile)
        # Languages are ticked in the "About you" form; the other filters are links.
        languages = facets["speaks"]
        facets = {name: options for name, options in facets.items() if name != "speaks"}
        query = list_query(params)
        query.pop("page", None)
        page_number = context["page_obj"].number
        canonical_url, indexed = seo.list_indexing(self.request, page_number)
        context.update(
            page_title=seo.list_title(self.filterset, page_number),
            page_description=seo.list_description(self.filterset, context["paginator"].count),
            canonical_url=canonical_url,
            indexed=indexed,
            facets=[(name, self.filterset.filters[name].label, options) for name, options in facets.items()],
            profile=profile,
            profile_summary=profile_summary(profile),
            language_options=languages,
            degree_choices=Degree.choices,
            active_filters=active_filters(understood),
            # Each form sends what the other parts of the page set, so that a change keeps the rest.
            search_hidden=hidden_inputs(understood, leave_out={"q", "sort"}),
            profile_hidden=hidden_inputs(understood, leave_out=PROFILE_PARAMETERS),
            not_understood=self.filterset.not_understood(),
            page_notice=getattr(self, "page_notice", ""),
            search_text=search_text,
            sort=self.filterset.sort_order,
            sorts=[(key, label) for key, label in SORTS.items() if key != "relevance" or search_text],
            cleaned=self.filterset.cleaned,
            query_string=query.urlencode(),
            export_query=understood.urlencode(),
            detail_query=list_query(params).urlencode(),
        )
        return context


class VacancyDetailView(DetailView):
    """``/vacancies/<slug>/``: every section of one ToR; closed ones too, never drafts."""

    template_name = "vacancies/vacancy_detail.html"
    context_object_name = "vacancy"

    def get_queryset(self):
        return Vacancy.objects.viewable().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back = list_query(self.request.GET).urlencode()
        profile = Profile.from_cleaned(public_vacancies(query=self.request.GET).cleaned)
        requirements, meets, missing = judged(self.object, profile)
        context.update(
            requirements=requirements,
            profile=profile,
            profile_summary=profile_summary(profile),
            meets=meets,
            missing=missing,
            back_query=f"?{back}" if back else "",
            job_posting=structured_data.job_posting(self.object),
            canonical_url=seo.absolute_url(self.object.get_absolute_url()),
            page_description=seo.detail_description(self.object),
            site_name=seo.SITE_NAME,
        )
        return context


class VacancyExportView(View):
    """``/vacancies/export.csv`` and ``.xlsx``: the list's vacancies for the same query, in the same order.

    ``status`` and ``posted_after``/``posted_before`` (``ExportFilter``) reach past
    the list, to closed vacancies too. ``texts=1`` adds the full duties and
    qualifications; ``excel=1`` starts the CSV with a byte-order mark, without
    which Excel misreads UTF-8 (a workbook needs none). A value not understood
    refuses the export with a message naming it, rather than export more than
    was asked for.
    """

    SWITCHES = {"": False, "0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}
    file_format = "csv"

    def get(self, request):
        filterset = exported_vacancies(query=request.GET, request=request)
        problems = [f"{name}={value}: “{value}” {problem}." for name, value, problem in filterset.not_understood()]
        switches = {}
        for name, meaning in (("excel", "Excel's byte-order mark"), ("texts", "the full duties and qualifications")):
            switches[name] = self.SWITCHES.get(request.GET.get(name, "").strip().lower())
            if switches[name] is None:
                problems.append(f"{name}={request.GET[name]}: use {name}=1 for {meaning}, or leave it out.")
        if problems:
            message = "Nothing was exported: some of the query was not understood.\n" + "\n".join(problems)
            return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")
        if self.file_format == "xlsx":
            return export.xlsx_response(filterset.qs, request, texts=switches["texts"])
        return export.csv_response(filterset.qs, request, **switches)


@require_safe
def robots_txt(request):
    """``/robots.txt``: every public page may be crawled but the admin and the CSV export.

    The export holds no more than the list does, at a cost per request far above a page's.
    """
    export_path = reverse("vacancies:export").removesuffix("csv")
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        # Up to the dot: the export in every format (.csv, .xlsx); a slug never holds a dot.
        f"Disallow: {export_path}",
        "",
        f"Sitemap: {seo.absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconView(RedirectView):
    """``/favicon.ico``: browsers ask for it whatever the page links; the icon is the static SVG.

    Not permanent: the static file's hashed name changes with its content.
    """

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
