"""Example questionnaire waves for `teilhabe up --demo`: a past, closed wave with submitted
answers and a current one, named as Beispieldaten."""

import datetime
import random
from collections.abc import Iterator
from importlib.resources import files

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.regions.models import District
from teilhabe.surveys import runtime, services
from teilhabe.surveys.models import Questionnaire, Response

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"


def _answer(
    response: Response, items: tuple[runtime.Item, ...], rnd: random.Random, level: float
) -> None:
    """Plausible answers: a field "exists" with probability `level`, details where it does."""
    for item in items:
        q = item.question
        value: str | list[str]  # one choice or text, or the choices of a select_multiple
        if q.name.endswith("_exists"):
            value = "yes" if rnd.random() < level else "no"
        elif q.name.endswith("_since"):
            value = str(rnd.randint(2012, 2025))
        elif q.name.endswith("_volunteers"):
            value = str(rnd.randint(0, 30))
        elif q.name.endswith("_providers"):
            value = rnd.sample([c.name for c in q.choices], k=rnd.randint(1, 2))
        elif q.name == "housing_total":
            value = str(rnd.randint(30, 250))
        else:
            continue
        try:
            services.save_answer(response, q.name, value, None)
        except runtime.InvalidAnswer:
            continue
    # A generator of its own: the offers must not change which answers, and so which
    # municipalities' submissions, the shared one gives afterwards (the browser tests rely on
    # the example data staying as it was).
    _offers(response, items, random.Random(f"offers {response.invitation.municipality.ars}"))


# Offers a municipality lists in the repeat "offers": title and field of action.
OFFERS = [
    ("Sprachcafé im Gemeindehaus", "language"),
    ("Hausaufgabenhilfe", "education"),
    ("Patenschaften für Familien", "orientation"),
    ("Bewerbungstraining", "work"),
    ("Fahrradwerkstatt", "participation"),
]


def _offers(response: Response, items: tuple[runtime.Item, ...], rnd: random.Random) -> None:
    """One to three offers in the repeat of offers, where the questionnaire has it and the
    field of action is one of its choices."""
    its = runtime.repeat_items(items).get("offers", ())
    fields = next((i.question for i in its if i.question.name == "offer_field"), None)
    if fields is None:
        return
    known = {c.name for c in fields.choices}
    for title, field in rnd.sample(OFFERS, k=rnd.randint(1, 3)):
        if field not in known:
            continue
        instance = services.add_instance(response, "offers")
        for question, value in [
            ("offer_title", title),
            ("offer_field", field),
            ("offer_provider", rnd.choice(["association", "volunteer_initiative", "welfare"])),
            ("offer_status", rnd.choice(["active", "active", "planned"])),
            ("offer_target_groups", rnd.sample(["refugees", "families", "women", "youth"], 2)),
        ]:
            services.save_answer(response, f"offers·{instance}·{question}", value, None)


def example_waves() -> Iterator[str]:
    district = District.objects.filter(ags="03357").first()
    if district is None or Questionnaire.objects.filter(district=district).exists():
        return
    rnd = random.Random(2026)
    version = services.import_questionnaire(district, XLSFORM.read_bytes(), XLSFORM.name)
    _form, items = runtime.compile_form(version.form)
    today = timezone.localdate()
    waves = [
        (
            "Frühjahr 2026 (Beispieldaten)",
            datetime.date(2026, 3, 2),
            datetime.date(2026, 4, 30),
            0.45,
            11,
        ),
        (
            "Herbst 2026 (Beispieldaten)",
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=28),
            0.6,
            5,
        ),
    ]
    for name, opens, closes, level, answering in waves:
        wave, _tokens = services.create_wave(
            version, name, opens, closes, district.municipalities.order_by("name")
        )
        invitations = list(wave.invitations.select_related("response", "municipality"))
        for invitation in invitations:
            # A reserved domain (RFC 2606): sending the links in the demo reaches no one.
            invitation.email = f"integration@{slugify(invitation.municipality.name)}.example"
            invitation.save(update_fields=["email"])
        for invitation in rnd.sample(invitations, k=answering):
            _answer(invitation.response, items, rnd, level)
            services.submit(invitation.response)
    yield _("Example questionnaire waves (Beispieldaten): %(n)d") % {"n": len(waves)}
