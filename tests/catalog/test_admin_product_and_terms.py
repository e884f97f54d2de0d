"""The admin for functional admins: a product points to a real case type of the own
organisation, and terms are entered as a number plus a unit (issue 17)."""

from datetime import date
from html.parser import HTMLParser

from achterkant.catalog.admin_forms import NO_CASE_TYPE_MESSAGE
from achterkant.catalog.models import CaseType, Product
from achterkant.catalog.services import case_type_new_version

INLINES = ["service_norms"]


def _product_data(**fields) -> dict:
    data = {
        "code": "paspoort", "name": "Paspoort", "description": "", "assurance_level": "midden",
        "case_type_identification": "ZT-MELDING",
        "service_norms-TOTAL_FORMS": "0", "service_norms-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **fields}


class _FormData(HTMLParser):
    """What a browser posts for the admin's change form, from the page as rendered."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in attrs.get("name", ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in attrs
            self.data[name] = [] if self._multiple else ""
        elif tag == "option" and self._select and "selected" in attrs:
            if self._multiple:
                self.data[self._select].append(attrs.get("value", ""))
            else:
                self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _form_data(page: str, form_id: str) -> dict:
    parser = _FormData(form_id)
    parser.feed(page)
    return parser.data


def test_the_case_type_is_chosen_from_the_organisations_own(tenant_a):
    client = tenant_a.client("admin")
    page = client.get("/admin/catalog/product/add/").content.decode()
    assert '<select name="case_type_identification"' in page
    assert f"{tenant_a.case_type.description} (ZT-MELDING)" in page
    assert "— geen zaaktype —" in page  # the model allows a product without case type
    response = client.post("/admin/catalog/product/add/", _product_data())
    assert response.status_code == 302
    with tenant_a.active():
        assert Product.objects.get(code="paspoort").case_type_identification == "ZT-MELDING"


def test_a_product_without_case_type_is_allowed(tenant_a):
    response = tenant_a.client("admin").post(
        "/admin/catalog/product/add/", _product_data(case_type_identification="")
    )
    assert response.status_code == 302
    with tenant_a.active():
        assert Product.objects.get(code="paspoort").case_type_identification == ""


def test_an_identification_that_does_not_exist_is_refused_in_dutch(tenant_a):
    response = tenant_a.client("admin").post(
        "/admin/catalog/product/add/", _product_data(case_type_identification="ZT-BESTAAT-NIET")
    )
    assert response.status_code == 200
    assert "geen zaaktype met identificatie “ZT-BESTAAT-NIET”" in response.content.decode()
    with tenant_a.active():
        assert not Product.objects.filter(code="paspoort").exists()


def test_another_organisations_case_type_is_neither_offered_nor_accepted(tenant_a, tenant_b):
    with tenant_b.active():
        CaseType.objects.filter(pk=tenant_b.case_type.pk).update(identification="ZT-ALLEEN-B")
    client = tenant_a.client("admin")
    assert "ZT-ALLEEN-B" not in client.get("/admin/catalog/product/add/").content.decode()
    response = client.post(
        f"/admin/catalog/product/{tenant_a.product.pk}/change/",
        _product_data(code="melding", name="Melding", case_type_identification="ZT-ALLEEN-B"),
    )
    assert response.status_code == 200
    assert NO_CASE_TYPE_MESSAGE % {"value": "ZT-ALLEEN-B"} in response.content.decode()
    with tenant_a.active():
        tenant_a.product.refresh_from_db()
    assert tenant_a.product.case_type_identification == "ZT-MELDING"


def test_a_stored_identification_without_case_type_is_shown_then_refused(tenant_a):
    with tenant_a.active():
        Product.objects.filter(pk=tenant_a.product.pk).update(case_type_identification="ZT-OUD")
    client = tenant_a.client("admin")
    url = f"/admin/catalog/product/{tenant_a.product.pk}/change/"
    page = client.get(url).content.decode()
    assert '<option value="ZT-OUD" selected>ZT-OUD (bestaat niet meer' in page
    data = _form_data(page, "product_form")
    assert data["case_type_identification"] == "ZT-OUD"
    response = client.post(url, data)
    assert response.status_code == 200
    assert NO_CASE_TYPE_MESSAGE % {"value": "ZT-OUD"} in response.content.decode()


def test_terms_round_trip_through_the_change_view_as_number_and_unit(tenant_a):
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
        CaseType.objects.filter(pk=concept.pk).update(
            lead_time="P14D", service_norm="P5D", extension_term="P1Y2M"
        )
    client = tenant_a.client("admin")
    url = f"/admin/catalog/casetype/{concept.pk}/change/"
    page = client.get(url).content.decode()
    data = _form_data(page, "casetype_form")
    assert (data["lead_time_amount"], data["lead_time_unit"]) == ("14", "calendar_days")
    assert (data["service_norm_amount"], data["service_norm_unit"]) == ("5", "working_days")
    # A term that does not fit a number and a unit is shown and kept, not lost.
    assert (data["extension_term_amount"], data["extension_term"]) == ("", "P1Y2M")
    assert "1 jaar en 2 maanden" in page

    response = client.post(url, {**data, "_save": "Opslaan"})  # saved untouched
    assert response.status_code == 302, response.content.decode()
    with tenant_a.active():
        concept.refresh_from_db()
    assert (concept.lead_time, concept.service_norm, concept.extension_term) == (
        "P14D", "P5D", "P1Y2M"
    )  # fmt: skip

    data.update({
        "lead_time_amount": "8", "lead_time_unit": "weeks",
        "service_norm_amount": "2", "service_norm_unit": "months",
        "extension_term_amount": "6", "extension_term_unit": "calendar_days",
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    with tenant_a.active():
        concept.refresh_from_db()
    assert (concept.lead_time, concept.service_norm, concept.extension_term) == (
        "P8W", "P2M", "P6D"
    )  # fmt: skip


def test_a_bad_term_in_the_change_view_is_a_dutch_form_error(tenant_a):
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
    client = tenant_a.client("admin")
    url = f"/admin/catalog/casetype/{concept.pk}/change/"
    data = _form_data(client.get(url).content.decode(), "casetype_form")
    data.update({"lead_time_amount": "0", "lead_time_unit": "weeks"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Vul een aantal van 1 of meer in." in response.content.decode()
    with tenant_a.active():
        concept.refresh_from_db()
    assert concept.lead_time == tenant_a.case_type.lead_time


def test_the_forms_speak_dutch(tenant_a):
    client = tenant_a.client("admin")
    case_type_page = client.get(
        f"/admin/catalog/casetype/{tenant_a.case_type.pk}/change/"
    ).content.decode()
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
    concept_page = client.get(f"/admin/catalog/casetype/{concept.pk}/change/").content.decode()
    product_page = client.get(
        f"/admin/catalog/product/{tenant_a.product.pk}/change/"
    ).content.decode()
    assert "zaaktype wijzigen" in concept_page and "product wijzigen" in product_page
    assert ">Catalogus:</label>" in concept_page
    assert "Dagen tellen hier als werkdagen" in concept_page
    for page in (case_type_page, concept_page, product_page):
        for english in (">Catalogue", ">Document type", ">Case type", "ISO 8601"):
            assert english not in page
