from django.urls import path

from . import feeds, views
from .cache import cached_page

app_name = "vacancies"

# Public contract: these URLs are shared and bookmarked (README, "Public URLs").
# The feed (and export) come before <slug> so that no slug can shadow them.
urlpatterns = [
    path("", cached_page(views.VacancyListView.as_view()), name="list"),
    path("vacancies/feed/", cached_page(feeds.VacancyFeed(), conditional=True), name="feed"),
    path("vacancies/export.csv", views.VacancyExportView.as_view(), name="export"),
    path("vacancies/export.xlsx", views.VacancyExportView.as_view(file_format="xlsx"), name="export_xlsx"),
    path("vacancies/<slug:slug>/", cached_page(views.VacancyDetailView.as_view()), name="detail"),
]
