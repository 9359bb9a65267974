"""The public feed of the Wegweiser: a district's public offers, read-only, without a token,
in pages, with their texts in a chosen language, for any website to read (CORS open). The
same records as the open-data downloads (directory/opendata.py)."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import Field

from teilhabe.api.paging import Page, page_schema, paginate
from teilhabe.api.schemas import NulFree
from teilhabe.directory import opendata, queries, texts
from teilhabe.regions.models import District

router = Router(tags=["Public directory (no token)"])

Code = Literal["de", "en", "uk", "ar", "fa", "tr", "ru"]


class PublicOfferOut(Schema):
    id: int
    title: str = Field(
        ..., description="In the chosen language where its translation is up to date"
    )
    description: str
    opening_hours: str
    cost_note: str
    volunteer_tasks: str
    volunteer_time: str
    text_language: str = Field(..., description="Language of the texts above: the chosen or de")
    translation: str | None = Field(
        None, description="State of the chosen language's translation: current, outdated, missing"
    )
    field_of_action: str
    field_of_action_key: str
    municipality: str
    municipality_ars: str
    address: str
    latitude: float | None
    longitude: float | None
    cost: str = Field(..., description="free, fee or empty (not stated)")
    barrier_free: str = Field(..., description="yes, partly, no or empty (not stated)")
    registration: str = Field(..., description="none, required or empty (not stated)")
    languages: list[str] = Field(..., description="Languages spoken, as ISO 639 codes")
    target_groups: list[str]
    organisation: str
    phone: str
    email: str
    website: str
    seeks_volunteers: bool
    last_confirmed: str | None
    url: str


PublicOfferPage = page_schema(PublicOfferOut, "PublicOfferPage")


class FeedQuery(NulFree):
    language: Code = "de"
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


@router.get(
    "/public/districts/{ags}/offers",
    response=PublicOfferPage,
    url_name="public-offers",
    auth=None,
    summary="Public offers of a district (open data, dl-de/by-2-0)",
)
def public_offers(
    request: HttpRequest, ags: str, response: HttpResponse, query: Query[FeedQuery]
) -> Page:
    """The offers the district's public directory shows today, in pages, ordered by id.
    No token needed; any website may read it (Access-Control-Allow-Origin: *). Licence:
    Datenlizenz Deutschland – Namensnennung – 2.0; please name the district as the source."""
    response["Access-Control-Allow-Origin"] = "*"
    district = get_object_or_404(District, ags=ags)
    page = paginate(opendata.offers(district), query.page, query.page_size)
    with translation.override(query.language):
        cards = queries.cards(page["results"], query.language)
    page["results"] = [_record(request, card) for card in cards]
    return page


def _record(request: HttpRequest, card: queries.Card) -> dict[str, Any]:
    found = opendata.record(request, card.activity)
    text = card.text
    found.update({name: getattr(text, name) for name in texts.FIELDS})
    found["text_language"] = text.language
    found["translation"] = str(text.state) if text.state else None
    return found
