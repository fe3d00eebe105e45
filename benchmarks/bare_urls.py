"""The bare view's URLconf: for benchmarks only (``benchmarks.bare_settings``)."""

from django.urls import path

from .bare import bare

urlpatterns = [path("", bare, name="bare")]
