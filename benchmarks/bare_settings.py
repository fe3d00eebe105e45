"""The project's settings (and so its middleware), with a URLconf holding only the bare view.

DJANGO_SETTINGS_MODULE=benchmarks.bare_settings gunicorn -c gunicorn.conf.py jpoboard.wsgi
"""

from jpoboard.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare_urls"
