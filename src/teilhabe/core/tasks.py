"""Background tasks of core: the shared sending of many mails (see `teilhabe.core.mailing`)."""

from django.tasks import task

from teilhabe.core import mailing


@task
def send_mailing(campaign: str, mailing_id: int, base_url: str) -> str:
    """Send the mails of one mailing of the campaign registered as `campaign`."""
    mailing.run(mailing.Campaign.registry[campaign], mailing_id, base_url)
    return "done"
