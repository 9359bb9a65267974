from django.http import HttpRequest

from teilhabe.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the page frame needs on every page: the user's scope, for the menu."""
    return {"scope": scope_of(request)}
