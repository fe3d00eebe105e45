import functools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe

from .. import text
from ..labels import country_name, country_names, language_name

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
                format_html(
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
                format_html(
                    '<li><a href="{}">{} <span class="n">({})</span></a></li>', option.url, option.label, option.count
                )
            )
    return mark_safe("\n".join(items))


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
                format_html(
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
                format_html(
                    '<li class="{}"><span class="label">{}:</span> {}</li>\n    ',
                    "" if row.stated else "not-stated",
                    row.label,
                    row.short,
                )
            )
    return mark_safe("".join(items))
