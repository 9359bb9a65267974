"""Readable API documentation, rendered on the server from the OpenAPI document (no external
scripts, so it works offline and meets the same accessibility rules as the rest)."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

METHODS = ("get", "post", "patch", "put", "delete")


@login_not_required
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    from teilhabe.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    groups: dict[str, list[dict[str, Any]]] = {}
    for route, operations in schema["paths"].items():
        for method in METHODS:
            op = operations.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            fields = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            groups.setdefault((op.get("tags") or ["API"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": sorted(fields.get("properties", {}).items()),
                    "required": fields.get("required", []),
                    "id": op.get("operationId", ""),
                }
            )
    base = request.build_absolute_uri("/api/v1/districts")
    example = f'curl -H "Authorization: Bearer $TOKEN" {base}'
    context = {"groups": groups, "info": schema["info"], "example": example}
    return render(request, "api/docs.html", context)
