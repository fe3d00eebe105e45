"""One test module per seed ToR: each names its vacancy's ``SLUG``; these fixtures give its page and row."""

import pytest

from tests.helpers import page_text
from vacancies.models import Vacancy


@pytest.fixture
def response(seeded, client, request):
    """The module's vacancy page."""
    response = client.get(f"/vacancies/{request.module.SLUG}/")
    assert response.status_code == 200
    return response


@pytest.fixture
def text(response):
    """The module's vacancy page as plain text."""
    return page_text(response)


@pytest.fixture
def vacancy(seeded, request):
    return Vacancy.objects.get(slug=request.module.SLUG)
