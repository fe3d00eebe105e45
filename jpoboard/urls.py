from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from vacancies.cache import cached_page
from vacancies.sitemaps import SITEMAPS
from vacancies.views import FaviconView, robots_txt

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("vacancies.urls")),
]
