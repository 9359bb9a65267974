"""The request side of sending many mails, shared by the apps' views: the progress fragment a
page polls, reminder dates added by hand, and bounces recorded by hand. Each app's view finds
and checks its object (scope, permission) and then calls these."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core import mailing
from teilhabe.core.forms import DateField, KernFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReminderDateForm(KernFormMixin, forms.Form):
    on = DateField(label=gettext_lazy("Remind automatically on"), widget=DATE)


class BounceForm(KernFormMixin, forms.Form):
    note = forms.CharField(label=gettext_lazy("What came back"), max_length=300, required=False)


def first_error(form: forms.Form) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), _("Invalid input."))


def progress(request: HttpRequest, found: mailing.Mailing) -> HttpResponse:
    """The progress of one mailing: the fragment a page polls while it runs. When the poll
    finds it done, the page reloads so its table shows each mail's outcome."""
    context = {"mailing": found, "status_url": request.path}
    response = render(request, "includes/_mailing_progress.html", context)
    if request.headers.get("HX-Request") and found.finished_at:
        response["HX-Refresh"] = "true"
    return response


def add_reminder_date(request: HttpRequest, campaign: mailing.Campaign, owner: Any) -> None:
    """Validate the posted date and store it, saying what happened in a message."""
    form = ReminderDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return
    try:
        date = mailing.add_reminder_date(
            campaign, owner, form.cleaned_data["on"], request.build_absolute_uri("/")
        )
    except mailing.MailingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Those who have not answered will be reminded on %(date)s.")
            % {"date": f"{date.on:%d.%m.%Y}"},
        )


def record_bounce(request: HttpRequest, row: mailing.Tracked, name: str) -> None:
    form = BounceForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    mailing.record_bounce(row, note)
    messages.success(
        request, _("The failed delivery to %(name)s has been recorded.") % {"name": name}
    )
