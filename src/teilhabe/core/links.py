"""Secret links and tokens: the secret exists in clear only once, when it is made; the
database keeps its SHA-256 hash. Used by questionnaire links, event invitations, calendar feeds
and API tokens."""

import datetime
import hashlib
import secrets
from typing import Protocol

from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SecretLink:
    """For models with a `token_hash` field: `new_token()` sets a fresh secret and returns it."""

    token_hash: str | None  # NULL allowed where a row may be without a link (accounts.Invitation)

    def new_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token


class LinkInvalid(Exception):
    """The link is unknown, revoked, or no longer valid (its wave has closed, its event is
    cancelled or long past). Every such link gets the same page, so nothing leaks."""


class PersonalLink(Protocol):
    """A saved model with `token_hash` and `revoked_at`: a questionnaire or event invitation."""

    revoked_at: datetime.datetime | None

    def new_token(self) -> str: ...
    def save(self, *, update_fields: list[str]) -> None: ...


def revoke(link: PersonalLink) -> None:
    """The link stops working at once; what was answered through it is kept."""
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])


def renew(link: PersonalLink) -> str:
    """A new link replaces the old one, which stops working at once (a revoked link works
    again under its new secret). Returns the new secret in clear."""
    token = link.new_token()
    link.revoked_at = None
    link.save(update_fields=["token_hash", "revoked_at"])
    return token
