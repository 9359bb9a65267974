"""Template helpers of the public directory: names in the visitor's language, and the panel
that shows an offer's public side on the stock-take's activity page."""

import html
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeData, SafeString, mark_safe

from teilhabe.directory import labels, queries, texts
from teilhabe.directory.languages import SPOKEN_NAMES, Language, translation_languages
from teilhabe.directory.models import OfferTranslation
from teilhabe.inventory.models import Activity, Category

register = template.Library()
CURRENT = ' aria-current="page"'


@register.filter
def field_name(category: Category) -> str:
    return labels.field_of_action(category)


@register.filter
def options(field: BoundField) -> SafeString:
    """The <option>s of a select, the current value selected: written in Python, as a template
    loop over them (or Django's select widget, a template per option) took most of a search's
    time."""
    value = field.value()
    current = "" if value is None else str(value)
    return mark_safe(  # every value and label is escaped, as {{ }} would
        "".join(
            f'<option value="{_escape(code)}"'
            f"{' selected' if str(code) == current else ''}>{_escape(label)}</option>"
            for code, label in field.field.choices  # type: ignore[attr-defined]
        )
    )


@register.filter
def alternate_links(languages: list[tuple[Language, str]]) -> SafeString:
    """The page in every language, for the head of base.html: written in Python, like
    `options` and `language_items`, as the template loops cost a tenth of a search."""
    return mark_safe(  # escaped, as {{ }} would
        "".join(
            f'<link rel="alternate" hreflang="{_escape(other.code)}" href="{_escape(url)}">\n  '
            for other, url in languages
        )
    )


@register.filter
def language_items(languages: list[tuple[Language, str]], current: str) -> SafeString:
    """The language switch's <li>s (base.html)."""
    return mark_safe(  # escaped, as {{ }} would
        "".join(
            f'<li><a href="{_escape(url)}" lang="{_escape(other.code)}" '
            f'hreflang="{_escape(other.code)}" dir="{_escape(other.direction)}"'
            f"{CURRENT if other.code == current else ''}>"
            f"{_escape(other.name)}</a></li>"
            for other, url in languages
        )
    )


def _escape(value: Any) -> str:
    """conditional_escape without its lazy-string machinery (a search escapes hundreds)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


@register.filter
def spoken_names(activity: Activity) -> str:
    """The languages spoken, named in the visitor's language; as typed where none is known."""
    names = [str(SPOKEN_NAMES[c]) for c in activity.spoken_language_list if c in SPOKEN_NAMES]
    return ", ".join(names)


@register.filter
def target_group_names(activity: Activity) -> str:
    found = [
        str(labels.TARGET_GROUPS[c])
        for c in activity.target_group_list
        if c in labels.TARGET_GROUPS
    ]
    return ", ".join(found)


@register.filter
def choice_name(value: str, kind: str) -> str:
    table: dict[str, Any] = {
        "cost": labels.COST,
        "access": labels.ACCESS,
        "registration": labels.REGISTRATION,
    }[kind]
    return str(table[value]) if value in table else ""


@register.inclusion_tag("directory/publishing/_panel.html", takes_context=True)
def public_panel(context: dict[str, Any], activity: Activity, can_edit: bool) -> dict[str, Any]:
    """On the activity page: whether the directory shows the offer (and if not, why), its
    translations' states and the one-click confirmation."""
    rows = {t.language: t for t in OfferTranslation.objects.filter(activity=activity)}
    return {
        "activity": activity,
        "can_edit": can_edit,
        "shown": queries.is_visible(activity),
        "drops_out": queries.confirmed_since(),
        "translations": [
            (lang, texts.state(activity, rows.get(lang.code))) for lang in translation_languages()
        ],
        "request": context.get("request"),
    }
