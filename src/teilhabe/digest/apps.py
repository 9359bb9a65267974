from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "teilhabe.digest"
    verbose_name = _("Digest e-mail")

    def ready(self) -> None:
        from teilhabe.digest import schedule

        schedule.DIGESTS.register()
