"""Idempotent mail: a task run again (its worker died and another took it over, core/leases.py)
sends no message twice.

Each message has a key (core/mailing.py: `<campaign>:<mailing>:<row>`, one mailing being one
sending of links or of reminders; a single mail sent by a task, e.g. one questionnaire link:
`task:<first run of the task>:<model>:<row>`). Before the mail goes to the server the key is
stored as "sending" in its own committed transaction (the unique key decides between two
runs), and set to "sent" (or "failed" when the server refused it) after. A run that finds its
key
- "sent" or "failed": does not send, and reports what happened the first time;
- "sending": the worker died between the two writes, perhaps after the server took the mail,
  perhaps before. It is not sent again but marked "uncertain", which the office sees on the
  row. That is the trade-off: at most once for the one message in flight at the crash (the
  office decides whether to send it again), never twice for any message."""

import contextvars
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from teilhabe.core.models import MessageState, SentMessage

# The first run's id of the task the worker is running now (set by core/worker.py; the same
# for a run queued again after a take-over): a mail a task sends outside a mailing is keyed
# by it and its row, so a run taken over sends none of them twice.
current_task: contextvars.ContextVar[str | None] = contextvars.ContextVar("task", default=None)


def _set(key: str, state: str) -> None:
    SentMessage.objects.filter(key=key).update(state=state, updated_at=timezone.now())


def claim(key: str) -> str | None:
    """Store `key` as "sending" (committed); None if that is new, else the state it had
    (a "sending" one becomes "uncertain")."""
    now = timezone.now()
    try:
        with transaction.atomic():
            SentMessage.objects.create(
                key=key, state=MessageState.SENDING, created_at=now, updated_at=now
            )
            return None
    except IntegrityError:
        pass
    found = SentMessage.objects.get(key=key).state
    if found == MessageState.SENDING:
        _set(key, MessageState.UNCERTAIN)
        return MessageState.UNCERTAIN
    return found


def send_once(
    key: str,
    send: Callable[[], None],
    refused: tuple[type[Exception], ...],
    on_sent: Callable[[], None],
    on_refused: Callable[[Exception], None],
) -> str:
    """Call `send` unless the key was used; what it recorded (`on_sent`, or `on_refused` when
    `send` raised one of `refused`) commits together with the key's new state. Returns "sent",
    "failed", or without sending the state found ("sent", "failed", "uncertain").
    Call it outside a transaction (as the task worker does): else "sending" commits only
    with the caller's transaction, and a crash loses the key with the mail possibly sent."""
    found = claim(key)
    if found is not None:
        return found
    try:
        send()
    except refused as error:
        with transaction.atomic():
            on_refused(error)
            _set(key, MessageState.FAILED)
        return MessageState.FAILED
    with transaction.atomic():
        on_sent()
        _set(key, MessageState.SENT)
    return MessageState.SENT
