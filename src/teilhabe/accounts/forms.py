from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    """Django's login form with messages a coordinator understands."""

    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Please check both; the password is "
            "case-sensitive."
        ),
        "inactive": _("This account is deactivated. Please contact your administrator."),
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
