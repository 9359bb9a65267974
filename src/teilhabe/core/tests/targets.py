"""What the permission table test requests: a URL, the district (and municipality) its object
belongs to, and how. Shared by the target builders of each capability."""

from dataclasses import dataclass, replace

from django.urls import reverse

from teilhabe.core.confirm import CONFIRMED

DISTRICTS = ["03357", "03356"]  # Rotenburg (Wümme), the personas' home, and Osterholz


@dataclass(frozen=True)
class Target:
    url: str
    district: str | None = None  # AGS of the district the object belongs to
    municipality: str | None = None  # ARS of the municipality
    method: str = "get"
    data: dict | None = None
    json: bool = False  # send data as a JSON body (the API)
    internal: bool = False  # not released yet (a draft): Access.DISTRICT_READ_RELEASED


def both_districts(name: str, **kwargs) -> list[Target]:
    return [Target(reverse(name, kwargs={"ags": ags, **kwargs}), district=ags) for ags in DISTRICTS]


def asking_first(targets: list[Target]) -> list[Target]:
    """For an action that asks before it acts: each POST as its button sends it (answered by
    the confirmation page), then confirmed. Both must be refused to whom the rule refuses."""
    confirmed = [replace(t, data={**(t.data or {}), CONFIRMED: "yes"}) for t in targets]
    return [*targets, *confirmed]
