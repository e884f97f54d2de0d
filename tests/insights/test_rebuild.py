"""``achterkant insights rebuild --from DATE``: backfill, with clear errors."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from achterkant.insights.models import AggregateState, DailyAggregate
from tests.insights.test_kpis import History, X


def _contacts(tenant, days_ago: int, n: int = 1) -> None:
    moment = timezone.localtime() - timedelta(days=days_ago)
    with tenant.active():
        h = History(tenant.organisation, tenant.product, tenant.case_type)
        for _ in range(n):
            h.contact("phone", moment, bsn=X, product=tenant.product)


def test_rebuild_writes_the_rows_of_every_organisation(tenant_a, tenant_b):
    _contacts(tenant_a, 20)
    _contacts(tenant_b, 3, n=2)
    first = timezone.localdate() - timedelta(days=30)
    out = StringIO()
    call_command("insights", "rebuild", "--from", first.isoformat(), "--no-progress", stdout=out)
    assert "Gemeente A" in out.getvalue() and "Gemeente B" in out.getvalue()
    for tenant, n in ((tenant_a, 1), (tenant_b, 2)):
        with tenant.active():
            assert DailyAggregate.objects.get().contacts == n
            state = AggregateState.objects.get()
            assert (state.complete_from, state.complete_until) == (first, timezone.localdate())


def test_rebuild_of_one_organisation_with_a_progress_bar(tenant_a, tenant_b, capsys):
    _contacts(tenant_a, 10)
    _contacts(tenant_b, 10)
    first = timezone.localdate() - timedelta(days=15)
    until = timezone.localdate() - timedelta(days=1)
    out = StringIO()
    call_command(
        "insights", "rebuild", "--from", first.isoformat(), "--until", until.isoformat(),
        "--organisation", "a", stdout=out,
    )  # fmt: skip
    assert f"{first:%d-%m-%Y} t/m {until:%d-%m-%Y}, 1 rijen." in out.getvalue()
    bar = capsys.readouterr().err  # the bar, on stderr
    assert "Gemeente A" in bar and "15/15" in bar
    with tenant_a.active():
        assert DailyAggregate.objects.get().contacts == 1
    with tenant_b.active():
        assert not DailyAggregate.objects.exists()


def test_a_rebuild_replaces_rows_and_is_idempotent(tenant_a):
    _contacts(tenant_a, 5)
    first = (timezone.localdate() - timedelta(days=9)).isoformat()
    call_command("insights", "rebuild", "--from", first, "--no-progress", stdout=StringIO())
    _contacts(tenant_a, 5)  # a late arrival on the same day
    for _ in range(2):
        call_command("insights", "rebuild", "--from", first, "--no-progress", stdout=StringIO())
        with tenant_a.active():
            assert DailyAggregate.objects.get().contacts == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "Geen geldige datum"),
        (["--from", "gisteren"], "Geen geldige datum"),
        (["--from", "2026-03-01", "--until", "1-3-2026"], "Geen geldige datum"),
        (["--from", "2026-03-02", "--until", "2026-03-01"], "ligt vóór"),
        (["--from", "2026-03-01", "--organisation", "bestaat-niet"], "Onbekende organisatie"),
    ],
)
def test_bad_input_is_a_command_error(tenant_a, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("insights", "rebuild", *arguments, "--no-progress", stdout=StringIO())
    with tenant_a.active():
        assert not DailyAggregate.objects.exists()
        assert not AggregateState.objects.exists()


def test_from_is_required(db):
    with pytest.raises(CommandError):
        call_command("insights", "rebuild", stdout=StringIO())
