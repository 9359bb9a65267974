"""The roles a membership gives. They live here because `Scope` (core/scoping.py) decides
what each may see and do; accounts stores them (and exports `Role` as before)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Municipal editor")
    VIEWER = "viewer", _("Viewer")
    ADMINISTRATOR = "administrator", _("Administrator")
