from django.http import HttpRequest

from teilhabe.core.demo import example_data_present
from teilhabe.core.locale import internal_languages
from teilhabe.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the page frame needs on every page: the user's scope, whether the installation
    holds example data, so a banner can say so, and the languages of the language switch."""
    scope = scope_of(request)
    return {
        "scope": scope,
        "example_data": scope.authenticated and example_data_present(),
        "internal_languages": internal_languages(),
    }
