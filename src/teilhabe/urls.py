from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

handler404 = "teilhabe.core.views.page_not_found"
handler500 = "teilhabe.core.views.server_error"

urlpatterns = [
    path("", include("teilhabe.core.urls")),
    path("", include("teilhabe.accounts.urls")),
    path("", include("teilhabe.regions.urls")),
    path("", include("teilhabe.inventory.urls")),
    path("", include("teilhabe.allocation.urls")),
    path("", include("teilhabe.placement.urls")),
    path("", include("teilhabe.surveys.urls")),
    path("", include("teilhabe.network.urls")),
    path("", include("teilhabe.events.urls")),
    path("", include("teilhabe.actionplan.urls")),
    path("", include("teilhabe.peers.urls")),
    path("api/v1/", include("teilhabe.api.urls", namespace="api")),
    path("", include("teilhabe.reports.urls")),
    path("", include("teilhabe.directory.publishing_urls")),
    path("", include("teilhabe.tasklist.urls")),
    path("", include("teilhabe.digest.urls")),
    # The language switch must work on the login page, before anyone has logged in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
# The public directory (Wegweiser): /03357/ in German, /ar/03357/ in Arabic and so on. Its
# views take the language from the address only (core/locale.py); the patterns come last, so
# that an internal address is never read as a public one.
urlpatterns += i18n_patterns(
    path("", include("teilhabe.directory.urls")), prefix_default_language=False
)
