from django.urls import path

from . import feeds, views

app_name = "vacancies"

# Public contract: these URLs are shared and bookmarked (README, "Public URLs").
# The feed (and export) come before <slug> so that no slug can shadow them.
urlpatterns = [
    path("", views.VacancyListView.as_view(), name="list"),
    path("vacancies/feed/", feeds.VacancyFeed(), name="feed"),
    path("vacancies/export.csv", views.VacancyExportView.as_view(), name="export"),
    path("vacancies/<slug:slug>/", views.VacancyDetailView.as_view(), name="detail"),
]
