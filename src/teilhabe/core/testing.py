"""Shared test data: the real districts and one named persona per role.

alice coordinates Rotenburg (Wümme); bob edits Samtgemeinde Zeven; carol is a committee member
(viewer) in Rotenburg; erin administers Rotenburg's users; dave coordinates Landkreis Osterholz,
another district; root is the installation's administrator."""

import functools
import os
from importlib.resources import files

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.regions.models import District, Municipality
from teilhabe.regions.reference import load_rotenburg
from teilhabe.regions.regionlist import DistrictSpec, parse_region_list
from teilhabe.regions.services import import_districts

OSTERHOLZ_AGS = "03356"
ZEVEN_ARS = "033575408000"
SOTTRUM_ARS = "033575406000"


@functools.cache
def national_list() -> bytes:
    return (files("teilhabe.regions") / "data" / "de_gemeinden.csv").read_bytes()


@functools.cache
def district_specs(*kreis: str) -> list[DistrictSpec]:
    return parse_region_list(national_list(), "de_gemeinden.csv", kreis)


def require(available: bool, what: str) -> None:
    """Skip the test (or test module) when something outside Python that it needs is missing,
    such as a server program. With TEILHABE_REQUIRE_SERVICES set, as ./run-tests and so CI set
    it, a missing one fails instead: there the test command has installed everything."""
    import pytest

    if available:
        return
    if os.environ.get("TEILHABE_REQUIRE_SERVICES"):
        pytest.fail(f"{what} is missing, and TEILHABE_REQUIRE_SERVICES is set", pytrace=False)
    pytest.skip(f"{what} is not installed", allow_module_level=True)


def make_rotenburg() -> District:
    load_rotenburg()
    return District.objects.get(ags="03357")


def make_osterholz() -> District:
    import_districts(district_specs(OSTERHOLZ_AGS))
    return District.objects.get(ags=OSTERHOLZ_AGS)


def make_user(
    username: str,
    role: str | None,
    district: District | None = None,
    municipality: Municipality | None = None,
    **extra: object,
) -> User:
    user = User.objects.create_user(username, password=f"{username}-pw-Teilhabe-2026", **extra)
    if role:
        Membership.objects.create(
            user=user, role=role, district=district, municipality=municipality
        )
    return user


def make_personas(rotenburg: District, osterholz: District) -> dict[str, User]:
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    return {
        "alice": make_user("alice", Role.COORDINATOR, rotenburg),
        "bob": make_user("bob", Role.EDITOR, rotenburg, zeven),
        "carol": make_user("carol", Role.VIEWER, rotenburg),
        "erin": make_user("erin", Role.ADMINISTRATOR, rotenburg),
        "dave": make_user("dave", Role.COORDINATOR, osterholz),
        "root": User.objects.create_superuser("root", password="root-pw-Teilhabe-2026"),
    }


def make_activity(district: District, municipality: Municipality | None = None, **values):  # type: ignore[no-untyped-def]
    """An activity through the same service the views use."""
    from teilhabe.inventory.models import Category
    from teilhabe.inventory.services import create_activity

    defaults = {
        "title": "Sprachcafé",
        "category": Category.objects.get(district=district, key="language"),
        "status": "active",
        "provider_kind": "volunteers",
        "municipality": municipality,
    }
    return create_activity(district, {**defaults, **values})


@functools.cache
def default_questionnaire():  # type: ignore[no-untyped-def]
    """The shipped questionnaire, read once per test run."""
    from teilhabe.surveys.xlsform import read_xlsform

    data = (files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx").read_bytes()
    return read_xlsform(data, "bestandsaufnahme.xlsx")
