"""``format_markup`` writes what Django's ``format_html`` writes, for hostile text too."""

import pytest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from vacancies.markup import escaped, format_markup, join_markup

HOSTILE = [
    '<script>alert("x")</script>',
    "Tom & Jerry's <b>",
    '" onmouseover="alert(1)',
    "«Genève» — 100 % ✓",
    42,
    None,
    gettext_lazy("Closing date"),
    mark_safe("<mark>kept</mark>"),
]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_format_markup_escapes_as_format_html_does(value):
    template = '<a href="/?q={}" title="{}">{}</a>'
    expected = format_html(template, value, value, value)
    assert format_markup(template, value, value, value) == expected
    assert isinstance(format_markup(template, value, value, value), SafeString)
    assert format_markup("<p>{name}</p>", name=value) == format_html("<p>{name}</p>", name=value)


def test_hostile_text_never_becomes_markup():
    written = format_markup("<li>{}</li>", '<img src=x onerror="alert(1)">')
    assert written == "<li>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</li>"
    assert escaped("'") == "&#x27;"
    # Safe pieces are kept, plain text (a mistake, or a ToR's words) is escaped, the separator too.
    assert join_markup([written, "<b>&"], " & ") == written + " &amp; &lt;b&gt;&amp;"
    assert isinstance(join_markup([written]), SafeString)
