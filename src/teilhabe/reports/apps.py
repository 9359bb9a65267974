from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.core import installation


class ReportsConfig(installation.AppConfig):
    name = "teilhabe.reports"
    verbose_name = _("Status reports")

    def load_example_data(self) -> Iterable[str]:
        from teilhabe.reports.demo import example_reports

        return example_reports()

    def recover_tasks(self) -> Iterable[str]:
        from teilhabe.reports.services import resume_pdfs

        queued, failed = resume_pdfs()
        if queued:
            yield gettext("Report PDFs queued again: %(n)d") % {"n": queued}
        if failed:
            yield gettext("Report PDFs marked failed after repeated interruptions: %(n)d") % {
                "n": failed
            }
