from django import template

from teilhabe.inventory.display import SYMBOLS, status_label

register = template.Library()


@register.filter
def status_symbol(status: str | None) -> str:
    return SYMBOLS.get(status or "", "")


@register.filter
def status_name(status: str | None) -> str:
    return status_label(status)
