"""The functional admin switches the public service page on in the admin, for the own
organisation only (insights/admin.py)."""

from achterkant.insights.models import DailyAggregate, InsightsSettings

ADMIN = "/admin/insights/insightssettings/"


def test_the_functional_admin_publishes_the_page(tenant_a, tenant_b):
    client = tenant_a.client("admin")
    assert client.get(ADMIN).status_code == 200
    assert client.get(f"{ADMIN}add/").status_code == 200
    response = client.post(f"{ADMIN}add/", {"public_page": "on"})
    assert response.status_code == 302
    with tenant_a.active():
        settings = InsightsSettings.objects.get()
        assert settings.public_page and not settings.in_league_table
    with tenant_b.active():
        assert not InsightsSettings.objects.exists()
    assert tenant_a.client().get("/zo-snel-helpen-wij-u/").status_code == 200

    # One row per organisation: no second one, no delete; it is switched off again.
    assert client.get(f"{ADMIN}add/").status_code == 403
    assert client.get(f"{ADMIN}{settings.pk}/delete/").status_code == 403
    client.post(f"{ADMIN}{settings.pk}/change/", {})
    settings.refresh_from_db()
    assert not settings.public_page
    assert tenant_a.client().get("/zo-snel-helpen-wij-u/").status_code == 404


def test_another_organisations_settings_are_out_of_reach(tenant_a, tenant_b):
    with tenant_b.active():
        theirs = InsightsSettings.objects.create(organisation=tenant_b.organisation)
    client = tenant_a.client("admin")
    assert "Gemeente B" not in client.get(ADMIN).content.decode()
    assert client.get(f"{ADMIN}{theirs.pk}/change/").status_code in (302, 404)
    client.post(f"{ADMIN}{theirs.pk}/change/", {"public_page": "on"})
    theirs.refresh_from_db()
    assert not theirs.public_page


def test_the_aggregates_are_not_in_the_admin(tenant_a):
    client = tenant_a.client("admin")
    assert client.get("/admin/insights/dailyaggregate/").status_code == 404
    assert DailyAggregate._meta.verbose_name  # the model exists; the admin does not show it


def test_a_case_worker_cannot_change_it(tenant_a):
    client = tenant_a.client("worker")
    assert client.get(ADMIN).status_code in (302, 403)
