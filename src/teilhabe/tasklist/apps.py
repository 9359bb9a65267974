from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasklistConfig(AppConfig):
    name = "teilhabe.tasklist"
    verbose_name = _("My tasks")
