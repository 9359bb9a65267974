"""The office's review of submitted answers (as ODK Central): received, has questions,
accepted. A question sends the response back to the municipality, which corrects and submits
again; every step stays in the response's review history."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.surveys.models import (
    Response,
    ResponseStatus,
    ReviewNote,
    ReviewNoteKind,
    ReviewState,
)

if TYPE_CHECKING:
    from teilhabe.accounts.models import User


class ReviewRefused(Exception):
    """Nothing was written; the message says why, in the user's language."""


def _name(user: "User | None") -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _locked(response: Response) -> Response:
    found = Response.objects.select_for_update().get(pk=response.pk)
    if found.status != ResponseStatus.SUBMITTED:
        raise ReviewRefused(_("Only submitted answers can be reviewed."))
    return found


@transaction.atomic
def ask(response: Response, text: str, question: str, user: "User | None") -> ReviewNote:
    """A question of the office on a submitted response (on one answer, or on the whole): the
    response goes back to the municipality to correct and submit again."""
    if not text.strip():
        raise ReviewRefused(_("Please write the question."))
    found = _locked(response)
    found.review = ReviewState.QUESTIONS
    found.status = ResponseStatus.IN_PROGRESS
    found.save(update_fields=["review", "status"])
    return ReviewNote.objects.create(
        response=found,
        kind=ReviewNoteKind.QUESTION,
        question=question,
        text=text.strip(),
        author=user,
        author_name=_name(user),
    )


@transaction.atomic
def accept(response: Response, user: "User | None") -> ReviewNote:
    found = _locked(response)
    found.review = ReviewState.ACCEPTED
    found.save(update_fields=["review"])
    return ReviewNote.objects.create(
        response=found, kind=ReviewNoteKind.ACCEPTED, author=user, author_name=_name(user)
    )


def submitted(response: Response) -> None:
    """Called by the submission (inside its transaction): a new submission is received; one
    after a question is recorded as corrected."""
    if response.review == ReviewState.QUESTIONS:
        ReviewNote.objects.create(response=response, kind=ReviewNoteKind.RESUBMITTED)
    response.review = ReviewState.RECEIVED
    response.save(update_fields=["review"])


def open_questions(response: Response) -> list[ReviewNote]:
    """The office's questions since the last submission, for the municipality to answer."""
    if response.review != ReviewState.QUESTIONS:
        return []
    notes = list(response.review_notes.all())
    last = max((i for i, n in enumerate(notes) if n.kind != ReviewNoteKind.QUESTION), default=-1)
    return notes[last + 1 :]
