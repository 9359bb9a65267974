"""`teilhabe manage ldap_check NAME`: is this person found in the directory, and may they log in?

For the engineer who configures the TEILHABE_LDAP_* variables: it connects and searches exactly
as a login does, but needs no password of the person."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User


class Command(BaseCommand):
    help = "Check the directory (LDAP) settings: search for one user name as a login would."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the name the person types at the login")

    def handle(self, *args: object, username: str, **options: object) -> None:
        if not getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
            raise CommandError(_("Login against a directory is off: TEILHABE_LDAP_URI is not set."))
        import ldap

        from teilhabe.accounts.ldap import directory_may_log_in, find_in_directory, setting

        self.stdout.write(_("Directory: %(uri)s") % {"uri": setting("AUTH_LDAP_SERVER_URI")})
        try:
            entries = find_in_directory(username)
        except ldap.LDAPError as error:
            raise CommandError(
                _("The directory could not be searched: %(error)s") % {"error": _describe(error)}
            ) from error
        search = setting("AUTH_LDAP_USER_SEARCH")
        where = {"name": username, "base": search.base_dn, "filter": search.filterstr}
        if not entries:
            raise CommandError(
                _("“%(name)s” was not found in the directory (below %(base)s, filter %(filter)s).")
                % where
            )
        if len(entries) > 1:
            raise CommandError(
                _("The filter finds %(count)d entries for “%(name)s”; a login needs exactly one.")
                % {"count": len(entries), "name": username}
            )
        entry = entries[0]
        self.stdout.write(_("Found: %(dn)s") % {"dn": entry.dn})
        self.stdout.write(
            _("First name: %(first)s · Last name: %(last)s · E-mail: %(email)s")
            % {"first": entry.first_name, "last": entry.last_name, "email": entry.email}
        )
        self.stdout.write(self._local_account(username, directory_may_log_in(username)))

    def _local_account(self, username: str, allowed: bool) -> str:
        account = User.objects.filter(username__iexact=username.strip()).first()
        if account is None:
            return _(
                "There is no account in Teilhabe yet: the first login creates one without a role;"
                " then a district administrator gives it one."
            )
        if allowed:
            return _(
                "The account “%(name)s” was created from the directory: login with its password."
            ) % {"name": account.username}
        if not account.is_active:
            return _("The account “%(name)s” is deactivated in Teilhabe: login is refused.") % {
                "name": account.username
            }
        return _(
            "“%(name)s” is a local account of Teilhabe: it logs in with its own password, never"
            " through the directory."
        ) % {"name": account.username}


def _describe(error: Exception) -> str:
    """python-ldap's errors carry a dict with 'desc' and sometimes 'info'."""
    details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    parts = [details.get("desc", ""), details.get("info", "")]
    return " – ".join(p for p in parts if p) or str(error)
