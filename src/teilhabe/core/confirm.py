"""Asking before an action that cannot be undone: one page, no JavaScript.

A view that erases, freezes or invalidates something checks its permissions first and then
calls `ask_first`. As long as the POST does not carry the confirmation field, the answer is a
page that says what will happen and that it cannot be undone; its primary button sends the same
POST again (every field, plus the confirmation) and "Cancel" leads back. A plain form works
without JavaScript and under our Content-Security-Policy, where `onsubmit="confirm(…)"` would
not. The texts of each action are a `Question` next to its view."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

CONFIRMED = "confirmed"  # the field the confirmation page adds to the repeated POST
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMED}  # the page brings its own token


@dataclass(frozen=True)
class Question:
    """What the confirmation page says (lazy translations, filled with `%(name)s` values)."""

    heading: str | Promise  # the question itself, e.g. "Close the period 2026/I?"
    consequence: str | Promise  # what will happen
    action: str | Promise  # the label of the button that does it
    final: bool = True  # False for a step that can be reversed later (then no "cannot be undone")


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def ask_first(
    request: HttpRequest, question: Question, cancel: str, **placeholders: object
) -> HttpResponse | None:
    """The confirmation page, or None once the user has confirmed (then the view acts).

    `cancel` is the URL the page leads back to; `placeholders` fill the `%(name)s` of the texts."""
    if is_confirmed(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_REPEATED
        for value in values
    ]
    context = {
        "heading": str(question.heading) % placeholders,
        "consequence": str(question.consequence) % placeholders,
        "action": str(question.action),
        "final": question.final,
        "cancel": cancel,
        "fields": fields,
        "confirmed_field": CONFIRMED,
    }
    return render(request, "core/confirm.html", context)
