"""Writes of the network. A contact is only ever stored with its consent."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from teilhabe.network.models import Contact, Organisation
from teilhabe.regions.models import District


@transaction.atomic
def create_organisation(district: District, values: dict[str, Any]) -> Organisation:
    organisation = Organisation(district=district, **values)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def save_contact(
    district: District, values: dict[str, Any], contact: Contact | None = None
) -> Contact:
    """Create or change a contact; without a consent date nothing is stored (ValueError)."""
    if not values.get("consent_date") or not values.get("consent_way"):
        raise ValueError("a contact needs a recorded consent")
    contact = contact or Contact(district=district)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def erase(contact: Contact) -> None:
    """Erase on request (Art. 17 GDPR): everything personal goes, the row stays anonymous so
    that counts stay right."""
    contact.name = ""
    contact.role = ""
    contact.email = ""
    contact.phone = ""
    contact.designated = False
    contact.organisation = None
    contact.erased_at = timezone.now()
    contact.save()
    # The history forgets them too: no earlier version keeps what erasure removed.
    contact.history.update(name="", role="", email="", phone="")
    # Their personal event links go with them; the invitations stay, so counts add up.
    contact.event_invitations.update(email="")
    contact.event_invitations.filter(revoked_at=None).update(revoked_at=contact.erased_at)
