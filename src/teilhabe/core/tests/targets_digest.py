"""Permission-table targets of the digest e-mail: the own settings page, and the signed
unsubscribe link (alice's), which works without login."""

from django.urls import reverse

from teilhabe.core.tests.targets import Target


def _unsubscribe(user) -> list[Target]:
    from teilhabe.accounts.models import User
    from teilhabe.digest.services import unsubscribe_token

    alice = User.objects.get(username="alice")
    return [Target(reverse("digest:unsubscribe", args=[unsubscribe_token(alice)]))]


TARGETS = {
    "digest:settings": lambda u: [Target(reverse("digest:settings"))],
    "digest:unsubscribe": _unsubscribe,
}
