"""The public directory (Wegweiser), mounted under i18n_patterns in teilhabe/urls.py:
/03357/ in German, /ar/03357/ in Arabic. Path words are German in every language."""

from django.urls import path, re_path, register_converter

from teilhabe.directory import downloads, views


class AGS:
    regex = "[0-9]{5}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ARS(AGS):
    regex = "[0-9]{12}"


register_converter(AGS, "ags")
register_converter(ARS, "ars")

app_name = "directory"
urlpatterns = [
    path("<ags:ags>/", views.district, name="district"),
    path("<ags:ags>/angebote/", views.offers, name="offers"),
    path("<ags:ags>/angebote/<str:pk>/", views.offer, name="offer"),
    path("<ags:ags>/termine/", views.events, name="events"),
    path("<ags:ags>/termine/<str:pk>.ics", downloads.event_ical, name="event-ical"),
    path("<ags:ags>/mitmachen/", views.volunteering, name="volunteering"),
    path("<ags:ags>/leichte-sprache/", views.easy_read, name="easy-read"),
    path("<ags:ags>/impressum/", views.imprint, name="imprint"),
    path("<ags:ags>/datenschutz/", views.privacy, name="privacy"),
    path("<ags:ags>/daten/", downloads.open_data, name="open-data"),
    path("<ags:ags>/angebote.csv", downloads.offers_csv, name="csv"),
    path("<ags:ags>/angebote.geojson", downloads.offers_geojson, name="geojson"),
    path("<ags:ags>/einbetten/<ars:ars>/", downloads.embed, name="embed"),
    path("<ags:ags>/flyer/<ars:ars>.pdf", downloads.flyer_pdf, name="flyer"),
    # /xx/03357/…: a language the directory does not have (or /de/, which has no prefix)
    re_path(
        r"^(?P<prefix>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)/(?P<rest>[0-9]{5}/.*)$",
        views.unknown_language,
        name="unknown-language",
    ),
]
