from django.urls import path

from achterkant.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("personen/zoeken/", views.person_search, name="person_search"),
    path("persoon/", views.person_detail, name="person"),
    path("contacten/", views.contact_create, name="contact_create"),
    path("zaken/", views.case_list, name="cases"),
    path("zaken/<str:number>/", views.case_detail, name="case"),
    path("zaken/<str:number>/status/", views.case_set_status, name="case_set_status"),
    path("berichten/", views.sent_message_list, name="sent_messages"),
    path("verwerkingen/", views.processing_log, name="processing_log"),
]
