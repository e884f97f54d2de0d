from datetime import datetime

from django import template
from django.utils import timezone

from achterkant.worktime.calendar import working_days_between

register = template.Library()


@register.filter
def working_days_left(moment: datetime | None) -> str:
    """Working days from today until ``moment``; negative when late."""
    if moment is None:
        return "—"
    return str(working_days_between(timezone.localdate(), timezone.localdate(moment)))
