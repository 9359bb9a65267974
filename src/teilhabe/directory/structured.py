"""schema.org JSON-LD of an offer page, so that search engines and other directories can read
the offer: a Service with its provider, place, languages and costs. No person's name: the
named contact stays on the page only."""

from typing import Any

from teilhabe.directory.texts import Text
from teilhabe.events.models import Event
from teilhabe.inventory.models import Activity


def offer(activity: Activity, text: Text, url: str, events: list[Event]) -> dict[str, Any]:
    provider: dict[str, Any] = {
        "@type": "Organization",
        "name": activity.contact_organisation or activity.provider_name or activity.district.name,
    }
    for key, value in (
        ("telephone", activity.public_phone),
        ("email", activity.public_email),
        ("url", activity.public_website),
    ):
        if value:
            provider[key] = value
    place: dict[str, Any] = {"@type": "Place"}
    if activity.address:
        place["address"] = activity.address
    if activity.municipality:
        place["name"] = activity.municipality.name
    if activity.latitude is not None and activity.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(activity.latitude),
            "longitude": float(activity.longitude),
        }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": url,
        "url": url,
        "name": text.title,
        "inLanguage": text.language,
        "provider": provider,
        "areaServed": activity.municipality.name
        if activity.municipality
        else activity.district.name,
        "availableChannel": {"@type": "ServiceChannel", "serviceLocation": place},
        "category": activity.category.name,
    }
    if text.description:
        data["description"] = text.description
    if activity.spoken_language_list:
        data["availableLanguage"] = activity.spoken_language_list
    if activity.cost:
        data["isAccessibleForFree"] = activity.cost == "free"
    if activity.last_confirmed:
        data["dateModified"] = activity.last_confirmed.isoformat()
    if text.opening_hours:
        data["hoursAvailable"] = {
            "@type": "OpeningHoursSpecification",
            "description": text.opening_hours,
        }
    if events:
        data["subjectOf"] = [
            {
                "@type": "Event",
                "name": e.title,
                "startDate": e.date.isoformat(),
                "location": e.place,
            }
            for e in events
        ]
    return data
