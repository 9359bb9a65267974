"""Login against the district's directory (LDAP / Active Directory), when it is configured.

The directory only says who someone is. What they may do is given in Teilhabe (memberships), so
a directory user's first login creates an account without any role. settings.py reads the
TEILHABE_LDAP_* variables; this module holds the rules that django-auth-ldap does not have:

- A directory entry never takes over a local account. Accounts created from the directory carry
  a local password that is unusable and marked as theirs; any other account with the same name
  (own password, password disabled, several accounts differing in case) is refused here and
  left to Django's ModelBackend with its local password.
- A deactivated account cannot log in through the directory, nor stay logged in.
- The lockout counts a name the way the directory matches it, without regard to case.
"""

from dataclasses import dataclass
from typing import Any

import ldap
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.crypto import get_random_string
from django_auth_ldap.backend import LDAPBackend, populate_user

from teilhabe.accounts.models import User
from teilhabe.core.models import declared_field

# Django treats every password starting with "!" as unusable (no login, no reset mail); the
# rest of the prefix tells the accounts created from the directory from all others.
DIRECTORY_PASSWORD_PREFIX = "!directory$"


def setting(name: str) -> Any:
    """A setting the type checker cannot see: settings.py adds the AUTH_LDAP_* settings only
    when TEILHABE_LDAP_URI is set, and django-axes adds its defaults when it is loaded."""
    return getattr(settings, name)


def is_from_directory(user: User) -> bool:
    return user.password.startswith(DIRECTORY_PASSWORD_PREFIX)


def directory_may_log_in(username: str) -> bool:
    """May the directory's user of this name log in? Yes when no local account has the name yet
    (one is created), or when the one that has it came from the directory and is active."""
    accounts = list(User.objects.filter(username__iexact=username.strip())[:2])
    if not accounts:
        return True
    return len(accounts) == 1 and is_from_directory(accounts[0]) and accounts[0].is_active


class DirectoryBackend(LDAPBackend):  # type: ignore[misc]  # django-auth-ldap has no types
    """django-auth-ldap's backend with the rules of this module."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # Decided before asking the directory, so a local login never waits for it.
        if not username or not password or not directory_may_log_in(username):
            return None
        user: User | None = super().authenticate(
            request, username=username, password=password, **kwargs
        )
        return user

    def get_or_build_user(self, username: str, ldap_user: Any) -> tuple[User, bool]:
        # Asked again once the directory accepted the password: an account of that name may
        # have been created in the meantime.
        if not directory_may_log_in(username):
            raise ldap_user.AuthenticationFailed("the name belongs to a local account")
        user = User.objects.filter(username__iexact=username).first()
        if user is not None:
            return user, False
        return User(username=username.lower()), True

    def get_user(self, user_id: int) -> User | None:
        # For the session; ModelBackend too drops inactive users.
        user: User | None = super().get_user(user_id)
        return user if user is not None and user.is_active else None


@receiver(populate_user, sender=DirectoryBackend)
def _take_over_directory_values(sender: type, user: User, ldap_user: Any, **kwargs: Any) -> None:
    """Runs at every directory login just before the account is saved."""
    if user.pk is None:
        user.password = DIRECTORY_PASSWORD_PREFIX + get_random_string(40)
    for field in setting("AUTH_LDAP_USER_ATTR_MAP"):  # a longer directory value would not fit
        limit = declared_field(User, field).max_length
        setattr(user, field, (getattr(user, field) or "")[:limit])


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The user name django-axes counts failures for. The directory finds "anna", "Anna" and
    "ANNA" alike, so they must count as one, or each spelling would get its own attempts."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    name = source.get(setting("AXES_USERNAME_FORM_FIELD"))
    return name.strip().lower() if isinstance(name, str) else name


@dataclass(frozen=True)
class DirectoryEntry:
    dn: str
    first_name: str
    last_name: str
    email: str


def find_in_directory(username: str) -> list[DirectoryEntry]:
    """Search the directory as a login does (service account, user filter), without a password.
    Raises ldap.LDAPError when the directory cannot be reached or refuses the service account."""
    connection = ldap.initialize(setting("AUTH_LDAP_SERVER_URI"), bytes_mode=False)
    for option, value in setting("AUTH_LDAP_CONNECTION_OPTIONS").items():
        connection.set_option(option, value)
    try:
        if setting("AUTH_LDAP_START_TLS"):
            connection.start_tls_s()
        connection.simple_bind_s(setting("AUTH_LDAP_BIND_DN"), setting("AUTH_LDAP_BIND_PASSWORD"))
        search = setting("AUTH_LDAP_USER_SEARCH")
        results = search.execute(connection, {"user": username.strip()})
    finally:
        connection.unbind_s()
    return [_entry(dn, attributes) for dn, attributes in results]


def _entry(dn: str, attributes: dict[str, list[str]]) -> DirectoryEntry:
    """One search result; django-auth-ldap has decoded the values to text."""

    def first(field: str) -> str:
        return attributes.get(setting("AUTH_LDAP_USER_ATTR_MAP")[field], [""])[0]

    return DirectoryEntry(dn, first("first_name"), first("last_name"), first("email"))
