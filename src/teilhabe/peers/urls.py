from django.urls import path

from teilhabe.peers import mailing_views, views

app_name = "peers"
urlpatterns = [
    path("districts/<str:ags>/peers/", views.overview, name="overview"),
    path("districts/<str:ags>/peers/weights/", views.weights, name="weights"),
    path("districts/<str:ags>/peers/send/", mailing_views.tandem_send, name="tandem-send"),
    path("districts/<str:ags>/peers/reminders/", mailing_views.reminder_add, name="reminder-add"),
    path(
        "tandem-reminders/<int:pk>/delete/", mailing_views.reminder_delete, name="reminder-delete"
    ),
    path("tandem-mailings/<int:pk>/", mailing_views.mailing_status, name="mailing-status"),
    path("tandem-requests/<int:pk>/bounce/", mailing_views.request_bounce, name="request-bounce"),
    path("municipalities/<str:ars>/peers/", views.municipality, name="municipality"),
    path("municipalities/<str:ars>/peers/<int:category>/", views.suggestions, name="suggestions"),
    path(
        "municipalities/<str:ars>/peers/<int:category>/tandem/",
        views.tandem_create,
        name="tandem-create",
    ),
    path("tandems/<int:pk>/", views.tandem_detail, name="tandem-detail"),
    path("tandems/<int:pk>/confirm/<str:side>/", views.tandem_confirm, name="tandem-confirm"),
    path("tandems/<int:pk>/status/", views.tandem_status, name="tandem-status"),
    path("tandems/<int:pk>/notes/", views.tandem_note, name="tandem-note"),
    path("tandems/<int:pk>/outcome/", views.tandem_outcome, name="tandem-outcome"),
]
