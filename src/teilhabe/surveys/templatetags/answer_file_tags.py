"""The file stored as a question's answer, for the answering page."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def file_of(files: dict[str, Any], name: str) -> Any:
    """The stored file of question `name`, or None (core's get_item would give the name)."""
    return files.get(name)
