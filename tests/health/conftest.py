import pytest

from health import cache as resilient_cache
from health import throttle


@pytest.fixture(autouse=True)
def _forget_outages():
    """Each test starts with no remembered outage and nothing logged yet."""
    resilient_cache._down_until.clear()
    throttle.reset()
    yield
    resilient_cache._down_until.clear()
    throttle.reset()
