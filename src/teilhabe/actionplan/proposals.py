"""Changing the proposals of a workshop before its vote: edit, withdraw, merge.

All three are possible only until the vote opens: from then on the participants give points to
the proposals as they read them, so a proposal must stay what it was when they voted (and no
points have to be moved between proposals)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.actionplan.models import Priority, Proposal
from teilhabe.events.models import Event


def _before_the_vote(event_id: int) -> Event:
    """The workshop, locked, or a refusal once its vote has opened."""
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.vote_opened_at is not None:
        raise ValidationError(
            _(
                "The vote has begun: proposals can no longer be changed, merged or withdrawn. "
                "Nothing has been changed."
            )
        )
    return event


@transaction.atomic
def edit_proposal(proposal_id: int, values: Mapping[str, Any]) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
    _before_the_vote(proposal.event_id)
    for name, value in values.items():
        setattr(proposal, name, value)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def withdraw_proposal(proposal_id: int) -> None:
    """Take a proposal back; a priority adopted from it stays in the action plan."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
    _before_the_vote(proposal.event_id)
    proposal.delete()


@transaction.atomic
def merge_proposals(keep_id: int, other_id: int) -> Proposal:
    """Merge `other` into `keep` (two proposals that say the same): `keep` takes the other's
    title and description into its own description, and a priority adopted from `other` if it
    has none; `other` is removed. Both must belong to the same workshop."""
    keep, other = (
        Proposal.objects.select_for_update().select_related("event").get(pk=pk)
        for pk in (keep_id, other_id)
    )
    if keep.pk == other.pk:
        raise ValidationError(_("A proposal cannot be merged with itself."))
    if keep.event_id != other.event_id:
        raise ValidationError(
            _(
                "“%(other)s” belongs to another event (%(event)s). Only proposals of the same "
                "workshop can be merged. Nothing has been changed."
            )
            % {"other": other.title, "event": other.event.title}
        )
    _before_the_vote(keep.event_id)
    merged = _("Merged from “%(title)s”") % {"title": other.title}
    if other.description:
        merged = f"{merged}: {other.description}"
    keep.description = f"{keep.description}\n\n{merged}".strip()
    keep.full_clean()
    keep.save(update_fields=["description"])
    adopted = Priority.objects.filter(proposal=other).first()
    if adopted is not None and not Priority.objects.filter(proposal=keep).exists():
        adopted.proposal = keep
        adopted.save(update_fields=["proposal"])
    other.delete()
    return keep
