import functools
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from .. import text
from ..labels import country_name, country_names, language_name, stations_text
from ..markup import format_markup, join_markup

register = template.Library()

register.filter("country_name", country_name)
register.filter("language_name", language_name)


@register.filter
def offered(options):
    """Whether any filter option is worth showing: it gives vacancies, or it is in effect."""
    return any(option.count or option.selected for option in options)


@register.filter(is_safe=True)
def linked(value):
    """ToR text, escaped, with its web and e-mail addresses as links (Django's urlize).

    Always escaped, even under ``{% autoescape off %}``: ToR text is never markup. Links to
    other sites are ``rel="nofollow noopener"``: the board vouches for none of them.
    """
    # urlize escapes the text around the links it makes, so the attribute it writes is the only place
    # this string can appear (a ToR's own 'rel="nofollow"' arrives escaped, as rel=&quot;nofollow&quot;).
    linked_text = urlize(value, nofollow=True, autoescape=True)
    return mark_safe(linked_text.replace(' rel="nofollow"', ' rel="nofollow noopener"'))


@register.filter
def tor_blocks(value):
    """A long ToR passage as blocks; render with ``includes/tor_text.html``."""
    return text.parse(value)


# The same escapes as Django's json_script: <, > and & become \u003C, \u003E and
# \u0026, so no ToR text can close the script element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """A dict as a ``<script type="application/ld+json">`` element, escaped as json_script does."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: every character that could end the element or open markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


# Tags for the list's long lists of options: a list page shows every nationality twice and a couple
# of hundred filter links, where a template loop's lookups cost more than the rest of the page.


@functools.cache
def _nationality_options():
    """(code, the escaped ``<option>`` chosen, the escaped one not chosen) of every nationality, by name."""
    return [
        (
            code,
            format_html('<option value="{}" selected>{}</option>', code, name),
            format_html('<option value="{}">{}</option>', code, name),
        )
        for code, name in sorted(country_names().items(), key=lambda item: item[1])
    ]


@register.simple_tag
def nationality_options(selected):
    """Every nationality's ``<option>``, ``selected`` (a code, or none) chosen."""
    return mark_safe("".join(chosen if code == selected else plain for code, chosen, plain in _nationality_options()))


@register.simple_tag
def facet_links(options):
    """A filter's options as list items: each a link that switches it, with its count; none that gives nothing."""
    items = []
    for option in options:
        if option.selected:
            items.append(
                format_markup(
                    '<li><a class="selected" href="{}" aria-current="true"><span aria-hidden="true">✓ </span>{} '
                    '<span class="n">({})</span><span class="visually-hidden">, selected: remove this filter</span>'
                    "</a></li>",
                    option.url,
                    option.label,
                    option.count,
                )
            )
        elif option.count:
            items.append(
                format_markup(
                    '<li><a href="{}">{} <span class="n">({})</span></a></li>', option.url, option.label, option.count
                )
            )
    return join_markup(items, "\n")


@register.simple_tag
def eligibility_items(requirements):
    """A card's "Who may apply" lines as list items, each with the visitor's check where there is one.

    A tag rather than a loop of the template: twenty cards of six lines each were about half of
    the list's variable lookups (benchmarks/README.md).
    """
    items = []
    for row in requirements:
        check = row.check
        if check:
            items.append(
                format_markup(
                    '<li class="check-{}"><span class="symbol" aria-hidden="true">{}</span> <span class="label">{}:'
                    '</span> {}<span class="visually-hidden"> ({})</span></li>\n    ',
                    check.status,
                    check.symbol,
                    row.label,
                    row.short,
                    check.spoken,
                )
            )
        else:
            items.append(
                format_markup(
                    '<li class="{}"><span class="label">{}:</span> {}</li>\n    ',
                    "" if row.stated else "not-stated",
                    row.label,
                    row.short,
                )
            )
    return join_markup(items)


@register.simple_tag(takes_context=True)
def vacancy_card(context, vacancy):
    """One vacancy of the list as its ``<article class="card">``: the page's twenty cards.

    Python rather than an include: the include's lookups, filters and nested tags cost about
    half of an uncached list page's Python (benchmarks/README.md, issue 16). Every value is
    escaped by ``format_markup`` (``vacancies/markup.py``). ``vacancy`` carries the view's
    ``snippet``, ``requirements``, ``meets`` and ``missing``; the context, the page's
    ``detail_query`` and ``profile``.
    """
    detail_query = context.get("detail_query")
    url = _detail_url(context, vacancy) + (f"?{detail_query}" if detail_query else "")
    facts = [
        format_markup(
            '<li><span class="label">Duty station{}:</span>\n      {}</li>',
            "" if len(vacancy.station_rows) == 1 else "s",
            stations_text(vacancy.station_rows),
        ),
        format_markup('<li><span class="label">Duration:</span> {}</li>', vacancy.duration_label),
    ]
    if vacancy.sponsor_country:
        facts.append(
            format_markup('<li><span class="label">Sponsor:</span> {}</li>', country_name(vacancy.sponsor_country))
        )
    if vacancy.grades:
        facts.append(format_markup('<li><span class="label">Grade:</span> {}</li>', " or ".join(vacancy.grades)))
    if vacancy.posted_on:
        facts.append(
            format_markup(
                '<li><span class="label">Posted</span> <time datetime="{}">{}</time></li>',
                vacancy.posted_on.isoformat(),
                _day(vacancy.posted_on, "j F Y", get_language()),
            )
        )
    if vacancy.closes_on:
        closes = format_markup(
            '<time datetime="{}">{}</time>',
            vacancy.closes_on.isoformat(),
            _day(vacancy.closes_on, "j M Y", get_language()),
        )
    else:
        closes = "no closing date stated"
    phrase = vacancy.closing_phrase
    facts.append(
        format_markup(
            '<li><span class="label">Closing date:</span> {}{}</li>',
            closes,
            format_markup(' <strong class="closing-state">{}</strong>', phrase) if phrase else "",
        )
    )
    return format_markup(
        '<article class="card">\n'
        '  <h3 class="card-title"><a href="{url}">{title}</a></h3>\n'
        '  <p class="card-org">{organization}{reference}</p>\n'
        '  <ul class="facts">\n'
        "    {facts}\n"
        "  </ul>\n"
        "  {eligibility}\n"
        "  {summary}\n"
        '  <p class="card-apply"><a href="{url}#how-to-apply" aria-label="How to apply: {title}">How to apply</a></p>\n'
        "</article>\n",
        url=url,
        title=vacancy.title,
        organization=vacancy.organization,
        reference=format_markup(' <span class="ref">· Ref. {}</span>', vacancy.reference) if vacancy.reference else "",
        facts=join_markup(facts, "\n    "),
        eligibility=_card_eligibility(vacancy, context.get("profile")),
        summary=_card_summary(vacancy),
    )


PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _detail_url(context, vacancy):
    """``vacancy.get_absolute_url()``, reversed once a page rather than once a card (a slug is written as it is)."""
    if not PLAIN_SLUG.fullmatch(vacancy.slug):  # reverse() would quote it
        return vacancy.get_absolute_url()
    prefix = context.render_context.get(_detail_url)
    if prefix is None:
        prefix = reverse("vacancies:detail", kwargs={"slug": "slug"}).removesuffix("slug/")
        context.render_context[_detail_url] = prefix
    return f"{prefix}{vacancy.slug}/"


@functools.lru_cache(maxsize=4096)
def _day(day, pattern, language):
    """``day|date:pattern`` in ``language``: a page shows forty dates, most of them on other pages too."""
    return date_format(day, pattern)


def _card_eligibility(vacancy, profile):
    """The card's "Who may apply" block, with the verdict on the visitor's profile when there is one."""
    verdict = ""
    if profile:
        if vacancy.meets:
            verdict = SafeString(
                '<p class="verdict verdict-ok"><span aria-hidden="true">✓</span> You meet every requirement</p>\n  '
            )
        else:
            verdict = format_markup(
                '<p class="verdict verdict-missing"><strong>Missing or to check:</strong> {}</p>',
                "; ".join(vacancy.missing),
            )
    return format_markup(
        '<div class="eligibility">\n'
        '  <p class="eligibility-lead">Who may apply</p>\n'
        '  <ul class="eligibility-list">\n'
        "    {}\n"
        "  </ul>\n"
        "  {}\n"
        "</div>\n",
        eligibility_items(vacancy.requirements),
        verdict,
    )


def _card_summary(vacancy):
    """A search result's snippet, its words found marked; else the ToR's summary, cut at forty words."""
    if vacancy.snippet:
        marked = join_markup(
            format_markup("<mark>{}</mark>", part) if found else part for part, found in vacancy.snippet
        )
        return format_markup('<p class="summary snippet">{}</p>\n  ', marked)
    summary = vacancy.summary
    if summary:
        return format_markup('<p class="summary">{}</p>', Truncator(summary).words(40, truncate=" …"))
    return ""
