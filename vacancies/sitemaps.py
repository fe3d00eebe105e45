"""``/sitemap.xml``: the list and every listed vacancy, for search engines."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import public_scope


class SiteUrlSitemap(Sitemap):
    """Absolute URLs on ``DJANGO_SITE_URL`` (``seo.absolute_url``), not on the sites framework.

    One setting names the site for the canonical links, the feed's ids and the sitemap: the sites
    framework would add a table and a second place to keep the same name.
    """

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[-1].rstrip("/")


class ListSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["vacancies:list"]

    def location(self, item):
        return reverse(item)


class VacancySitemap(SiteUrlSitemap):
    """The vacancies a candidate may see: closed ones keep their page but leave the sitemap."""

    changefreq = "weekly"

    def items(self):
        return public_scope().only("slug", "updated_at").order_by("pk")

    def lastmod(self, vacancy):
        return vacancy.updated_at


SITEMAPS = {"list": ListSitemap, "vacancies": VacancySitemap}
