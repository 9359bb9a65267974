"""Writes of the questionnaires: import, waves with personal links, answers and submission."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core.errors import require_version
from teilhabe.core.links import LinkInvalid, hash_token
from teilhabe.regions.models import District, Municipality
from teilhabe.surveys import builder, repeats, review, runtime, tasks
from teilhabe.surveys.models import (
    Answer,
    Invitation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Wave,
)
from teilhabe.surveys.xlsform import (
    UNANSWERED_TYPES,
    Form,
    Question,
    form_to_dict,
    read_xlsform,
)


@transaction.atomic
def import_questionnaire(
    district: District, data: bytes, filename: str, attachments: dict[str, bytes] | None = None
) -> QuestionnaireVersion:
    """Read an XLSForm (raises XLSFormError, nothing stored) and store it as version 1.
    `attachments` are the CSV files its select_*_from_file questions name; their choices are
    stored with the form."""
    return create_questionnaire(district, read_xlsform(data, filename, attachments))


@transaction.atomic
def create_questionnaire(district: District, form: Form) -> QuestionnaireVersion:
    questionnaire = Questionnaire.objects.create(district=district, title=form.title)
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=1, form=form_to_dict(form)
    )


@transaction.atomic
def save_version(questionnaire: Questionnaire, form: Form) -> QuestionnaireVersion:
    """Edits change the latest version while no wave uses it, and start a new one after."""
    latest = questionnaire.latest_version()
    if latest is not None and not latest.frozen:
        latest.form = form_to_dict(form)
        latest.save(update_fields=["form"])
        return latest
    number = latest.number + 1 if latest else 1
    return QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, form=form_to_dict(form)
    )


def change_question(
    questionnaire: Questionnaire,
    form: Form,
    section: int,
    old: Question | None,
    data: dict[str, Any] | None,
) -> QuestionnaireVersion:
    """Add (no `old`), change or remove (no `data`) one question of a section of the latest
    version's `form`, from the question form's data. Raises ValueError or XLSFormError, with
    nothing stored, when the result would not read as a form."""
    new = builder.question_from(data, old) if data is not None else None
    changed = builder.checked(builder.replace(form, section, old.name if old else None, new))
    return save_version(questionnaire, changed)


@transaction.atomic
def create_wave(
    version: QuestionnaireVersion,
    name: str,
    opens: datetime.date,
    closes: datetime.date,
    municipalities: Iterable[Municipality],
) -> tuple[Wave, dict[int, str]]:
    """A wave with one invitation per municipality. Returns the clear tokens by municipality
    id: the only moment they exist outside the recipient's e-mail."""
    wave = Wave.objects.create(
        version=version,
        district=version.questionnaire.district,
        name=name,
        opens=opens,
        closes=closes,
    )
    tokens = {}
    _form, items = runtime.compile_form(version.form)
    initial = runtime.initial_answers(items)  # the questions' defaults
    initial |= {k: v for k, v in runtime.calculated(items, initial).items() if v is not None}
    for municipality in municipalities:
        invitation = Invitation(wave=wave, municipality=municipality)
        tokens[municipality.pk] = invitation.new_token()
        invitation.save()
        response = Response.objects.create(invitation=invitation)
        Answer.objects.bulk_create(
            Answer(response=response, question=name, value=value) for name, value in initial.items()
        )
    return wave, tokens


@transaction.atomic
def send_link(invitation: Invitation, email: str, base_url: str) -> None:
    """Store the address and send the personal link in the background, as a reminder when one
    was sent before. The task makes a new link, so the previous one stops working."""
    invitation.email = email
    invitation.save(update_fields=["email"])
    tasks.send_link.enqueue(invitation.pk, base_url, invitation.sent_at is not None)


def invitation_for(token: str, today: datetime.date | None = None) -> Invitation:
    today = today or timezone.localdate()
    invitation = (
        Invitation.objects.select_related("wave__version", "municipality", "response")
        # The form (tens of kilobytes of JSON) is compiled once per process and version
        # (runtime.compile_version); it is read only when that cache misses.
        .defer("wave__version__form")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or invitation.revoked_at or today > invitation.wave.closes:
        raise LinkInvalid
    return invitation


class ResponseLocked(Exception):
    """Submitted responses take no more answers until the coordinator reopens them."""


@transaction.atomic
def save_answer(
    response: Response, question: str, raw: Any, expected_version: int | None
) -> Answer:
    """Save one answer as it is given. `expected_version` is the version the browser showed;
    if someone else saved this answer in between, the save is refused (EditConflict)."""
    # The wave's version never changes; the caller loaded it with the link or the response.
    _form, items = runtime.compile_version(response.invitation.wave.version)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise ResponseLocked
    if (key := repeats.parse_key(question)) is not None:
        return _save_in_instance(response, items, key, raw)
    item = next((i for i in items if i.question.name == question and not i.repeat), None)
    if item is None or item.question.type in UNANSWERED_TYPES:
        raise runtime.InvalidAnswer("unknown question")
    value = runtime.coerce(item.question, raw)
    if item.question.read_only:
        current = response.answers.filter(question=question).first()
        if value != (current.value if current else None):
            raise runtime.InvalidAnswer(_("This answer is preset and cannot be changed."))
    answer, created = Answer.objects.get_or_create(
        response=response, question=question, defaults={"value": value}
    )
    if not created:
        require_version(answer, expected_version)
        if answer.value != value:
            answer.value = value
            answer.version += 1
            answer.save(update_fields=["value", "version", "updated_at"])
    if response.status == ResponseStatus.OPEN:
        response.status = ResponseStatus.IN_PROGRESS
        response.save(update_fields=["status"])
    store_calculated(response, items)
    return answer


def _save_in_instance(
    response: Response, items: tuple[runtime.Item, ...], key: repeats.Key, raw: Any
) -> Answer:
    """Save one answer in an instance of a repeat (the response is locked by the caller).
    An instance that repeat_count asks for is created with its first answer; any other must
    have been added. Two people editing one repeat: the later save of a field wins."""
    item = next(
        (i for i in items if i.repeat == key.repeat and i.question.name == key.question), None
    )
    if item is None or item.question.type in UNANSWERED_TYPES:
        raise runtime.InvalidAnswer("unknown question")
    value = runtime.coerce(item.question, raw)
    row, _created = Answer.objects.get_or_create(
        response=response, question=key.repeat, defaults={"value": []}
    )
    stored = stored_answers(response)
    shown = runtime.instances_shown(items, key.repeat, stored, runtime.answers_of(items, stored))
    instance = next((i for i in shown if i[repeats.ID] == key.instance), None)
    if instance is None:
        raise runtime.InvalidAnswer(_("This entry has been removed in the meantime."))
    if item.question.read_only and value != instance.get(key.question):
        raise runtime.InvalidAnswer(_("This answer is preset and cannot be changed."))
    if instance.get(key.question) != value:
        instance[key.question] = value
        row.value = shown
        row.version += 1
        row.save(update_fields=["value", "version", "updated_at"])
    if response.status == ResponseStatus.OPEN:
        response.status = ResponseStatus.IN_PROGRESS
        response.save(update_fields=["status"])
    store_calculated(response, items)
    return row


@transaction.atomic
def add_instance(response: Response, repeat: str) -> int:
    """Add an empty instance at the end of a repeat without repeat_count; its id."""
    _form, items = runtime.compile_version(response.invitation.wave.version)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise ResponseLocked
    section = next((i.section for i in items if i.repeat == repeat), None)
    if section is None or section.repeat_count:
        raise runtime.InvalidAnswer("not a repeat to add to")
    row, _created = Answer.objects.get_or_create(
        response=response, question=repeat, defaults={"value": []}
    )
    stored = repeats.instances(row.value)
    if len(stored) >= repeats.MAX_INSTANCES:
        raise runtime.InvalidAnswer(_("No more entries can be added."))
    # Every change raises the row's version past the ids given so far, so an id is never
    # given again: a page that still shows a removed instance cannot reach the new one.
    new = max(repeats.next_id(stored), row.version)
    row.value = [*stored, {repeats.ID: new}]
    row.version += 1
    row.save(update_fields=["value", "version", "updated_at"])
    if response.status == ResponseStatus.OPEN:
        response.status = ResponseStatus.IN_PROGRESS
        response.save(update_fields=["status"])
    return new


@transaction.atomic
def remove_instance(response: Response, repeat: str, instance: int) -> None:
    """Remove an instance (and its answers) from a repeat without repeat_count."""
    _form, items = runtime.compile_version(response.invitation.wave.version)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        raise ResponseLocked
    section = next((i.section for i in items if i.repeat == repeat), None)
    row = response.answers.filter(question=repeat).first()
    if section is None or section.repeat_count or row is None:
        return
    row.value = [i for i in repeats.instances(row.value) if i[repeats.ID] != instance]
    row.version += 1
    row.save(update_fields=["value", "version", "updated_at"])
    store_calculated(response, items)


def store_calculated(response: Response, items: tuple[runtime.Item, ...]) -> None:
    """Recompute the calculate questions from the stored answers and store what changed, so
    that results and exports see them as answers (as ODK stores them in the submission)."""
    if not any(item.calculation is not None for item in items):
        return
    stored = {a.question: a for a in response.answers.all()}
    current = {name: answer.value for name, answer in stored.items()}
    for name, value in runtime.calculated(items, current).items():
        answer = stored.get(name)
        if answer is None and value is not None:
            Answer.objects.create(response=response, question=name, value=value)
        elif answer is not None and answer.value != value:
            answer.value = value
            answer.version += 1
            answer.save(update_fields=["value", "version", "updated_at"])


def stored_answers(response: Response) -> dict[str, Any]:
    return dict(response.answers.values_list("question", "value"))


@transaction.atomic
def submit(response: Response, language: str = "de") -> dict[str, str]:
    """Submit when nothing blocks it; otherwise return the problems and change nothing."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    _form, items = runtime.compile_version(response.invitation.wave.version)
    found = runtime.problems(items, stored_answers(response), language)
    if not found:
        from teilhabe.surveys.proposals import propose

        # Answers to questions that no longer apply (the skip logic hid them after they were
        # given) are not part of the submission; in a repeat, the instances repeat_count asks
        # for are, with the answers that apply in each.
        stored = stored_answers(response)
        answers = runtime.answers_of(items, stored)
        kept = runtime.relevant(items, answers)
        for repeat in runtime.repeat_items(items):
            submitted = runtime.applicable_instances(items, repeat, stored, answers)
            Answer.objects.update_or_create(
                response=response, question=repeat, defaults={"value": submitted}
            )
            kept.add(repeat)
        response.answers.exclude(question__in=kept).delete()
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.save(update_fields=["status", "submitted_at"])
        review.submitted(response)
        propose(response)
    return found


def reopen(response: Response) -> None:
    response.status = ResponseStatus.IN_PROGRESS
    response.submitted_at = None
    response.save(update_fields=["status", "submitted_at"])
