"""The web's scoping, for API routes: objects outside the caller's scope are 404; a service's
validation error is a 422 with the messages as its detail."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja.errors import HttpError

from teilhabe.core.scoping import Scope, scope_of
from teilhabe.regions.models import District, Municipality


def scope(request: HttpRequest) -> Scope:
    return scope_of(request)


def district(request: HttpRequest, ags: str) -> District:
    found: District = scope_of(request).district(ags)  # core's scoping cannot name the model
    return found


def municipality(request: HttpRequest, ars: str) -> Municipality:
    return scope_of(request).get(Municipality.objects.select_related("district"), ars=ars)


def validated(save: Callable[[], Any]) -> Any:
    """Run a service that writes; its ValidationError becomes a 422 like the API's own."""
    try:
        return save()
    except ValidationError as error:
        if hasattr(error, "message_dict"):
            texts = [
                m if field == "__all__" else f"{field}: {m}"
                for field, messages in error.message_dict.items()
                for m in messages
            ]
        else:
            texts = error.messages
        raise HttpError(422, " ".join(texts)) from error
