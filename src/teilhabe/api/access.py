"""The web's scoping, for API routes: objects outside the caller's scope are 404."""

from django.http import HttpRequest

from teilhabe.core.scoping import Scope, scope_of
from teilhabe.regions.models import District, Municipality


def scope(request: HttpRequest) -> Scope:
    return scope_of(request)


def district(request: HttpRequest, ags: str) -> District:
    return scope_of(request).get(District.objects, ags=ags)


def municipality(request: HttpRequest, ars: str) -> Municipality:
    return scope_of(request).get(Municipality.objects.select_related("district"), ars=ars)
