from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class AccountsConfig(installation.AppConfig):
    name = "teilhabe.accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from teilhabe.accounts import audit  # noqa: F401  (connects the login signals)

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.accounts.demo import example_users

        return example_users()
