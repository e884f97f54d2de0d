from django.urls import path, register_converter

from achterkant.desk import (
    document_views,
    insight_exports,
    insight_views,
    kcc_views,
    lead_views,
    log_views,
    maturity_views,
    party_views,
    search_views,
    triage_views,
    views,
    work_views,
)


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
    # Contact centre: identify, 360° view, record, follow up.
    path("", kcc_views.home, name="home"),
    path("zoeken/", search_views.search, name="search"),
    path("identificeren/", kcc_views.identify, name="identify"),
    path("personen/zoeken/", kcc_views.person_search, name="person_search"),
    path("personen/zoeken/naam/", kcc_views.person_search_name, name="person_search_name"),
    path("personen/zoeken/adres/", kcc_views.person_search_address, name="person_search_address"),
    path("personen/kiezen/", kcc_views.person_choose, name="person_choose"),
    path("bedrijven/zoeken/", kcc_views.company_search, name="company_search"),
    path("bedrijven/kiezen/", kcc_views.company_choose, name="company_choose"),
    path("persoon/", party_views.person_detail, name="person"),
    path(
        "persoon/contacten/",
        party_views.party_list,
        {"party": "person", "kind": "contacts"},
        name="person_contacts",
    ),
    path(
        "persoon/zaken/",
        party_views.party_list,
        {"party": "person", "kind": "cases"},
        name="person_cases",
    ),
    path("bedrijf/", party_views.company_detail, name="company"),
    path(
        "bedrijf/contacten/",
        party_views.party_list,
        {"party": "company", "kind": "contacts"},
        name="company_contacts",
    ),
    path(
        "bedrijf/zaken/",
        party_views.party_list,
        {"party": "company", "kind": "cases"},
        name="company_cases",
    ),
    path("anoniem/", kcc_views.anonymous_contact, name="anonymous"),
    path("contacten/", kcc_views.contact_create, name="contact_create"),
    path("kennisbank/", kcc_views.knowledge_search, name="knowledge"),
    path("contacten/voorstel/", triage_views.contact_suggestion, name="contact_suggestion"),
    path("contactverzoeken/", kcc_views.contact_request_list, name="contact_requests"),
    path("contactverzoeken/<int:pk>/", kcc_views.contact_request_detail, name="contact_request"),
    path("e-mail/", kcc_views.mailbox, name="mailbox"),
    path("e-mail/<int:pk>/koppelen/", kcc_views.mailbox_link, name="mailbox_link"),
    path("e-mail/<int:pk>/product/", kcc_views.mailbox_confirm_product, name="mailbox_product"),
    path("brieven/nieuw/", kcc_views.letter_create, name="letter_create"),
    path("bijlagen/<int:attachment_id>/", document_views.contact_attachment, name="attachment"),
    path("contacten/<int:pk>/zaak/", kcc_views.contact_start_case_view, name="contact_start_case"),
    # Cases, messages and the processing log.
    path("zaken/", views.case_list, name="cases"),
    path("zaken/<case_number:number>/", views.case_detail, name="case"),
    path("zaken/<case_number:number>/status/", views.case_set_status, name="case_set_status"),
    path(
        "zaken/<case_number:number>/documenten/<int:document_id>/",
        document_views.case_document,
        name="case_document",
    ),
    path("zaken/<case_number:number>/<slug:action>/", work_views.case_action, name="case_action"),
    path("werk/", work_views.my_work, name="my_work"),
    path("teams/<slug:identification>/", work_views.team_queue, name="team_queue"),
    path(
        "teams/<slug:identification>/toewijzen/",
        lead_views.team_queue_assign,
        name="team_queue_assign",
    ),
    path("teamleider/", lead_views.team_lead, name="team_lead"),
    path("berichten/", views.sent_message_list, name="sent_messages"),
    path("verwerkingen/", log_views.processing_log, name="processing_log"),
    path(
        "verwerkingen/export/",
        log_views.processing_log_export,
        name="processing_log_export",
    ),
    # Inzicht: service levels per channel, product and team (issue 16).
    path("inzicht/", insight_views.insights_dashboard, name="insights"),
    path(
        "inzicht/export/<slug:table>.<slug:fmt>",
        insight_exports.insights_export,
        name="insights_export",
    ),
    path("inzicht/score/", maturity_views.score, name="insights_score"),
    path("inzicht/ranglijst/", maturity_views.league, name="insights_league"),
    path("inzicht/ranglijst/kaart.json", maturity_views.card_download, name="insights_card"),
]
