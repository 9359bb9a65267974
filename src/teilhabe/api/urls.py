"""/api/v1/: the routes, the OpenAPI document and readable docs. The API answers without a
login redirect (tokens are not sessions); its own authentication returns 401 instead."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path
from django.views.generic import RedirectView

from teilhabe.api import docs
from teilhabe.api.base import make_api
from teilhabe.api.routes import (
    allocation,
    directory,
    inventory,
    network,
    regions,
    reports,
    surveys,
)

api = make_api()
for module in (regions, inventory, surveys, allocation, network, reports, directory):
    api.add_router("/", module.router)

patterns, app_name, namespace = api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern):
        if pattern.name == "api-root":  # /api/v1/ itself: to the readable docs
            pattern.callback = RedirectView.as_view(pattern_name="api:docs")
        pattern.callback = login_not_required(pattern.callback)

patterns.append(path("docs/", docs.docs, name="docs"))
if not any(p.name == "openapi-json" for p in patterns if isinstance(p, URLPattern)):
    raise RuntimeError("the OpenAPI document's URL name changed")
urlpatterns = patterns
