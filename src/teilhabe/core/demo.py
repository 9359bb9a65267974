"""Example content for `teilhabe up --demo`. Every capability adds its loader here.

Example content is always marked as such (Beispieldaten), so nobody mistakes it for the
district's real data."""

import secrets
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.regions.models import District, Municipality

EXAMPLE_MARK = "Beispieldaten"
EXAMPLE_PREFIX = "beispiel-"


def example_data_present() -> bool:
    """True once `up --demo` has run; every page then carries a banner."""
    return User.objects.filter(username__startswith=EXAMPLE_PREFIX).exists()


def _example_users() -> Iterator[str]:
    """Three example accounts in the first district, one per everyday role."""
    district = District.objects.order_by("pk").first()
    if district is None or example_data_present():
        return
    municipality = (
        Municipality.objects.filter(district=district, name__contains="Zeven").first()
        or district.municipalities.first()
    )
    password = secrets.token_urlsafe(12)
    accounts = [
        ("beispiel-koordination", Role.COORDINATOR, None),
        ("beispiel-kommune", Role.EDITOR, municipality),
        ("beispiel-ausschuss", Role.VIEWER, None),
    ]
    for username, role, where in accounts:
        user = User.objects.create_user(
            username,
            password=password,
            first_name=str(Role(role).label),
            last_name=f"({EXAMPLE_MARK})",
        )
        Membership.objects.create(user=user, role=role, district=district, municipality=where)
    yield _("Example accounts (%(mark)s): %(names)s, password: %(password)s") % {
        "mark": EXAMPLE_MARK,
        "names": ", ".join(a[0] for a in accounts),
        "password": password,
    }


def _loaders() -> list[Callable[[], Iterator[str]]]:
    # Each capability adds its loader here, in the order they build on each other.
    from teilhabe.allocation.demo import example_allocation
    from teilhabe.events.demo import example_events
    from teilhabe.inventory.demo import example_activities
    from teilhabe.peers.demo import example_tandems
    from teilhabe.reports.demo import example_reports
    from teilhabe.surveys.demo import example_waves

    return [
        _example_users,
        example_activities,
        example_allocation,
        example_waves,
        example_events,
        example_tandems,
        example_reports,
    ]


@transaction.atomic
def load_demo() -> list[str]:
    """Run every loader once; loaders skip what they already created."""
    return [line for loader in _loaders() for line in loader()]
