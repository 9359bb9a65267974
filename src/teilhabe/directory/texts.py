"""An offer's translatable text: which fields, their fingerprint, the state of a translation,
and the text a visitor reads in their language."""

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from teilhabe.directory.languages import GERMAN
from teilhabe.directory.models import OfferTranslation
from teilhabe.inventory.models import Activity

# The German fields a translation carries, in the order of the translation form.
FIELDS = (
    "title",
    "description",
    "opening_hours",
    "cost_note",
    "volunteer_tasks",
    "volunteer_time",
)


def source_hash(activity: Activity) -> str:
    """A fingerprint of the German text: a translation made from another text is outdated."""
    text = json.dumps([getattr(activity, name) for name in FIELDS], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class State(StrEnum):
    MISSING = "missing"
    CURRENT = "current"
    OUTDATED = "outdated"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    State.MISSING: _("missing"),
    State.CURRENT: _("up to date"),
    State.OUTDATED: _("outdated"),
}


def state(activity: Activity, translation: OfferTranslation | None) -> State:
    if translation is None:
        return State.MISSING
    if translation.source_hash == source_hash(activity):
        return State.CURRENT
    return State.OUTDATED


@dataclass(frozen=True)
class Text:
    """What a visitor reads: the translation where it is up to date, else the German text."""

    title: str
    description: str
    opening_hours: str
    cost_note: str
    volunteer_tasks: str
    volunteer_time: str
    language: str  # the language of these texts
    state: State | None  # of the visitor's language; None for German

    @property
    def fallback(self) -> bool:
        """German is shown to a visitor of another language."""
        return self.state is not None and self.state is not State.CURRENT


def text(activity: Activity, language: str, translation: OfferTranslation | None) -> Text:
    if language == GERMAN:
        return Text(
            **{name: getattr(activity, name) for name in FIELDS}, language=GERMAN, state=None
        )
    found = state(activity, translation)
    source = translation if found is State.CURRENT and translation else activity
    shown = language if source is translation else GERMAN
    return Text(**{name: getattr(source, name) for name in FIELDS}, language=shown, state=found)
