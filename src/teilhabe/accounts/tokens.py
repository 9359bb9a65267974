"""Personal API tokens: made, found and revoked here; stored only as a hash."""

import datetime
import secrets

from django.utils import timezone

from teilhabe.accounts.models import ApiToken, User
from teilhabe.core.links import hash_token

PREFIX = "th_"


def create(user: User, name: str, expires_on: datetime.date | None = None) -> tuple[ApiToken, str]:
    """A new token; returns the record and the clear token (its only appearance)."""
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name, prefix=token[:8], token_hash=hash_token(token), expires_on=expires_on
    )
    return record, token


def find(token: str, today: datetime.date | None = None) -> ApiToken | None:
    """The valid token record for a clear token, or None (unknown, revoked, expired, inactive)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    record = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    today = today or timezone.localdate()
    if (
        record is None
        or record.revoked_at is not None
        or (record.expires_on is not None and record.expires_on < today)
        or not record.user.is_active
    ):
        return None
    return record


def revoke(record: ApiToken) -> None:
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
