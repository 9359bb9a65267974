"""What the public directory hands out besides its pages: an event's calendar file, the
district's public offers as open data (CSV, GeoJSON; dl-de/by-2-0), the embeddable page of a
municipality and its printable flyer. All are public and cached like the pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from teilhabe.core import parsing
from teilhabe.core.tabular import writer
from teilhabe.directory import caching, flyer, opendata, queries
from teilhabe.directory.pages import frame, not_found, public, render
from teilhabe.engine import ical
from teilhabe.events.queries import calendar_event
from teilhabe.regions.models import District

ICS = "text/calendar; charset=utf-8"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@public
def event_ical(request: HttpRequest, ags: str, pk: str) -> HttpResponse:
    event_id = parsing.optional_id(pk)
    if event_id is None:
        return not_found(request)

    def build(d: District) -> HttpResponse:
        event = queries.events(d).get(pk=event_id)
        url = request.build_absolute_uri(reverse("directory:events", kwargs={"ags": d.ags}))
        text = ical.calendar([calendar_event(event, url, with_agenda=False)], d.name)
        return _attachment(HttpResponse(text, content_type=ICS), f"termin-{event.pk}.ics")

    return caching.serve(request, ags, f"event-ical:{event_id}", build)


@public
def offers_csv(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        content = writer.csv_bytes(opendata.rows(request, d), writer.PLAIN)
        response = HttpResponse(content, content_type=writer.CSV_CONTENT_TYPE)
        response["Access-Control-Allow-Origin"] = "*"
        # A CSV file has no place for its licence: the answer names it (RFC 8288).
        response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
        return _attachment(response, f"wegweiser-{d.ags}.csv")

    return caching.serve(request, ags, "csv", build)


@public
def offers_geojson(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        data = opendata.geojson(request, d)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Content-Type"] = "application/geo+json"
        response["Access-Control-Allow-Origin"] = "*"
        return _attachment(response, f"wegweiser-{d.ags}.geojson")

    return caching.serve(request, ags, "geojson", build)


@public
def open_data(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        feed = reverse("api:public-offers", kwargs={"ags": d.ags})
        embed = [
            (m, request.build_absolute_uri(reverse("directory:embed", args=[d.ags, m.ars])))
            for m in queries.municipalities(d)
        ]
        context: dict[str, Any] = {
            **frame(request, d, _("Open data and embedding")),
            "feed": request.build_absolute_uri(feed),
            "openapi": request.build_absolute_uri(reverse("api:docs")),
            "embed": embed,
            # Code to copy, shown as text (the template escapes it).
            "feed_example": f"{request.build_absolute_uri(feed)}?language={get_language()}&page=1",
            "iframe_example": (
                f'<iframe src="{embed[0][1]}" title="{embed[0][0].name}" width="100%" '
                'height="600"></iframe>'
                if embed
                else ""
            ),
        }
        return render(request, "directory/open_data.html", context)

    return caching.serve(request, ags, "open-data", build)


# Municipal websites show this page in an iframe: it may be framed by any site, and it has no
# script, form or cookie. Links open in the visitor's window, not inside the frame.
EMBEDDABLE: dict[str, Any] = {"frame-ancestors": ["*"]}
POLICY: dict[str, Any] = {**settings.SECURE_CSP, **EMBEDDABLE}


@public
@xframe_options_exempt
@csp_override(POLICY)
def embed(request: HttpRequest, ags: str, ars: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        municipality = d.municipalities.get(ars=ars)
        context = {
            **frame(request, d, municipality.name),
            "municipality": municipality,
            "embedded": True,
            "cards": queries.municipality_offers(d, municipality),
            "home": request.build_absolute_uri(reverse("directory:district", args=[d.ags])),
        }
        return render(request, "directory/embed.html", context)

    return caching.serve(request, ags, f"embed:{ars}", build)


@public
def flyer_pdf(request: HttpRequest, ags: str, ars: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        municipality = d.municipalities.get(ars=ars)
        online = reverse("directory:offers", args=[d.ags]) + f"?municipality={municipality.ars}"
        offers = queries.municipality_offers(d, municipality)
        content = flyer.pdf(d, municipality, offers, request.build_absolute_uri(online))
        response = HttpResponse(content, content_type="application/pdf")
        stamp = timezone.localdate()
        return _attachment(response, f"wegweiser-{municipality.ars}-{stamp:%Y-%m-%d}.pdf")

    return caching.serve(request, ags, f"flyer:{ars}", build)
