"""WSGI entry point: ``gunicorn jpoboard.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpoboard.settings")

application = get_wsgi_application()
