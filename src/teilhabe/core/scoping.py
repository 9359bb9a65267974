"""The one place that decides what a user may see and change.

Every view and every query for district data goes through a `Scope`: `scope.filter(queryset)`
narrows any queryset of a model that declares `district_path` (the lookup from the model to its
district's primary key), and the `can_*` methods answer the write questions. Objects outside the
scope are reported as missing (404), so their existence never leaks.

A model may also declare `released_when`, a lookup its rows must match to be seen by every member
of their district (a report: `{"status": "issued"}`); rows that do not match yet are internal to
the district's coordinators, and missing for everyone else.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Manager, Model, Q, QuerySet
from django.http import Http404, HttpRequest

from teilhabe.core.roles import Role

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager  # only in the stubs


class District[M: Model](Protocol):
    """What scoping needs of a district (regions.District; settings.DISTRICT_MODEL), whose
    municipalities are of the model M."""

    @property
    def pk(self) -> Any: ...
    @property
    def municipalities(self) -> "RelatedManager[M]": ...


class Municipality(Protocol):
    """What scoping needs of a municipality (regions.Municipality)."""

    pk: Any
    district_id: int


@dataclass(frozen=True)
class Scope:
    """What one user may read and write, loaded once per request from their memberships."""

    authenticated: bool
    sees_all: bool  # superuser: the installation's administrator
    districts: frozenset[int]  # every district with any membership: may read
    coordinated: frozenset[int]  # districts where the user is a coordinator
    administered: frozenset[int]  # districts where the user is an administrator
    edited: frozenset[int]  # municipalities where the user is a municipal editor
    edited_districts: frozenset[int] = frozenset()  # districts of those municipalities

    @classmethod
    def for_user(cls, user: Any) -> "Scope":
        if not user.is_authenticated or not user.is_active:
            return cls(False, False, frozenset(), frozenset(), frozenset(), frozenset())
        rows = list(user.memberships.values_list("role", "district_id", "municipality_id"))
        return cls(
            authenticated=True,
            sees_all=user.is_superuser,
            districts=frozenset(d for _, d, _ in rows),
            coordinated=frozenset(d for r, d, _ in rows if r == Role.COORDINATOR),
            administered=frozenset(d for r, d, _ in rows if r == Role.ADMINISTRATOR),
            edited=frozenset(m for r, _, m in rows if r == Role.EDITOR and m),
            edited_districts=frozenset(d for r, d, m in rows if r == Role.EDITOR and m),
        )

    # Reading -------------------------------------------------------------------------------
    def filter[M: Model](self, queryset: QuerySet[M] | Manager[M]) -> QuerySet[M]:
        """Narrow any queryset to the districts this user may read."""
        if self.sees_all:
            return queryset if isinstance(queryset, QuerySet) else queryset.all()
        path = queryset.model.district_path  # type: ignore[attr-defined]  # each scoped model's own
        narrowed = queryset.filter(**{f"{path}__in": self.districts})
        released: dict[str, Any] | None = getattr(queryset.model, "released_when", None)
        if released is None:
            return narrowed
        # Internal until released (a report's draft): the district's coordinators see it, every
        # other member of the district sees only the released rows.
        return narrowed.filter(Q(**released) | Q(**{f"{path}__in": self.coordinated}))

    def get[M: Model](self, queryset: QuerySet[M] | Manager[M], **lookup: Any) -> M:
        """Fetch one object in scope or raise 404, whether it is missing or just not visible."""
        try:
            return self.filter(queryset).get(**lookup)
        except ObjectDoesNotExist as exc:  # the model's DoesNotExist: only get() raises here
            raise Http404 from exc

    def district(self, ags: str) -> Any:
        """The district with this key (AGS) if the user may read it, else 404: the lookup at
        the top of every page of a district."""
        return self.get(apps.get_model(settings.DISTRICT_MODEL).objects, ags=ags)

    def can_read_district(self, district_id: int) -> bool:
        return self.sees_all or district_id in self.districts

    # Writing -------------------------------------------------------------------------------
    def can_manage_district(self, district: "District[Any]") -> bool:
        """Coordinators (and the installation's administrator) run their district."""
        return self.sees_all or district.pk in self.coordinated

    def can_edit_municipality(self, municipality: "Municipality") -> bool:
        return (
            self.sees_all
            or municipality.district_id in self.coordinated
            or municipality.pk in self.edited
        )

    def can_contribute(self, district: "District[Any]") -> bool:
        """May record activities somewhere in the district: its coordinators and editors."""
        return self.can_manage_district(district) or district.pk in self.edited_districts

    def editable_municipalities[M: Model](self, district: "District[M]") -> list[M]:
        """The municipalities of a district this user may change, by name."""
        municipalities = district.municipalities.order_by("name")
        if self.can_manage_district(district):
            return list(municipalities)
        return list(municipalities.filter(pk__in=self.edited))

    def can_administer(self, district_id: int | None = None) -> bool:
        if self.sees_all:
            return True
        return bool(self.administered) if district_id is None else district_id in self.administered

    def can_read_audit(self, district_id: int) -> bool:
        """The administration log: the district's administrators and coordinators."""
        return self.sees_all or district_id in self.administered or district_id in self.coordinated


def scope_of(request: HttpRequest) -> Scope:
    """The request's scope, computed once and cached on the request."""
    cached = getattr(request, "_teilhabe_scope", None)
    if cached is None:
        cached = Scope.for_user(request.user)
        request._teilhabe_scope = cached  # type: ignore[attr-defined]  # our cache on the request
    return cached


def require(allowed: bool) -> None:
    """Refuse with 403 when the user can see the object but may not do this to it."""
    if not allowed:
        raise PermissionDenied
