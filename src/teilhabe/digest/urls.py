from django.urls import path

from teilhabe.digest import views

app_name = "digest"
urlpatterns = [
    path("profile/digest/", views.digest_settings, name="settings"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
