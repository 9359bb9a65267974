"""Plausible stock-take activities with years of history, for benchmarks and scale data.

Pure Python (no Django): `timeline` returns the saves of one activity as (when, kind, full state
after the save, user id); the caller writes the activity (the last state) and one history row
per save. Used by `teilhabe bench generate` and `benchmarks/inventory.py`."""

from __future__ import annotations

import datetime
import random
from typing import Any
from zoneinfo import ZoneInfo

from teilhabe.engine import spoken

BERLIN = ZoneInfo("Europe/Berlin")

CHANGE_WEIGHTS = [5, 7, 10, 12, 14, 14, 13, 13, 12]
MEAN_GAP_DAYS = 90  # mean time between two saves of an activity (exponentially distributed)
TITLES = {
    "orientation": ["Willkommenslotsen", "Erstorientierungskurs", "Migrationsberatung"],
    "language": ["Sprachcafé", "Deutschkurs mit Kinderbetreuung", "Lesepatenschaften"],
    "early-childhood": ["Elternprogramm in der Kita", "Spielgruppe für Familien"],
    "education": ["Hausaufgabenhilfe", "Ausbildungspatenschaften", "Lernwerkstatt"],
    "work": ["Job-Café", "Anerkennungsberatung vor Ort", "Bewerbungstraining"],
    "housing": ["Wohnraumbörse", "Wohnungspatenschaften"],
    "health": ["Dolmetscherpool für Arztbesuche", "Psychosoziale Sprechstunde"],
    "sport-culture": ["Integrationssport", "Interkultureller Chor", "Fahrradwerkstatt"],
    "volunteering": ["Flüchtlingshilfe-Initiative", "Ehrenamtsbörse"],
    "participation": ["Internationales Frauenfrühstück", "Integrationsbeirat"],
    "intercultural-opening": ["Interkulturelle Schulung im Rathaus"],
    "residence": ["Einbürgerungsberatung", "Sprechstunde Ausländerbehörde"],
    "anti-discrimination": ["Antidiskriminierungsberatung", "Workshop Zivilcourage"],
    "networking": ["Runder Tisch Integration", "Netzwerktreffen Ehrenamt"],
}
PROVIDERS = [
    "volunteers",
    "association",
    "welfare",
    "church",
    "migrant_organisation",
    "jobcenter",
    "education",
    "municipality",
    "other",
]
PROVIDER_WEIGHTS = [25, 20, 15, 8, 8, 5, 8, 9, 2]
TARGET_GROUPS = [
    "all",
    "refugees",
    "asylum_seekers",
    "families",
    "children",
    "youth",
    "women",
    "seniors",
    "jobseekers",
    "volunteers",
    "professionals",
]
LANGUAGES = ["de", "de,en", "de,ar", "de,uk,ru", "de,fa,ar", "de,tr", "de,en,fr", ""]
WORDS = [
    "Treffpunkt",
    "für",
    "Austausch,",
    "Beratung",
    "und",
    "gemeinsame",
    "Aktivitäten;",
    "offen",
    "für",
    "alle,",
    "mit",
    "Unterstützung",
    "durch",
    "Ehrenamtliche",
    "und",
    "hauptamtliche",
    "Fachkräfte",
    "vor",
    "Ort.",
]


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day in Germany (as Django's timezone.localdate with TIME_ZONE Berlin)."""
    return moment.astimezone(BERLIN).date()


STREETS = ["Hauptstraße", "Bahnhofstraße", "Große Straße", "Am Markt", "Schulstraße"]
HOURS = ["Jeden Dienstag 15–17 Uhr", "Montags und donnerstags 9–12 Uhr", "Nach Vereinbarung"]


def public_fields(rng: random.Random, languages: str) -> dict[str, Any]:
    """What the Wegweiser shows of an offer, from its own random stream (so the other fields
    are the same as before these existed)."""
    volunteers = rng.random() < 0.2
    return {
        "address": f"{rng.choice(STREETS)} {rng.randint(1, 80)}" if rng.random() < 0.7 else "",
        "latitude": None,
        "longitude": None,
        "opening_hours": rng.choice(HOURS) if rng.random() < 0.8 else "",
        "cost": rng.choice(["", "free", "free", "fee"]),
        "cost_note": "",
        "barrier_free": rng.choice(["", "yes", "partly", "no"]),
        "registration": rng.choice(["", "none", "required"]),
        "public_phone": f"0{rng.randint(4000, 4999)} {rng.randint(1000, 99999)}",
        "public_email": "",
        "public_website": "",
        "public_contact_id": None,
        "seeks_volunteers": volunteers,
        "volunteer_tasks": "Begleitung und Gespräche" if volunteers else "",
        "volunteer_time": "2 Stunden pro Woche" if volunteers else "",
        "spoken_languages": spoken.encode(spoken.codes(languages)),
    }


def timeline(
    rng: random.Random,
    i: int,
    district: int,
    municipalities: list[int],
    categories: dict[str, int],
    keys: list[str],
    coordinator: int,
    editors: dict[int, int],
    begin: datetime.datetime,
    end: datetime.datetime,
) -> list[tuple[datetime.datetime, str, dict[str, Any], int | None]]:
    """The saves of one activity: (when, kind, full state after the save, user id)."""
    municipality = None if rng.random() < 0.06 else rng.choice(municipalities)
    key = rng.choice(keys)
    created = begin + (end - begin) * rng.random()
    status = rng.choices(["planned", "starting", "active"], [25, 10, 65])[0]
    groups = sorted(rng.sample(TARGET_GROUPS, rng.randint(1, 3)))
    provider = rng.choices(PROVIDERS, PROVIDER_WEIGHTS)[0]
    state: dict[str, Any] = {
        "district_id": district,
        "municipality_id": municipality,
        "category_id": categories[key],
        "title": f"{rng.choice(TITLES[key])} {i + 1}",
        "description": " ".join(rng.choices(WORDS, k=rng.randint(0, 40))),
        "status": status,
        "provider_kind": provider,
        "provider_name": f"Träger {rng.randint(1, 800)}" if rng.random() < 0.8 else "",
        "target_groups": f",{','.join(groups)},",
        "languages": rng.choice(LANGUAGES),
        "volunteers": rng.randint(1, 40) if provider == "volunteers" else None,
        "reach": rng.randint(5, 300) if rng.random() < 0.6 else None,
        "start_date": (
            None
            if status == "planned"
            else local_date(created) - datetime.timedelta(rng.randint(0, 90))
        ),
        "end_date": None,
        "contact_organisation": f"Kontaktstelle {rng.randint(1, 300)}",
        "public": rng.random() < 0.5,
        "last_confirmed": local_date(created),
        "is_example": False,
        "version": 1,
        "created_at": created,
        "updated_at": created,
    }
    state.update(public_fields(random.Random(f"{district}:{i}"), state["languages"]))

    def who() -> int | None:
        r = rng.random()
        if r < 0.1:
            return None  # a script or an import without a user
        if municipality is None or r < 0.3:
            return coordinator
        return editors[municipality]

    saves = [(created, "+", dict(state), who())]
    when = created
    for _ in range(rng.choices(range(len(CHANGE_WEIGHTS)), CHANGE_WEIGHTS)[0]):
        when += datetime.timedelta(days=rng.expovariate(1 / MEAN_GAP_DAYS))
        if when >= end:
            break  # the rest of this activity's saves lie in the future
        day = local_date(when)
        r = rng.random()
        if state["status"] == "ended":
            if r < 0.8:
                break  # most ended activities are left alone
            kind = "edit"
        elif r < 0.08:
            kind = "end"
        elif r < 0.35:
            # Planned and starting ones move on; active ones pause now and then.
            kind = "status" if state["status"] != "active" or r < 0.15 else "edit"
        elif r < 0.38:
            kind = "move"
        else:
            kind = "edit"
        if kind == "end":
            state["status"], state["end_date"] = "ended", day
            if state["start_date"] is None or state["start_date"] > day:
                state["start_date"] = day
        elif kind == "status":
            state["status"] = {
                "planned": rng.choice(["starting", "active"]),
                "starting": "active",
                "active": "paused",
                "paused": "active",
            }[state["status"]]
            if state["status"] in {"starting", "active"} and state["start_date"] is None:
                state["start_date"] = day
        elif kind == "move":
            if state["municipality_id"] is not None and rng.random() < 0.5:
                state["municipality_id"] = rng.choice(municipalities)
                municipality = state["municipality_id"]
            else:
                state["category_id"] = categories[rng.choice(keys)]
        else:
            field = rng.choice(
                [
                    "description",
                    "reach",
                    "volunteers",
                    "last_confirmed",
                    "languages",
                    "public",
                    "title",
                ]
            )
            if field == "description":
                state["description"] = " ".join(rng.choices(WORDS, k=rng.randint(5, 40)))
            elif field in {"reach", "volunteers"}:
                state[field] = rng.randint(1, 300)
            elif field == "languages":
                state["languages"] = rng.choice(LANGUAGES)
            elif field == "public":
                state["public"] = not state["public"]
            elif field == "title":
                state["title"] = f"{rng.choice(TITLES[key])} {i + 1} (neu)"
            state["last_confirmed"] = day
        state["version"] += 1
        state["updated_at"] = when
        saves.append((when, kind, dict(state), who()))
    return saves
