from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import links
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.forms import EmailForm
from teilhabe.core.scoping import require, scope_of
from teilhabe.core.tabular.download import download
from teilhabe.surveys import answering, builder, exports, matrix, queries, services
from teilhabe.surveys import proposals as inventory_proposals
from teilhabe.surveys.forms import (
    ProposalDecisionForm,
    ReminderDateForm,
    ReviewQuestionForm,
    WaveForm,
    XLSFormUploadForm,
)
from teilhabe.surveys.models import (
    InventoryProposal,
    Invitation,
    ProposalStatus,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Wave,
)
from teilhabe.surveys.xlsform import Form, XLSFormError, form_from_dict, write_xlsform
from teilhabe.surveys.xlsform import Question as FormQuestion


@require_GET
def questionnaire_list(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    context = {
        "district": district,
        "questionnaires": Questionnaire.objects.filter(district=district),
        "waves": Wave.objects.filter(district=district).select_related("version__questionnaire"),
        "can_manage": scope_of(request).can_manage_district(district),
    }
    return render(request, "surveys/questionnaire_list.html", context)


@require_http_methods(["GET", "POST"])
def questionnaire_import(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        attachments = {item.name: item.read() for item in form.cleaned_data["attachments"]}
        try:
            version = services.import_questionnaire(
                district, upload.read(), upload.name, attachments
            )
        except XLSFormError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The questionnaire has been imported."))
            return redirect("surveys:questionnaire-detail", pk=version.questionnaire_id)
    return render(
        request, "surveys/questionnaire_import.html", {"district": district, "form": form}
    )


def _questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    return scope_of(request).get(Questionnaire.objects.select_related("district"), pk=pk)


@require_GET
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    version = questionnaire.latest_version()
    context = {
        "questionnaire": questionnaire,
        "district": questionnaire.district,
        "version": version,
        "form": form_from_dict(version.form) if version else None,
        "waves": Wave.objects.filter(version__questionnaire=questionnaire),
        "can_manage": scope_of(request).can_manage_district(questionnaire.district),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@require_GET
def questionnaire_export(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    version = questionnaire.current_version()
    content = write_xlsform(form_from_dict(version.form))
    return download(content, f"fragebogen-{pk}-v{version.number}.xlsx")


@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    require(scope_of(request).can_manage_district(questionnaire.district))
    form = WaveForm(request.POST or None, district=questionnaire.district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wave, tokens = services.create_wave(
            questionnaire.current_version(),
            data["name"],
            data["opens"],
            data["closes"],
            data["municipalities"],
        )
        links = queries.links(request, wave, tokens)
        return render(request, "surveys/wave_links.html", {"wave": wave, "links": links})
    return render(request, "surveys/wave_form.html", {"questionnaire": questionnaire, "form": form})


def _wave(request: HttpRequest, pk: int) -> Wave:
    related = Wave.objects.select_related("district", "version__questionnaire")
    return scope_of(request).get(related, pk=pk)


@require_GET
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    scope = scope_of(request)
    context = {
        "wave": wave,
        "district": wave.district,
        "status": queries.wave_status(wave),
        "can_manage": scope.can_manage_district(wave.district),
        "editable": {m.pk for m in scope.editable_municipalities(wave.district)},
        "closed": timezone.localdate() > wave.closes,
        "mailing": wave.mailings.first(),
        "reminder_dates": wave.reminder_dates.all(),
        "reminder_form": ReminderDateForm(),
        "repeats": queries.repeat_titles(wave),
    }
    return render(request, "surveys/wave_detail.html", context)


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = scope_of(request).get(
        Invitation.objects.select_related("wave__district", "municipality"), pk=pk
    )
    require(scope_of(request).can_manage_district(invitation.wave.district))
    return invitation


REVOKE = Question(
    gettext_lazy("Revoke the link for %(name)s?"),
    gettext_lazy(
        "The personal link of %(name)s stops working at once. Answers given so far are kept; "
        "to invite the municipality again, create a new link."
    ),
    gettext_lazy("Revoke link"),
)
RENEW = Question(
    gettext_lazy("Create a new link for %(name)s?"),
    gettext_lazy(
        "The current personal link of %(name)s stops working at once; only the new link opens "
        "the questionnaire. Answers given so far are kept."
    ),
    gettext_lazy("Create new link"),
)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    back = reverse("surveys:wave-detail", args=[invitation.wave_id])
    if page := ask_first(request, REVOKE, back, name=invitation.municipality.name):
        return page
    links.revoke(invitation)
    messages.success(
        request,
        _("The link for %(name)s no longer works.") % {"name": invitation.municipality.name},
    )
    return redirect("surveys:wave-detail", pk=invitation.wave_id)


@require_POST
def invitation_renew(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    back = reverse("surveys:wave-detail", args=[invitation.wave_id])
    if page := ask_first(request, RENEW, back, name=invitation.municipality.name):
        return page
    token = links.renew(invitation)
    shown = queries.links(request, invitation.wave, {invitation.municipality_id: token})
    return render(request, "surveys/wave_links.html", {"wave": invitation.wave, "links": shown})


@require_POST
def response_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    response = scope_of(request).get(
        Response.objects.select_related("invitation__wave__district"), pk=pk
    )
    require(scope_of(request).can_manage_district(response.invitation.wave.district))
    services.reopen(response)
    messages.success(request, _("The questionnaire has been reopened."))
    return redirect("surveys:wave-detail", pk=response.invitation.wave_id)


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    accepted_only = request.GET.get("accepted") == "1"
    others = Wave.objects.filter(
        district=wave.district, version__questionnaire=wave.version.questionnaire
    ).exclude(pk=wave.pk)
    context = {
        "wave": wave,
        "district": wave.district,
        "results": queries.results(wave, accepted_only),
        "accepted_only": accepted_only,
        "others": others,
    }
    return render(request, "surveys/results.html", context)


@require_GET
def results_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """The compact matrix municipality × question, with shares and sums."""
    wave = _wave(request, pk)
    accepted_only = request.GET.get("accepted") == "1"
    context = {
        "wave": wave,
        "district": wave.district,
        "matrix": matrix.matrix(wave, accepted_only),
        "accepted_only": accepted_only,
    }
    return render(request, "surveys/results_matrix.html", context)


@require_GET
def wave_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    wave = _wave(request, pk)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    return exports.response(wave, fmt, request.GET.get("repeat", ""))


@require_GET
def compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    later, earlier = _wave(request, pk), _wave(request, other)
    if later.district_id != earlier.district_id:
        raise Http404
    if earlier.opens > later.opens:
        earlier, later = later, earlier
    context = {
        "district": later.district,
        "earlier": earlier,
        "later": later,
        "comparisons": queries.compare(earlier, later),
        "both": queries.submitted_in_both(earlier, later),
    }
    return render(request, "surveys/compare.html", context)


@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the address and send the link in the background (a reminder if sent before)."""
    invitation = _invitation(request, pk)
    form = EmailForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        services.send_link(invitation, email, request.build_absolute_uri("/"))
        text = _("The link for %(name)s is being sent to %(email)s.")
        messages.success(request, text % {"name": invitation.municipality.name, "email": email})
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return redirect("surveys:wave-detail", pk=invitation.wave_id)


@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """The changes to the stock-take that the submitted questionnaires of a wave suggest."""
    wave = _wave(request, pk)
    scope = scope_of(request)
    pending = InventoryProposal.objects.filter(
        response__invitation__wave=wave, status=ProposalStatus.PENDING
    ).select_related("category", "response__invitation__municipality")
    if request.method == "POST":
        require(scope.can_manage_district(wave.district))
        _decide(request, ProposalDecisionForm(request.POST, pending=pending))
        return redirect("surveys:proposals", pk=wave.pk)
    context = {
        "wave": wave,
        "district": wave.district,
        "pending": pending.order_by("response__invitation__municipality__name", "category__order"),
        "can_manage": scope.can_manage_district(wave.district),
    }
    return render(request, "surveys/proposals.html", context)


def _decide(request: HttpRequest, decision: ProposalDecisionForm) -> None:
    if not decision.is_valid():  # no pending proposal of this wave by that id, or no decision
        raise Http404
    proposal = decision.cleaned_data["proposal"]
    if decision.cleaned_data["decision"] == ProposalDecisionForm.ACCEPT:
        inventory_proposals.accept(proposal)
        messages.success(request, _("The proposal has been accepted."))
    else:
        inventory_proposals.reject(proposal)
        messages.success(request, _("The proposal has been rejected."))


def _question(form: Form, section: int, name: str | None) -> FormQuestion | None:
    """The question of that name in that section (None for a new one), or 404."""
    if not 0 <= section < len(form.sections):
        raise Http404
    old = next((q for q in form.sections[section].questions if q.name == name), None)
    if name is not None and old is None:
        raise Http404
    return old


def _saved(saved: QuestionnaireVersion, edited: QuestionnaireVersion) -> str:
    if saved.pk == edited.pk:
        return _("The question has been saved.")
    text = _(
        "Saved as version %(n)d: the previous version is in use by a wave and stays as it was."
    )
    return text % {"n": saved.number}


def _edit_question(request: HttpRequest, pk: int, section: int, name: str | None) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    require(scope_of(request).can_manage_district(questionnaire.district))
    version = questionnaire.current_version()
    form = form_from_dict(version.form)
    old = _question(form, section, name)
    start = builder.initial(old) if old else {"type": "text"}
    edit = builder.QuestionForm(request.POST or None, initial=start)
    if request.method == "POST" and edit.is_valid():
        try:
            saved = services.change_question(questionnaire, form, section, old, edit.cleaned_data)
        except (ValueError, XLSFormError) as error:
            edit.add_error(None, str(error))
        else:
            messages.success(request, _saved(saved, version))
            return redirect("surveys:questionnaire-detail", pk=pk)
    context = {
        "questionnaire": questionnaire,
        "district": questionnaire.district,
        "form": edit,
        "question": old,
        "frozen": version.frozen,
    }
    return render(request, "surveys/question_form.html", context)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, section: int, name: str) -> HttpResponse:
    return _edit_question(request, pk, section, name)


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    return _edit_question(request, pk, section, None)


@require_POST
def question_delete(request: HttpRequest, pk: int, section: int, name: str) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    require(scope_of(request).can_manage_district(questionnaire.district))
    form = form_from_dict(questionnaire.current_version().form)
    old = _question(form, section, name)
    try:
        services.change_question(questionnaire, form, section, old, None)
    except (ValueError, XLSFormError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The question has been removed."))
    return redirect("surveys:questionnaire-detail", pk=pk)


@require_GET
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """All answers of one municipality in a wave, for everyone in the district to read."""
    response = scope_of(request).get(
        Response.objects.select_related(
            "invitation__wave__version__questionnaire",
            "invitation__wave__district",
            "invitation__municipality",
        ),
        pk=pk,
    )
    sections, _answers = answering.fields(response)
    district = response.invitation.wave.district
    questions = [
        (f.item.question.name, f.label)
        for _title, fields in sections
        for f in fields
        if f.applies and f.item.question.type != "note"
    ]
    context = {
        "response": response,
        "wave": response.invitation.wave,
        "district": district,
        "sections": sections,
        "notes": response.review_notes.all(),
        "labels": dict(questions),
        "can_review": scope_of(request).can_manage_district(district)
        and response.status == ResponseStatus.SUBMITTED,
        "review_form": ReviewQuestionForm(questions=questions),
        # Files given as answers: a link for those who may download them (answer_files.py).
        "can_download": scope_of(request).can_edit_municipality(response.invitation.municipality),
    }
    return render(request, "surveys/response_detail.html", context)
