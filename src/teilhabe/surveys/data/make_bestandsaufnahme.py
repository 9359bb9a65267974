"""Write the default questionnaire "Bestandsaufnahme Integration und Teilhabe" as XLSForm.

The shipped bestandsaufnahme.xlsx is generated from this script, so that its questions can be
reviewed as text. After changing a question, run

    .venv/bin/python src/teilhabe/surveys/data/make_bestandsaufnahme.py

and commit both files; a test fails while they disagree. The output is byte-for-byte
reproducible. One section per field of action (inventory.taxonomy), then a repeat group that
lists the offers one by one (each becomes a proposed activity), capacity and peer help.
"""

import os
from collections.abc import Sequence
from pathlib import Path

# The xlsform package translates its messages, so Django's settings must be known before it
# is imported; the test settings keep the developer's data directory untouched (no database).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.test_settings")

from teilhabe.surveys.xlsform import Choice, Form, Question, Section, write_xlsform

OUTPUT = Path(__file__).resolve().parent / "bestandsaufnahme.xlsx"

PROVIDERS = [
    ("municipality", "Kommune", "Municipality"),
    ("district", "Landkreis", "District"),
    ("volunteer_initiative", "Ehrenamtliche Initiative", "Volunteer initiative"),
    ("association", "Verein", "Association"),
    ("welfare", "Wohlfahrtsverband", "Welfare organisation"),
    ("religious", "Kirche oder Religionsgemeinschaft", "Church or religious community"),
    ("migrant_organisation", "Migrantenorganisation", "Migrant organisation"),
    ("jobcenter", "Jobcenter oder Arbeitsagentur", "Jobcenter or employment agency"),
    ("school", "Schule oder Bildungsträger", "School or education provider"),
    ("other", "Sonstige", "Other"),
]

# The inventory's statuses an offer can be reported in (an ended offer is not listed).
STATUSES = [
    ("planned", "geplant", "planned"),
    ("starting", "im Aufbau", "starting"),
    ("active", "aktiv", "active"),
    ("paused", "pausiert", "paused"),
]
# The inventory's target groups (inventory.models.TargetGroup), in German and English.
TARGET_GROUPS = [
    ("all", "alle Zugewanderten", "all immigrants"),
    ("refugees", "Geflüchtete", "refugees"),
    ("asylum_seekers", "Asylsuchende", "asylum seekers"),
    ("families", "Familien", "families"),
    ("children", "Kinder", "children"),
    ("youth", "Jugendliche", "young people"),
    ("women", "Frauen", "women"),
    ("seniors", "Ältere Menschen", "older people"),
    ("jobseekers", "Arbeitsuchende", "job seekers"),
    ("volunteers", "Ehrenamtliche", "volunteers"),
    ("professionals", "Fachkräfte und Verwaltung", "professionals and administration"),
]


def bestandsaufnahme(categories: Sequence[tuple[str, str, str]]) -> Form:
    """The form for the given fields of action: (key, German name, English name)."""

    def de_en(de: str, en: str) -> dict[str, str]:
        return {"de": de, "en": en}

    providers = tuple(Choice(name, de_en(de, en)) for name, de, en in PROVIDERS)
    fields = tuple(Choice(key, de_en(de, en), {"category": key}) for key, de, en in categories)

    def field_section(key: str, de: str, en: str) -> Section:
        prefix = key.replace("-", "_")
        exists = f"${{{prefix}_exists}} = 'yes'"
        questions = (
            Question(
                f"{prefix}_exists",
                "yes_no",
                de_en(
                    f"Gibt es in Ihrer Kommune Angebote im Handlungsfeld „{de}“?",
                    f"Are there offers in your municipality in the field “{en}”?",
                ),
                required=True,
            ),
            Question(
                f"{prefix}_since",
                "integer",
                de_en(
                    "Seit wann gibt es Angebote? (Jahr)",
                    "Since when have there been offers? (year)",
                ),
                de_en(
                    "Das Jahr, in dem das älteste noch bestehende Angebot begann.",
                    "The year in which the oldest offer still running began.",
                ),
                relevant=exists,
                constraint=". >= 1950 and . <= 2030",
                constraint_messages=de_en(
                    "Bitte ein Jahr zwischen 1950 und 2030 angeben.",
                    "Please give a year between 1950 and 2030.",
                ),
            ),
            Question(
                f"{prefix}_providers",
                "select_multiple",
                de_en("Wer trägt die Angebote?", "Who runs the offers?"),
                de_en("Mehrfachnennung möglich.", "Choose all that apply."),
                relevant=exists,
                choices=providers,
                list_name="provider",
            ),
            Question(
                f"{prefix}_volunteers",
                "integer",
                de_en(
                    "Wie viele Ehrenamtliche engagieren sich ungefähr?",
                    "About how many volunteers are involved?",
                ),
                relevant=exists,
                constraint=". >= 0",
                constraint_messages=de_en(
                    "Bitte eine Zahl ab 0 angeben.", "Please give a number of 0 or more."
                ),
            ),
            Question(
                f"{prefix}_needs",
                "text",
                de_en("Was wird gebraucht?", "What is needed?"),
                de_en(
                    "Zum Beispiel Räume, Sprachmittlung, Personal oder Geld.",
                    "For example rooms, interpreting, staff or money.",
                ),
            ),
        )
        return Section(key, de_en(de, en), "", questions, {"category": key})

    def listed(rows: list[tuple[str, str, str]]) -> tuple[Choice, ...]:
        return tuple(Choice(name, de_en(de, en)) for name, de, en in rows)

    # Each offer the municipality lists becomes a proposed activity of the stock-take.
    offers = Section(
        "offers",
        de_en("Angebote", "Offers"),
        "",
        (
            Question(
                "offer_title",
                "text",
                de_en("Name des Angebots", "Name of the offer"),
                de_en(
                    "Zum Beispiel „Sprachcafé im Gemeindehaus“. Bitte jedes Angebot als "
                    "eigenen Eintrag.",
                    "For example “Language café in the parish hall”. One entry per offer.",
                ),
                required=True,
            ),
            Question(
                "offer_field",
                "select_one",
                de_en("Handlungsfeld", "Field of action"),
                required=True,
                choices=fields,
                list_name="field",
            ),
            Question(
                "offer_provider",
                "select_one",
                de_en("Träger", "Provider"),
                choices=providers,
                list_name="provider",
            ),
            Question(
                "offer_status",
                "select_one",
                de_en("Stand", "Status"),
                choices=listed(STATUSES),
                list_name="status",
            ),
            Question(
                "offer_target_groups",
                "select_multiple",
                de_en("Zielgruppen", "Target groups"),
                de_en("Mehrfachnennung möglich.", "Choose all that apply."),
                choices=listed(TARGET_GROUPS),
                list_name="target_group",
            ),
        ),
        repeat=True,
    )
    capacity = Section(
        "capacity",
        de_en("Kapazitäten", "Capacity"),
        "",
        (
            Question(
                "housing_total",
                "integer",
                de_en(
                    "Wie viele Wohnplätze für Geflüchtete gibt es in Ihrer Kommune?",
                    "How many housing places for refugees are there in your municipality?",
                ),
                de_en(
                    "Gemeinschaftsunterkünfte und von der Kommune angemietete Wohnungen.",
                    "Shared accommodation and flats rented by the municipality.",
                ),
                constraint=". >= 0",
                constraint_messages=de_en(
                    "Bitte eine Zahl ab 0 angeben.", "Please give a number of 0 or more."
                ),
            ),
            Question(
                "housing_occupied",
                "integer",
                de_en("Wie viele davon sind belegt?", "How many of them are occupied?"),
                relevant="${housing_total} > 0",
                constraint=". >= 0 and . <= ${housing_total}",
                constraint_messages=de_en(
                    "Es können nicht mehr Plätze belegt sein, als es gibt.",
                    "No more places can be occupied than there are.",
                ),
            ),
            Question(
                "social_work_fte",
                "decimal",
                de_en(
                    "Wie viele Vollzeitstellen gibt es in der Sozialarbeit für Geflüchtete?",
                    "How many full-time posts are there in social work for refugees?",
                ),
                de_en(
                    "In Vollzeitäquivalenten, z. B. 2,5.",
                    "In full-time equivalents, e.g. 2.5.",
                ),
                constraint=". >= 0",
                constraint_messages=de_en(
                    "Bitte eine Zahl ab 0 angeben.", "Please give a number of 0 or more."
                ),
            ),
        ),
    )
    peer_help = Section(
        "peer_help",
        de_en("Kollegiale Unterstützung", "Peer help"),
        "",
        (
            Question(
                "peer_wish",
                "select_multiple",
                de_en(
                    "In welchen Handlungsfeldern wünschen Sie sich Unterstützung "
                    "durch andere Kommunen?",
                    "In which fields would you like help from other municipalities?",
                ),
                choices=fields,
                list_name="field",
            ),
            Question(
                "peer_offer",
                "select_multiple",
                de_en(
                    "In welchen Handlungsfeldern könnten Sie andere Kommunen unterstützen?",
                    "In which fields could you help other municipalities?",
                ),
                choices=fields,
                list_name="field",
            ),
        ),
    )
    thanks = Section(
        "",
        questions=(
            Question(
                "thanks",
                "note",
                de_en(
                    "Vielen Dank! Bitte prüfen Sie Ihre Angaben und senden Sie den "
                    "Fragebogen dann ab.",
                    "Thank you! Please check your answers and then submit the questionnaire.",
                ),
            ),
        ),
    )
    return Form(
        title="Bestandsaufnahme Integration und Teilhabe",
        form_id="bestandsaufnahme",
        version="2026-11",
        default_language="de",
        sections=(
            *(field_section(*category) for category in categories),
            offers,
            capacity,
            peer_help,
            thanks,
        ),
    )


def main() -> None:
    # The taxonomy module imports models, so Django must be set up.
    import django

    django.setup()
    from teilhabe.inventory.taxonomy import DEFAULT_CATEGORIES

    OUTPUT.write_bytes(write_xlsform(bestandsaufnahme(DEFAULT_CATEGORIES)))
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
