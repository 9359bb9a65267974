"""The public pages of the Wegweiser: no login, no cookie, the address's language, served from
the shared cache (directory/caching.py). Downloads (calendar, CSV, GeoJSON, flyer) and the
embeddable page are in downloads.py."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import parsing
from teilhabe.directory import caching, maps, queries, structured, texts
from teilhabe.directory.forms import FilterChoices, FilterForm
from teilhabe.directory.models import DistrictDirectory, OfferTranslation
from teilhabe.directory.pages import frame, json_for_script, not_found, public, render
from teilhabe.regions.models import District


def _form(request: HttpRequest, district: District, stamp: str | None = None) -> FilterForm:
    """The filters, their choices from this process's memory when the district's stamp is
    known (they change only with its public data), else from the database."""

    def choices() -> FilterChoices:
        return FilterChoices.of(
            queries.municipalities(district), queries.fields_of_action(district)
        )

    found = caching.kept_data(district.pk, stamp, "filters", choices) if stamp else choices()
    return FilterForm(request.GET or None, choices=found)


@public
def district(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        places = queries.place_counts(d)
        context = {
            **frame(request, d, _("Offers in %(name)s") % {"name": d.name}),
            "form": _form(request, d),
            "fields": queries.field_counts(d),
            "places": places,
            "district_wide": queries.district_wide_count(d),
            "map": maps.counts_map(d, {m.ars: n for m, n in places}),
            "events": list(queries.events(d)[:3]),
            "volunteering": len(queries.volunteering(d, queries.Filters())),
        }
        return render(request, "directory/district.html", context)

    return caching.serve(request, ags, "district", build)


# The query parameters of the offers' list and the volunteering page (FilterForm).
PARAMS = ("q", "municipality", "field", "language", "group", "free", "accessible", "page")


def _params(request: HttpRequest) -> str:
    """What the page shows, for the cache key: its parameters as sent (the form validates them
    when the page is made)."""
    return repr(sorted((name, request.GET.getlist(name)) for name in PARAMS if name in request.GET))


@public
def offers(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District, stamp: str | None = None) -> HttpResponse:
        form = _form(request, d, stamp)
        filters = form.filters()
        found = queries.listing(d, filters, parsing.optional_id(request.GET.get("page")) or 1)
        context = {
            **frame(request, d, _("Offers")),
            "form": form,
            "filters": filters,
            "listing": found,
            "query": _query(request),
        }
        return render(request, "directory/offers.html", context)

    if request.GET.get("q", "").strip():  # searches are not kept: there are as many as words
        pk, stamp = caching.district_stamp(ags)
        d = caching.kept_data(pk, stamp, "district", lambda: District.objects.get(pk=pk))
        return build(d, stamp)
    return caching.serve(request, ags, f"offers:{_params(request)}", build)


def _query(request: HttpRequest) -> str:
    """The query string without the page, for the links to other pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public
def offer(request: HttpRequest, ags: str, pk: str) -> HttpResponse:
    offer_id = parsing.optional_id(pk)
    if offer_id is None:
        return not_found(request)

    def build(d: District) -> HttpResponse:
        activity = queries.offer(d, offer_id)
        language = translation.get_language() or "de"
        translation_row = OfferTranslation.objects.filter(
            activity=activity, language=language
        ).first()
        text = texts.text(activity, language, translation_row)
        events = list(queries.events(d).filter(activity=activity))
        contact = queries.named_contact(activity)
        url = request.build_absolute_uri()
        context = {
            **frame(request, d, text.title),
            "offer": activity,
            "text": text,
            "contact": contact,
            "events": events,
            "map": maps.offer_map(d, activity),
            "json_ld": json_for_script(structured.offer(activity, text, url, events)),
            "today": timezone.localdate(),
        }
        return render(request, "directory/offer.html", context)

    return caching.serve(request, ags, f"offer:{offer_id}", build)


@public
def events(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        found = list(queries.events(d))
        shown = queries.visible_ids(d, [e.activity_id for e in found if e.activity_id])
        context = {**frame(request, d, _("Events")), "events": found, "offers_shown": shown}
        return render(request, "directory/events.html", context)

    return caching.serve(request, ags, "events", build)


@public
def volunteering(request: HttpRequest, ags: str) -> HttpResponse:
    def build(d: District) -> HttpResponse:
        form = _form(request, d)
        context = {
            **frame(request, d, _("Get involved")),
            "form": form,
            "cards": queries.volunteering(d, form.filters()),
        }
        return render(request, "directory/volunteering.html", context)

    return caching.serve(request, ags, f"volunteering:{_params(request)}", build)


def _simple(template: str, title: Any) -> Callable[..., HttpResponse]:
    """A page of the district whose content is its template (and the district's texts)."""

    @public
    def view(request: HttpRequest, ags: str) -> HttpResponse:
        def build(d: District) -> HttpResponse:
            texts_row = DistrictDirectory.objects.filter(district=d).first()
            context = {**frame(request, d, str(title)), "texts": texts_row}
            return render(request, template, context)

        return caching.serve(request, ags, template, build)

    return view


easy_read = _simple("directory/easy_read.html", gettext_lazy("Easy language"))
imprint = _simple("directory/imprint.html", gettext_lazy("Legal notice"))
privacy = _simple("directory/privacy.html", gettext_lazy("Privacy"))


@public
def unknown_language(request: HttpRequest, prefix: str, rest: str) -> HttpResponse:
    """/de/03357/ leads to /03357/; any other prefix is not a language of the directory."""
    if prefix == settings.LANGUAGE_CODE:
        return HttpResponsePermanentRedirect(f"/{rest}")
    return not_found(request)
