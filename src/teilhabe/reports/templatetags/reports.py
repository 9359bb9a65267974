from typing import Any

from django import template

from teilhabe.core.scoping import scope_of
from teilhabe.regions.models import District
from teilhabe.reports import queries

register = template.Library()


@register.inclusion_tag("reports/_next_due.html", takes_context=True)
def next_reports(context: dict[str, Any], district: District) -> dict[str, Any]:
    """The next report due per committee, with the reminder for coordinators; for the district
    overview, whose view need not know about reports."""
    request = context["request"]
    return {
        "district": district,
        "upcoming": queries.upcoming(district, scope_of(request)),
        "can_manage": scope_of(request).can_manage_district(district),
        "compact": True,
    }
