from django.urls import path, register_converter

from achterkant.desk import views


class CaseNumberConverter:
    """Only well-formed case numbers reach a view (and the database)."""

    regex = r"ZAAK-[0-9]{4}-[0-9]{7}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "case_number")

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("personen/zoeken/", views.person_search, name="person_search"),
    path("persoon/", views.person_detail, name="person"),
    path("contacten/", views.contact_create, name="contact_create"),
    path("zaken/", views.case_list, name="cases"),
    path("zaken/<case_number:number>/", views.case_detail, name="case"),
    path("zaken/<case_number:number>/status/", views.case_set_status, name="case_set_status"),
    path("berichten/", views.sent_message_list, name="sent_messages"),
    path("verwerkingen/", views.processing_log, name="processing_log"),
]
