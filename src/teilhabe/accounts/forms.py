from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from teilhabe.accounts.models import Role, User
from teilhabe.core.forms import KernFormMixin, model_choice
from teilhabe.regions.models import District, Municipality


class LoginForm(KernFormMixin, AuthenticationForm):
    """Django's login form with messages a coordinator understands."""

    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Please check both; the password is "
            "case-sensitive."
        ),
        "inactive": _("This account is deactivated. Please contact your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")


class RoleForm(KernFormMixin, forms.Form):
    """A role in one district; municipal editors also name their municipality."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", ""), *Role.choices])
    municipality: forms.ModelChoiceField[Municipality] = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        help_text=_("Only for the role “municipal editor”: the municipality they edit."),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "municipality").queryset = district.municipalities.order_by("name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("role") == Role.EDITOR and not data.get("municipality"):
            self.add_error("municipality", _("Please choose the municipality they edit."))
        if data.get("role") != Role.EDITOR:
            data["municipality"] = None
        return data


class InviteForm(RoleForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The person receives a link to accept the role, valid for 7 days. If they have no "
            "account yet, they choose their own password."
        ),
    )
    field_order = ["email", "role", "municipality"]


class NewAccountForm(KernFormMixin, forms.Form):
    """What an invited person without an account chooses for themselves."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("You log in with it. Letters, digits and @ . + - _ only."),
        error_messages={"invalid": _("Please use only letters, digits and @ . + - _.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ResetRequestForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address of your account"), max_length=254)


class KernSetPasswordForm(KernFormMixin, SetPasswordForm[User]):
    pass


class KernPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    pass
