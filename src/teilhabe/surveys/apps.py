from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class SurveysConfig(installation.AppConfig):
    name = "teilhabe.surveys"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        super().ready()
        from teilhabe.surveys import mailing  # registers the wave's campaign of mails

        assert mailing.CAMPAIGN.name == "surveys"
        # Connects the signal that removes answer files from disk with their rows.
        from teilhabe.surveys import answer_files  # noqa: F401

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.surveys.demo import example_waves

        return example_waves()
