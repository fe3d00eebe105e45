"""Deployment checks of the app's own settings (``manage.py check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """DJANGO_SITE_URL names the site in canonical links, the sitemap and the feed's ids: it must be the real one."""
    url = urlsplit(settings.SITE_URL)
    if url.scheme == "https" and url.hostname and validate_host(url.hostname, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"DJANGO_SITE_URL={settings.SITE_URL!r} is not an https URL of one of DJANGO_ALLOWED_HOSTS.",
            hint="Set DJANGO_SITE_URL to the public site's root, e.g. https://jpo.example.org: search engines "
            "and feed readers are sent there.",
            id="vacancies.W001",
        )
    ]
