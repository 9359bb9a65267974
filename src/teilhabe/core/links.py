"""Secret links and tokens: the secret exists in clear only once, when it is made; the
database keeps its SHA-256 hash. Used by questionnaire links, event invitations, calendar feeds
and API tokens."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SecretLink:
    """For models with a `token_hash` field: `new_token()` sets a fresh secret and returns it."""

    token_hash: str

    def new_token(self) -> str:
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token
