from django import template

from .. import text
from ..labels import country_name, language_name

register = template.Library()

register.filter("country_name", country_name)
register.filter("language_name", language_name)


@register.filter
def tor_blocks(value):
    """A long ToR passage as blocks; render with ``includes/tor_text.html``."""
    return text.parse(value)
