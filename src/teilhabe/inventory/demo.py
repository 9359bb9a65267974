"""Example activities for `teilhabe up --demo`: a living matrix for newcomers, each activity
flagged `is_example` and shown with an "example" badge."""

import datetime
import random
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.inventory.models import Activity, ActivityStatus, Category, ProviderKind
from teilhabe.regions.models import District

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "orientation": [("Willkommenslotsen", ProviderKind.VOLUNTEERS),
                    ("Erstorientierungskurs", ProviderKind.EDUCATION)],
    "language": [("Sprachcafé", ProviderKind.VOLUNTEERS),
                 ("Deutschkurs für Frauen mit Kinderbetreuung", ProviderKind.EDUCATION),
                 ("Lesepatenschaften", ProviderKind.VOLUNTEERS)],
    "early-childhood": [("Elternprogramm in der Kita", ProviderKind.MUNICIPALITY),
                        ("Spielgruppe für zugewanderte Familien", ProviderKind.CHURCH)],
    "education": [("Hausaufgabenhilfe", ProviderKind.VOLUNTEERS),
                  ("Ausbildungspatenschaften", ProviderKind.ASSOCIATION)],
    "work": [("Job-Café", ProviderKind.JOBCENTER),
             ("Anerkennungsberatung vor Ort", ProviderKind.WELFARE)],
    "housing": [("Wohnraumbörse", ProviderKind.MUNICIPALITY),
                ("Wohnungspatenschaften", ProviderKind.VOLUNTEERS)],
    "health": [("Dolmetscherpool für Arztbesuche", ProviderKind.WELFARE),
               ("Psychosoziale Sprechstunde", ProviderKind.WELFARE)],
    "sport-culture": [("Integrationssport im Sportverein", ProviderKind.ASSOCIATION),
                      ("Interkultureller Chor", ProviderKind.ASSOCIATION),
                      ("Fahrradwerkstatt", ProviderKind.VOLUNTEERS)],
    "volunteering": [("Flüchtlingshilfe-Initiative", ProviderKind.VOLUNTEERS)],
    "participation": [("Internationales Frauenfrühstück", ProviderKind.MIGRANT_ORGANISATION),
                      ("Integrationsbeirat", ProviderKind.MUNICIPALITY)],
    "intercultural-opening": [("Interkulturelle Schulung im Rathaus", ProviderKind.MUNICIPALITY)],
    "networking": [("Runder Tisch Integration", ProviderKind.MUNICIPALITY)],
}  # fmt: skip
STATUS_WEIGHTS = [
    (ActivityStatus.ACTIVE, 6),
    (ActivityStatus.STARTING, 2),
    (ActivityStatus.PLANNED, 2),
    (ActivityStatus.PAUSED, 1),
]


def _backdate(activity: Activity, when: datetime.datetime) -> None:
    activity.history.filter(history_type="+").update(history_date=when)


def example_activities() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Activity.objects.filter(district=district, is_example=True).exists():
        return
    rnd = random.Random(2026)
    categories = {c.key: c for c in Category.objects.filter(district=district)}
    now = timezone.now()
    created = 0
    for municipality in district.municipalities.order_by("name"):
        keys = rnd.sample(sorted(EXAMPLES), k=rnd.randint(2, 6))
        for key in keys:
            title, provider = rnd.choice(EXAMPLES[key])
            statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
            status = rnd.choices(statuses, weights)[0]
            start = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randint(0, 600))
            activity = Activity.objects.create(
                district=district,
                municipality=municipality,
                category=categories[key],
                title=title,
                status=status,
                provider_kind=provider,
                volunteers=rnd.randint(2, 25) if provider == ProviderKind.VOLUNTEERS else None,
                start_date=start if status != ActivityStatus.PLANNED else None,
                last_confirmed=datetime.date(2026, 9, 1),
                is_example=True,
                target_groups=",refugees,",
            )
            _backdate(activity, now - datetime.timedelta(days=rnd.randint(90, 400)))
            created += 1
    yield _("Example activities (Beispieldaten): %(n)d in Landkreis Rotenburg (Wümme)") % {
        "n": created
    }
