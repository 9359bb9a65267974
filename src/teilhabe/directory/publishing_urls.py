"""The district's side of the public directory (login): translations, confirmations, texts."""

from django.urls import path

from teilhabe.directory import publishing

app_name = "publishing"
urlpatterns = [
    path("districts/<str:ags>/directory/", publishing.overview, name="overview"),
    path("districts/<str:ags>/directory/texts/", publishing.texts_edit, name="texts"),
    path(
        "districts/<str:ags>/directory/languages/<str:lang>/",
        publishing.language_report,
        name="language",
    ),
    path("activities/<int:pk>/translations/<str:lang>/", publishing.translate, name="translate"),
    path("activities/<int:pk>/confirm/", publishing.confirm, name="confirm"),
]
