"""Reads of the network for its page and its export."""

from django.db.models import QuerySet

from teilhabe.network.models import Contact
from teilhabe.regions.models import District


def listed_contacts(district: District) -> QuerySet[Contact]:
    """The district's contacts that may be shown (consent recorded, not erased)."""
    return (
        Contact.objects.listed()
        .filter(district=district)
        .select_related("municipality", "organisation")
    )
