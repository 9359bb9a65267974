"""Example directory for `teilhabe up --demo` (Beispieldaten): most example offers public with
the public fields filled, a language café in Zeven with translations into English, Arabic and
Ukrainian, a few more translations, and one public event, so that a newcomer to Teilhabe sees a
living Wegweiser at /03357/."""

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.demo import EXAMPLE_MARK
from teilhabe.directory import services
from teilhabe.events.models import Event, EventKind
from teilhabe.inventory.models import Activity, Category, ProviderKind
from teilhabe.regions.models import District

ZEVEN_ARS = "033575408000"
CAFE = "Sprachcafé im Rathaus Zeven"
CAFE_FIELDS = {
    "description": (
        "Deutsch sprechen üben bei Kaffee und Tee: Ehrenamtliche aus Zeven und Menschen, die "
        "neu hier sind, kommen ins Gespräch. Kinder sind willkommen, es gibt eine Spielecke."
    ),
    "opening_hours": "Jeden Dienstag 15–17 Uhr, nicht in den Schulferien",
    "address": "Am Markt 4, 27404 Zeven",
    "latitude": Decimal("53.29750"),
    "longitude": Decimal("9.27780"),
    "cost": "free",
    "barrier_free": "yes",
    "registration": "none",
    "languages": "Deutsch, Arabisch, Ukrainisch, Englisch",
    "target_groups": ",all,families,",
    "contact_organisation": "Flüchtlingshilfe Zeven e. V.",
    "public_phone": "04281 0000-00",
    "public_email": "sprachcafe@example.org",
    "seeks_volunteers": True,
    "volunteer_tasks": "Mit Gästen ins Gespräch kommen, beim Deutschlernen helfen",
    "volunteer_time": "2 Stunden im Monat",
}
# The café's text in three languages: title, description, opening hours, tasks, time.
CAFE_TRANSLATIONS = {
    "en": (
        "Language café in Zeven town hall",
        "Practise speaking German over coffee and tea: volunteers from Zeven and people who are "
        "new here get talking. Children are welcome, there is a play corner.",
        "Every Tuesday 3–5 pm, not in the school holidays",
        "Talk with guests, help with learning German",
        "2 hours a month",
    ),
    "ar": (
        "مقهى اللغة في بلدية تسيفن",
        "تدرّب على التحدث بالألمانية مع القهوة والشاي: يلتقي متطوعون من تسيفن بأشخاص جدد هنا "
        "ويتحدثون معًا. الأطفال مرحّب بهم، وتوجد زاوية للعب.",
        "كل يوم ثلاثاء من الساعة 3 إلى 5 بعد الظهر، ما عدا العطل المدرسية",
        "التحدث مع الضيوف والمساعدة في تعلّم الألمانية",
        "ساعتان في الشهر",
    ),
    "uk": (
        "Мовне кафе в ратуші Цефена",
        "Практикуйте німецьку за кавою та чаєм: волонтери з Цефена та люди, які нещодавно "
        "сюди приїхали, спілкуються разом. Діти – бажані гості, є куточок для ігор.",
        "Щовівторка з 15 до 17 години, крім шкільних канікул",
        "Спілкуватися з гостями, допомагати вивчати німецьку",
        "2 години на місяць",
    ),
}
# Titles of inventory/demo.py whose offers get English, Arabic and Ukrainian titles.
TITLES = {
    "Job-Café": {"en": "Job café", "ar": "مقهى العمل", "uk": "Кафе з питань роботи"},
    "Hausaufgabenhilfe": {
        "en": "Homework help",
        "ar": "المساعدة في الواجبات المدرسية",
        "uk": "Допомога з домашніми завданнями",
    },
    "Fahrradwerkstatt": {
        "en": "Bicycle workshop",
        "ar": "ورشة الدراجات",
        "uk": "Велосипедна майстерня",
    },
}
# Opening hours of the example offers, with their English, Arabic and Ukrainian wording.
HOURS = {
    "Montags 10–12 Uhr": {
        "en": "Mondays 10 am – 12 noon",
        "ar": "أيام الاثنين من 10 إلى 12 ظهرًا",
        "uk": "Щопонеділка з 10 до 12 години",
    },
    "Jeden Mittwoch 16–18 Uhr": {
        "en": "Every Wednesday 4–6 pm",
        "ar": "كل يوم أربعاء من 4 إلى 6 مساءً",
        "uk": "Щосереди з 16 до 18 години",
    },
    "Donnerstags 14–17 Uhr, nach Absprache": {
        "en": "Thursdays 2–5 pm, by arrangement",
        "ar": "أيام الخميس من 2 إلى 5 بعد الظهر، بموعد مسبق",
        "uk": "Щочетверга з 14 до 17 години, за домовленістю",
    },
    "Samstags 10–13 Uhr": {
        "en": "Saturdays 10 am – 1 pm",
        "ar": "أيام السبت من 10 صباحًا إلى 1 ظهرًا",
        "uk": "Щосуботи з 10 до 13 години",
    },
}


def _public_fields(activity: Activity, rnd: random.Random, today: datetime.date) -> None:
    place = activity.municipality.seat_name if activity.municipality else "Rotenburg (Wümme)"
    activity.public = True
    activity.address = f"Rathaus {place}"
    activity.opening_hours = rnd.choice(sorted(HOURS))
    activity.cost = rnd.choice(["free", "free", "fee", ""])
    activity.barrier_free = rnd.choice(["yes", "partly", "no", ""])
    activity.registration = rnd.choice(["none", "required", ""])
    activity.languages = rnd.choice(["Deutsch", "Deutsch, Englisch", "Deutsch, Arabisch", ""])
    activity.contact_organisation = activity.contact_organisation or f"Gemeinde {place}"
    activity.public_email = "wegweiser@example.org"
    activity.seeks_volunteers = activity.provider_kind == ProviderKind.VOLUNTEERS
    activity.last_confirmed = today - datetime.timedelta(days=rnd.randint(5, 300))


def _cafe(district: District, today: datetime.date) -> Activity:
    zeven = district.municipalities.get(ars=ZEVEN_ARS)
    cafe = Activity.objects.filter(district=district, municipality=zeven, title=CAFE).first()
    cafe = cafe or Activity(
        district=district,
        municipality=zeven,
        category=Category.objects.get(district=district, key="language"),
        title=CAFE,
        provider_kind=ProviderKind.VOLUNTEERS,
        status="active",
        is_example=True,
    )
    for name, value in CAFE_FIELDS.items():
        setattr(cafe, name, value)
    cafe.public, cafe.last_confirmed = True, today - datetime.timedelta(days=12)
    cafe.save()
    names = ("title", "description", "opening_hours", "volunteer_tasks", "volunteer_time")
    for language, values in CAFE_TRANSLATIONS.items():
        services.save_translation(cafe, language, dict(zip(names, values, strict=True)), None)
    return cafe


def example_directory() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Event.objects.filter(district=district, public=True).exists():
        return
    rnd = random.Random(18)
    today = timezone.localdate()
    examples = list(
        Activity.objects.filter(
            district=district, is_example=True, status__in=["active", "starting"]
        )
        .select_related("municipality")
        .order_by("pk")
    )
    for activity in examples:
        if rnd.random() < 0.85:
            _public_fields(activity, rnd, today)
            activity.save()
    cafe = _cafe(district, today)
    translated = 3
    for activity in examples:
        if activity.public and activity.title in TITLES:
            for language, title in TITLES[activity.title].items():
                hours = HOURS[activity.opening_hours][language]
                values = {"title": title, "opening_hours": hours}
                services.save_translation(activity, language, values, None)
            translated += 1
    Event.objects.create(
        district=district,
        kind=EventKind.NETWORK_MEETING,
        title=f"Sommerfest des Sprachcafés ({EXAMPLE_MARK})",
        date=today + datetime.timedelta(days=14),
        start_time=datetime.time(16, 0),
        end_time=datetime.time(19, 0),
        place="Rathaus Zeven, Am Markt 4, 27404 Zeven",
        public=True,
        activity=cafe,
    )
    public = Activity.objects.filter(district=district, public=True).count()
    yield _(
        "Example public directory (%(mark)s): %(public)d public offers, %(translated)d of them "
        "translated into English, Arabic and Ukrainian, one public event"
    ) % {"mark": EXAMPLE_MARK, "public": public, "translated": translated}
