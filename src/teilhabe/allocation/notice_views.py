"""Pages of the overload notices (Überlastungsanzeigen): every notice of the district with the
office's answers, filing one for a municipality, and the office's answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teilhabe.allocation import register, services
from teilhabe.allocation.models import NoticeStatus, OverloadNotice
from teilhabe.allocation.register_forms import NoticeAnswerForm, NoticeForm
from teilhabe.core.scoping import require, scope_of
from teilhabe.regions.models import Municipality


def _list_url(notice: OverloadNotice) -> str:
    url = reverse("allocation:notice-list", kwargs={"ags": notice.municipality.district.ags})
    return f"{url}#notice-{notice.pk}"


@require_GET
def notice_list(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    notices = list(register.notices_of(district.pk))
    context = {
        "district": district,
        "active": [n for n in notices if n.is_active],
        "resolved": [n for n in notices if not n.is_active],
        "editable": scope.editable_municipalities(district),
        "can_answer": scope.can_manage_district(district),
    }
    return render(request, "allocation/notice_list.html", context)


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, ars: str) -> HttpResponse:
    scope = scope_of(request)
    municipality = scope.get(Municipality.objects.select_related("district"), ars=ars)
    require(scope.can_edit_municipality(municipality))
    form = NoticeForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.file_notice(municipality, form.cleaned_data, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The overload notice has been filed."))
            return redirect(_list_url(notice))
    return render(
        request, "allocation/notice_form.html", {"municipality": municipality, "form": form}
    )


@require_http_methods(["GET", "POST"])
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request)
    notice = scope.get(
        OverloadNotice.objects.select_related("municipality__district", "filed_by"), pk=pk
    )
    require(scope.can_manage_district(notice.municipality.district))
    form = NoticeAnswerForm(request.POST or None)
    if notice.status == NoticeStatus.RESOLVED:
        messages.info(request, _("This overload notice is resolved and takes no more answers."))
        return redirect(_list_url(notice))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_notice(notice.pk, form.cleaned_data, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect(_list_url(notice))
    context = {"notice": notice, "form": form, "answers": notice.answers.all()}
    return render(request, "allocation/notice_answer.html", context)
