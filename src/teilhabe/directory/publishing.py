"""The district's side of the Wegweiser (login): the overview with the translation report per
language and the offers that dropped out for want of a confirmation, one language's offers
with their translation state, translating an offer, confirming it with one click, and the
coordinators' legal texts."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teilhabe.core.errors import EditConflict
from teilhabe.core.scoping import Scope, require, scope_of
from teilhabe.directory import queries, services, texts
from teilhabe.directory.forms import ConfirmForm, TextsForm, TranslationForm
from teilhabe.directory.languages import Language, translation_languages
from teilhabe.directory.models import DistrictDirectory, OfferTranslation
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import District

SOON_DAYS = 30  # offers that drop out within this many days are listed as due


def _may_edit(scope: Scope, activity: Activity) -> bool:
    if activity.municipality is not None:
        return scope.can_edit_municipality(activity.municipality)
    return scope.can_manage_district(activity.district)


def _activity(request: HttpRequest, pk: int) -> Activity:
    related = Activity.objects.select_related("district", "municipality", "category")
    activity = scope_of(request).get(related, pk=pk)
    require(_may_edit(scope_of(request), activity))
    return activity


def _language(code: str) -> Language:
    found = [lang for lang in translation_languages() if lang.code == code]
    if not found:
        raise Http404
    return found[0]


@dataclass(frozen=True)
class LanguageRow:
    language: Language
    current: int
    outdated: int
    missing: int


def _public(district: District) -> list[Activity]:
    """The offers the report counts: those the directory shows today."""
    return list(queries.visible(district).select_related("municipality").order_by("title", "pk"))


def _states(district: District, offers: list[Activity]) -> dict[tuple[int, str], texts.State]:
    rows = OfferTranslation.objects.filter(activity__district=district)
    found = {
        (t.activity_id, t.language): t for t in rows.only("activity", "language", "source_hash")
    }
    return {
        (a.pk, lang.code): texts.state(a, found.get((a.pk, lang.code)))
        for a in offers
        for lang in translation_languages()
    }


def _due(district: District, scope: Scope) -> list[tuple[Activity, datetime.date]]:
    """Public offers of the user's municipalities that have dropped out or soon will, with the
    day they drop (or dropped) out."""
    today = timezone.localdate()
    cutoff = queries.confirmed_since(today + datetime.timedelta(days=SOON_DAYS))
    candidates = (
        Activity.objects.filter(district=district, public=True, status__in=queries.RUNNING)
        .exclude(last_confirmed__gt=cutoff)
        .select_related("municipality", "district")
        .order_by("last_confirmed", "title")
    )
    due = []
    for activity in candidates:
        if not _may_edit(scope, activity):
            continue
        confirmed = activity.last_confirmed
        until = confirmed.replace(year=confirmed.year + 1) if confirmed else today
        due.append((activity, until))
    return due


@require_http_methods(["GET"])
def overview(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    require(scope.can_contribute(district))
    offers = _public(district)
    states = _states(district, offers)
    report = [
        LanguageRow(
            lang,
            *(
                sum(1 for a in offers if states[(a.pk, lang.code)] is state)
                for state in (texts.State.CURRENT, texts.State.OUTDATED, texts.State.MISSING)
            ),
        )
        for lang in translation_languages()
    ]
    context = {
        "district": district,
        "offers": len(offers),
        "report": report,
        "due": _due(district, scope),
        "today": timezone.localdate(),
        "can_manage": scope.can_manage_district(district),
    }
    return render(request, "directory/publishing/overview.html", context)


@require_http_methods(["GET"])
def language_report(request: HttpRequest, ags: str, lang: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    require(scope.can_contribute(district))
    chosen = _language(lang)
    offers = _public(district)
    states = _states(district, offers)
    rows = [(a, states[(a.pk, chosen.code)], _may_edit(scope, a)) for a in offers]
    order = {texts.State.OUTDATED: 0, texts.State.MISSING: 1, texts.State.CURRENT: 2}
    rows.sort(key=lambda row: order[row[1]])
    context = {"district": district, "language": chosen, "rows": rows}
    return render(request, "directory/publishing/language.html", context)


@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    activity = _activity(request, pk)
    chosen = _language(lang)
    existing = OfferTranslation.objects.filter(activity=activity, language=chosen.code).first()
    form = TranslationForm(
        request.POST or None,
        instance=existing,
        source=activity,
        direction=chosen.direction,
        lang=chosen.code,
    )
    if request.method == "POST" and form.is_valid():
        services.save_translation(activity, chosen.code, form.cleaned_data, request.user)
        messages.success(request, _("The translation has been saved."))
        return redirect("publishing:language", ags=activity.district.ags, lang=chosen.code)
    context = {
        "activity": activity,
        "district": activity.district,
        "language": chosen,
        "form": form,
        "state": texts.state(activity, existing),
    }
    return render(request, "directory/publishing/translate.html", context)


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The confirmation could not be read. Please try again."))
    else:
        try:
            services.confirm_offer(activity.pk, form.cleaned_data["version"])
        except EditConflict:
            messages.error(
                request,
                _("Someone else changed this offer meanwhile. Please check it and confirm again."),
            )
        else:
            messages.success(
                request, _("“%(title)s” has been confirmed as current.") % {"title": activity.title}
            )
    return redirect("publishing:overview", ags=activity.district.ags)


@require_http_methods(["GET", "POST"])
def texts_edit(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    require(scope.can_manage_district(district))
    record = DistrictDirectory.objects.filter(district=district).first()
    form = TextsForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.save_texts(district, form.cleaned_data)
        messages.success(request, _("The texts of the public directory have been saved."))
        return redirect("publishing:overview", ags=ags)
    return render(request, "directory/publishing/texts.html", {"district": district, "form": form})
