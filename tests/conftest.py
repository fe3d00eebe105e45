import html
import re
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = sorted(str(path) for path in (Path(__file__).resolve().parent.parent / "fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seeded(db):
    """The five seed ToRs, loaded exactly as ``loaddata fixtures/*.json`` loads them."""
    call_command("loaddata", *FIXTURES, verbosity=0)


def page_text(response):
    """The visible text of an HTML response: tags dropped, entities decoded, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()
