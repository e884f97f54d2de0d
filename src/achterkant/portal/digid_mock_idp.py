"""The library's mock DigiD IdP (demo and development only), mounted at ``/digid/idp/``.

The library lists every ``MockDigidUser`` on its BSN page: in the demo that is the people of
every organisation. Here the page lists only the people of the organisation whose site it
is, so a tester of Proefdorp never picks someone who lives in Voorbeeld (issue 17). Without
any of its people in the list, the page asks for a BSN instead, as the library does.
"""

from digid_eherkenning.mock.idp.forms import BsnLoginTextInputForm, BsnLoginUserModelForm
from digid_eherkenning.mock.idp.views.digid import (
    DigiDMockIDPBSNLoginView,
    DigiDMockIDPLoginView,
)
from digid_eherkenning.models.digid import MockDigidUser
from django.db.models import QuerySet
from django.urls import path

from achterkant.identity.models import Person


def organisation_mock_users() -> QuerySet[MockDigidUser]:
    """The mock's people who are people of the active organisation (by BSN), by pk."""
    return MockDigidUser.objects.filter(bsn__in=Person.objects.values("bsn")).order_by("pk")


class OrganisationBSNLoginView(DigiDMockIDPBSNLoginView):
    """The library's BSN page, with the choice (and what it accepts) limited to our people."""

    def get_form_class(self):
        if organisation_mock_users().exists():
            return BsnLoginUserModelForm
        return BsnLoginTextInputForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "auth_user" in form.fields:
            form.fields["auth_user"].queryset = organisation_mock_users()
        return form


# The library reverses its own names ('digid-mock:login', 'digid-mock:bsn'): keep them.
app_name = "digid-mock"
urlpatterns = [
    path("inloggen/", DigiDMockIDPLoginView.as_view(), name="login"),
    path("inloggen_bsn/", OrganisationBSNLoginView.as_view(), name="bsn"),
]
