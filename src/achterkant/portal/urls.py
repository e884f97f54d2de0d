from django.urls import path

from achterkant.portal import case_views, overview_views, request_views, triage_views, views

app_name = "portal"
urlpatterns = [
    path("", overview_views.home, name="home"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/opnieuw/", views.login_again, name="login_again"),
    path("inloggen/digid-test/", views.digid_mock_login, name="digid_mock_login"),
    path("inloggen/digid-test/terug/", views.digid_mock_acs, name="digid_mock_acs"),
    path("inloggen/eherkenning-test/", views.eherkenning_mock_login, name="eherkenning_mock"),
    path("uitloggen/", views.logout, name="logout"),
    path("sessie/", views.session_status, name="session_status"),
    path("sessie/verlengen/", views.keepalive, name="keepalive"),
    path("zaken/", overview_views.all_cases, name="cases"),
    path("zaken/<str:number>/", case_views.case_detail, name="case"),
    path("zaken/<str:number>/reageren/", views.respond, name="respond"),
    path("documenten/<int:document_id>/", case_views.document_download, name="document"),
    path("beoordelen/", views.feedback, name="feedback"),
    path("berichten/", views.message_list, name="messages"),
    path("berichten/<int:message_id>/", views.message_detail, name="message"),
    path("aanvragen/", request_views.request_list, name="request_list"),
    path("aanvragen/<slug:code>/", request_views.request_form, name="request_form"),
    # Beschrijf uw vraag (issue 18): two path segments, so no product code can shadow them.
    path(
        "aanvragen/vraag/suggesties/",
        triage_views.request_suggestions,
        name="request_suggestions",
    ),
    path("aanvragen/vraag/stellen/", triage_views.general_request, name="general_request"),
    path(
        "aanvragen/vraag/ontvangen/<int:pk>/",
        triage_views.general_request_received,
        name="general_request_received",
    ),
    path(
        "aanvragen/ontvangen/<str:number>/",
        request_views.request_received,
        name="request_received",
    ),
]
