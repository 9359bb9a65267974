"""The API object: authentication (personal tokens or the web session), rate limiting per
token, JSON errors for every bad request, and the OpenAPI description with those errors."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, SessionAuth

from teilhabe.accounts import tokens
from teilhabe.core import ratelimit

ERRORS = {
    "400": "Malformed request (e.g. a body that is not JSON).",
    "401": "No valid token or session.",
    "403": "Visible, but your role may not do this.",
    "404": "Not found, or not in your district.",
    "412": "The object changed since you read it (If-Match / version).",
    "413": "The request body is too large.",
    "422": "Wrong types, unknown fields or values out of range.",
    "429": "Too many requests for this token; wait and retry.",
}


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


def _rate_limit(token_hash: str) -> None:
    """Fixed one-minute window per token, counted in the database across all workers and
    hosts (core/ratelimit.py)."""
    limit = getattr(settings, "TEILHABE_API_RATE_PER_MINUTE", 600)
    if wait := ratelimit.hit(f"api:{token_hash[:24]}", limit):
        raise RateLimited(wait)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = tokens.find(token)
        if record is None:
            return None
        _rate_limit(record.token_hash)
        if record.last_used_at is None or (timezone.now() - record.last_used_at).seconds > 60:
            record.last_used_at = timezone.now()
            record.save(update_fields=["last_used_at"])
        request.user = record.user  # the web's scoping reads request.user
        return record.user


class WebSession(SessionAuth):
    """The logged-in browser session; unsafe methods need the CSRF token as in the web."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


class TeilhabeAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"$ref": "#/components/schemas/Error"}
        schema["components"].setdefault("schemas", {})["Error"] = {
            "type": "object",
            "title": "Error",
            "required": ["detail"],
            "properties": {"detail": {}},
        }
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code, text in ERRORS.items():
                    responses.setdefault(
                        code,
                        {
                            "description": text,
                            "content": {"application/json": {"schema": error}},
                        },
                    )
        return schema


def make_api() -> TeilhabeAPI:
    api = TeilhabeAPI(
        title="Teilhabe API",
        version="1",
        urls_namespace="api",
        docs_url=None,
        openapi_url="/openapi.json",
        auth=[TokenAuth(), WebSession(csrf=True)],
        description="District data of the coordination offices for migration and "
        "participation. Same scoping and permissions as the web application.",
    )

    def error(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    api.add_exception_handler(
        PermissionDenied, lambda r, e: error(r, "Your role may not do this.", 403)
    )
    api.add_exception_handler(
        RequestDataTooBig, lambda r, e: error(r, "The request body is too large.", 413)
    )
    api.add_exception_handler(
        AuthenticationError, lambda r, e: error(r, "No valid token or session.", 401)
    )

    def limited(request: HttpRequest, exc: RateLimited | type[RateLimited]) -> HttpResponse:
        # ninja passes the exception raised (its handler type allows the class as well)
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else 1
        response = error(request, "Too many requests for this token.", 429)
        response["Retry-After"] = str(max(retry_after, 1))
        return response

    api.add_exception_handler(RateLimited, limited)
    return api
