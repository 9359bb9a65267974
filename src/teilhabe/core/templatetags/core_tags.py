from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]` in a template, or the key itself when it is missing."""
    return mapping.get(key, key)


@register.simple_tag
def history_url(record: Any) -> str:
    """The page with every version of `record` (core/history.py), for a link on its page."""
    from teilhabe.core.history import label_of

    return reverse("core:object-history", args=[label_of(type(record)), record.pk])
