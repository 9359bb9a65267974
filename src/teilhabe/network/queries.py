"""Reads of the network for its page and its export."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from teilhabe.engine.sorting import natural_key
from teilhabe.network.models import Contact, Organisation
from teilhabe.regions.models import District, Municipality


def listed_contacts(district: District) -> QuerySet[Contact]:
    """The district's contacts that may be shown (consent recorded, not erased)."""
    return (
        Contact.objects.listed()
        .filter(district=district)
        .select_related("municipality", "organisation")
    )


@dataclass(frozen=True)
class Search:
    """What the network page is narrowed to: a text, an organisation, a municipality."""

    text: str = ""
    organisation: Organisation | None = None
    municipality: Municipality | None = None
    sort: str = "name"  # name | organisation | municipality


def contacts(district: District, search: Search = Search()) -> list[Contact]:
    """The listed contacts matching the search (name, function or organisation contain the
    text), in natural order ("Kontakt 2" before "Kontakt 10"), sorted in Python so SQLite and
    PostgreSQL give the same order."""
    rows = listed_contacts(district)
    if search.text:
        rows = rows.filter(
            Q(name__icontains=search.text)
            | Q(role__icontains=search.text)
            | Q(organisation__name__icontains=search.text)
        )
    if search.organisation is not None:
        rows = rows.filter(organisation=search.organisation)
    if search.municipality is not None:
        rows = rows.filter(municipality=search.municipality)

    def key(c: Contact) -> tuple[object, ...]:
        name = natural_key(c.name)
        organisation = natural_key(c.organisation.name) if c.organisation else None
        place = natural_key(c.municipality.name) if c.municipality else None
        if search.sort == "organisation":
            return (organisation is None, organisation or (), name)
        if search.sort == "municipality":
            return (place is None, place or (), name)
        return (name,)

    return sorted(rows, key=key)


def organisations(district: District, search: Search = Search()) -> list[Organisation]:
    """The district's organisations whose name contains the text, in natural order."""
    rows = Organisation.objects.filter(district=district).select_related("municipality")
    if search.text:
        rows = rows.filter(name__icontains=search.text)
    if search.organisation is not None:
        rows = rows.filter(pk=search.organisation.pk)
    if search.municipality is not None:
        rows = rows.filter(municipality=search.municipality)
    return sorted(rows, key=lambda o: natural_key(o.name))
