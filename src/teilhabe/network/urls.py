from django.urls import path

from teilhabe.network import views

app_name = "network"
urlpatterns = [
    path("districts/<str:ags>/network/", views.network, name="network"),
    path("districts/<str:ags>/network/contacts/new/", views.contact_create, name="contact-create"),
    path(
        "districts/<str:ags>/network/organisations/new/",
        views.organisation_create,
        name="organisation-create",
    ),
    path(
        "districts/<str:ags>/network/contacts.xlsx", views.contacts_export, name="contacts-export"
    ),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/erase/", views.contact_erase, name="contact-erase"),
]
