from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "teilhabe.accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from teilhabe.accounts import audit  # noqa: F401  (connects the login signals)
