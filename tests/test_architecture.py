"""Cheap checks that keep the architecture's promises true as the code grows."""

from django.apps import apps

from achterkant.tenancy.models import TenantManager, TenantModel


def test_every_tenant_owned_model_is_scoped_by_default():
    tenant_models = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    assert len(tenant_models) >= 10
    for model in tenant_models:
        assert isinstance(model._default_manager, TenantManager), model
        assert model._base_manager.__class__.__name__ == "Manager", model


def test_every_model_with_an_organisation_is_a_tenant_model():
    from achterkant.staff.models import User
    from achterkant.tenancy.models import Hostname

    # Staff and host names are looked up before a tenant is known (log-in, host resolution).
    allowed = {User, Hostname}
    for model in apps.get_models():
        field_names = {f.name for f in model._meta.get_fields()}
        if "organisation" in field_names and model not in allowed:
            assert issubclass(model, TenantModel), model
