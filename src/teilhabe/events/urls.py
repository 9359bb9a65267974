from django.urls import path

from teilhabe.events import link_views, mailing_views, views

app_name = "events"
urlpatterns = [
    path("districts/<str:ags>/events/", views.event_list, name="event-list"),
    path("districts/<str:ags>/events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/invite/", views.invite, name="invite"),
    path("events/<int:pk>/send/", mailing_views.event_send, name="event-send"),
    path("events/<int:pk>/reminders/", mailing_views.reminder_add, name="reminder-add"),
    path("event-reminders/<int:pk>/delete/", mailing_views.reminder_delete, name="reminder-delete"),
    path("event-mailings/<int:pk>/", mailing_views.mailing_status, name="mailing-status"),
    path(
        "event-invitations/<int:pk>/bounce/",
        mailing_views.invitation_bounce,
        name="invitation-bounce",
    ),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/files/", views.file_upload, name="file-upload"),
    path("events/<int:pk>/event.ics", views.event_ical, name="event-ical"),
    path("event-files/<int:pk>/", views.file_download, name="file-download"),
    path("event-invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("event-invitations/<int:pk>/renew/", views.invitation_renew, name="invitation-renew"),
    path("event-invitations/<int:pk>/send/", views.invitation_send, name="invitation-send"),
    path("calendar/feed/", link_views.feed_create, name="feed-create"),
    path("calendar/<str:token>/events.ics", link_views.feed, name="feed"),
    path("e/<str:token>/", link_views.rsvp, name="rsvp"),
    path("e/<str:token>/event.ics", link_views.rsvp_ical, name="rsvp-ical"),
]
