"""Example accounts for `teilhabe up --demo`: one per everyday role, marked as examples."""

import secrets
from collections.abc import Iterator

from django.utils.translation import gettext as _

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.core.demo import EXAMPLE_MARK, example_data_present
from teilhabe.core.installation import Secret
from teilhabe.regions.models import District, Municipality


def example_users() -> Iterator[str]:
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
    yield Secret(
        _("Example accounts (%(mark)s): %(names)s, password: %(password)s")
        % {
            "mark": EXAMPLE_MARK,
            "names": ", ".join(a[0] for a in accounts),
            "password": password,
        }
    )
