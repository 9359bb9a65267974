"""The district's public offers as open data under the Datenlizenz Deutschland –
Namensnennung – 2.0 (dl-de/by-2-0): the same records for CSV, GeoJSON and the JSON feed of the
API (api/routes/directory.py). German texts, keys for the coded fields; never a person's name.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from teilhabe.directory import queries
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import District

LICENCE = "dl-de/by-2-0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
COLUMNS = [
    "id",
    "title",
    "description",
    "field_of_action",
    "field_of_action_key",
    "municipality",
    "municipality_ars",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "cost",
    "cost_note",
    "barrier_free",
    "registration",
    "languages",
    "target_groups",
    "organisation",
    "phone",
    "email",
    "website",
    "seeks_volunteers",
    "volunteer_tasks",
    "volunteer_time",
    "last_confirmed",
    "url",
]


def record(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    """One offer as open data (German text; `url` is its public page)."""
    page = reverse("directory:offer", args=[activity.district.ags, activity.pk])
    return {
        "id": activity.pk,
        "title": activity.title,
        "description": activity.description,
        "field_of_action": activity.category.name,
        "field_of_action_key": activity.category.key,
        "municipality": activity.municipality.name if activity.municipality else "",
        "municipality_ars": activity.municipality.ars if activity.municipality else "",
        "address": activity.address,
        "latitude": float(activity.latitude) if activity.latitude is not None else None,
        "longitude": float(activity.longitude) if activity.longitude is not None else None,
        "opening_hours": activity.opening_hours,
        "cost": activity.cost,
        "cost_note": activity.cost_note,
        "barrier_free": activity.barrier_free,
        "registration": activity.registration,
        "languages": activity.spoken_language_list,
        "target_groups": activity.target_group_list,
        "organisation": activity.contact_organisation or activity.provider_name,
        "phone": activity.public_phone,
        "email": activity.public_email,
        "website": activity.public_website,
        "seeks_volunteers": activity.seeks_volunteers,
        "volunteer_tasks": activity.volunteer_tasks,
        "volunteer_time": activity.volunteer_time,
        "last_confirmed": activity.last_confirmed.isoformat() if activity.last_confirmed else None,
        "url": request.build_absolute_uri(page),
    }


def offers(district: District) -> Any:
    return (
        queries.visible(district)
        .select_related("district", "municipality", "category")
        .order_by("pk")
    )


def rows(request: HttpRequest, district: District) -> list[list[Any]]:
    table: list[list[Any]] = [COLUMNS]
    for activity in offers(district):
        found = record(request, activity)
        found["languages"] = " ".join(found["languages"])
        found["target_groups"] = " ".join(found["target_groups"])
        found["seeks_volunteers"] = "ja" if found["seeks_volunteers"] else "nein"
        table.append([found[name] for name in COLUMNS])
    return table


def geojson(request: HttpRequest, district: District) -> dict[str, Any]:
    features = []
    for activity in offers(district):
        properties = record(request, activity)
        longitude, latitude = properties.pop("longitude"), properties.pop("latitude")
        geometry = (
            {"type": "Point", "coordinates": [longitude, latitude]}
            if longitude is not None and latitude is not None
            else None
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {
        "type": "FeatureCollection",
        "name": f"Wegweiser {district.name}",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "attribution": district.name,
        "features": features,
    }
