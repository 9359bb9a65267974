"""The request side of sending many mails, shared by the apps: the sending form, the progress
fragment a page polls, reminder dates added and removed by hand, and bounces recorded by hand.
Each app describes its sending in one `SendingViews` (which object owns the mailings, where its
page is, which form chooses the recipients) and takes the five views from it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from teilhabe.core import mailing
from teilhabe.core.forms import DateField, KernFormMixin
from teilhabe.core.scoping import require, scope_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReminderDateForm(KernFormMixin, forms.Form):
    on = DateField(label=gettext_lazy("Remind automatically on"), widget=DATE)


class BounceForm(KernFormMixin, forms.Form):
    note = forms.CharField(label=gettext_lazy("What came back"), max_length=300, required=False)


def first_error(form: forms.Form) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), _("Invalid input."))


def start(
    request: HttpRequest,
    form: forms.Form,
    send: Callable[[Any, Iterable[Any], str, str, Any], mailing.Mailing],
    owner: Any,
    chosen: str,
    texts: dict[mailing.MailingKind, StrOrPromise],
) -> None:
    """Validate the sending form and start the mailing of `owner` to the recipients chosen in
    the form's field `chosen`, saying in a message what happens. `texts` holds the message for
    each kind (link and reminder), with `%(n)d` for the number of recipients."""
    if not form.is_valid():
        messages.error(request, first_error(form))
        return
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    try:
        started = send(owner, data[chosen], data["kind"], request.build_absolute_uri("/"), user)
    except mailing.MailingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = texts[mailing.MailingKind(started.kind)]
        messages.success(request, str(text) % {"n": started.total})


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


def remove_reminder_date(request: HttpRequest, date: Any) -> None:
    date.delete()
    messages.success(request, _("The reminder date has been removed."))


def record_bounce(request: HttpRequest, row: mailing.Tracked, name: str) -> None:
    form = BounceForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    mailing.record_bounce(row, note)
    messages.success(
        request, _("The failed delivery to %(name)s has been recorded.") % {"name": name}
    )


View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class SendingViews:
    """What one app's sending pages need: the owner of its mailings (a wave, an event, a
    district) found by the URL's key, the owner's district and page, and the form that chooses
    the recipients. Coordinators of the owner's district only."""

    campaign: mailing.Campaign
    owners: "QuerySet[Any]"  # found in the user's scope by the URL's key (pk, or ags)
    district_of: Callable[[Any], Any]
    to_district: str  # the path from a mailing, reminder date or row to the district
    page: Callable[[Any], str]  # the owner's page, where each view returns
    form: Callable[[Any, Any], forms.Form]  # (posted data, owner)
    send: Callable[[Any, Iterable[Any], str, str, Any], mailing.Mailing]
    chosen: str  # the form's field with the recipients
    texts: dict[mailing.MailingKind, StrOrPromise]  # what starts, per kind, with %(n)d
    row_name: Callable[[Any], str] = str
    row_page: Callable[[Any], str] | None = None  # where a bounce returns; else the owner's page

    def owner(self, request: HttpRequest, key: dict[str, Any]) -> Any:
        owner = scope_of(request).get(self.owners, **key)
        require(scope_of(request).can_manage_district(self.district_of(owner)))
        return owner

    def managed(self, request: HttpRequest, model: type[Any], pk: int) -> Any:
        """A mailing, reminder date or row of an owner the user manages, else 403/404."""
        found = scope_of(request).get(
            model._default_manager.select_related(self.to_district), pk=pk
        )
        owner = self.campaign.owner_of(found)
        require(scope_of(request).can_manage_district(self.district_of(owner)))
        return found

    def views(self) -> tuple[View, View, View, View, View]:
        """send, mailing status, reminder add, reminder delete, bounce: in this order."""

        @require_POST
        def send(request: HttpRequest, **key: Any) -> HttpResponse:
            owner = self.owner(request, key)
            form = self.form(request.POST, owner)
            start(request, form, self.send, owner, self.chosen, self.texts)
            return redirect(self.page(owner))

        @require_GET
        def status(request: HttpRequest, pk: int) -> HttpResponse:
            return progress(request, self.managed(request, self.campaign.mailing, pk))

        @require_POST
        def reminder_add(request: HttpRequest, **key: Any) -> HttpResponse:
            owner = self.owner(request, key)
            add_reminder_date(request, self.campaign, owner)
            return redirect(self.page(owner))

        @require_POST
        def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
            date = self.managed(request, self.campaign.reminder_date, pk)
            remove_reminder_date(request, date)
            return redirect(self.page(self.campaign.owner_of(date)))

        @require_POST
        def bounce(request: HttpRequest, pk: int) -> HttpResponse:
            row = self.managed(request, self.campaign.rows().model, pk)
            record_bounce(request, row, self.row_name(row))
            back = self.row_page(row) if self.row_page else self.page(self.campaign.owner_of(row))
            return redirect(back)

        return send, status, reminder_add, reminder_delete, bounce
