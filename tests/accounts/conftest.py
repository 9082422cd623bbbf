import pytest

from .provider import serving


@pytest.fixture
def provider(settings):
    with serving(settings) as op:
        yield op
