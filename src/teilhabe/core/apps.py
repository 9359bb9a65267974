from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "teilhabe.core"
    verbose_name = _("Core")
    default = True

    def ready(self) -> None:
        from teilhabe.core.ops import signals  # noqa: F401  # connects the receivers


class InstallationAdminConfig(admin_apps.AdminConfig):
    """Django's admin, reachable only by the installation's superuser (core/admin.py)."""

    default = False
    default_site = "teilhabe.core.admin.InstallationAdminSite"
