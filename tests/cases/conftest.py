import pytest
from django.utils import timezone


@pytest.fixture
def today(monkeypatch):
    """``today(day)`` makes ``timezone.localdate()`` return ``day``, for the Awb clock rules."""
    real = timezone.localdate

    def freeze(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return freeze
