"""The Verwaltung: a district's administrators manage the people of their district.

Who may see and change what is decided in accounts/queries.py; every page first fetches the
district through the scope (404 for other districts) and requires the administrator role
(403 for other members). Accounts outside the district are simply not there (404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.accounts import queries, services, tasks
from teilhabe.accounts.forms import InviteForm, RoleForm
from teilhabe.accounts.models import Invitation, Membership, User
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.scoping import require, scope_of
from teilhabe.regions.models import District

TAKE_ROLE = Question(
    gettext_lazy("Take the role “%(role)s” away from %(name)s?"),
    gettext_lazy(
        "%(name)s can then no longer do what the role allows in your district. An account left "
        "without any role is deactivated."
    ),
    gettext_lazy("Take role away"),
)
DEACTIVATE = Question(
    gettext_lazy("Deactivate the account of %(name)s?"),
    gettext_lazy(
        "%(name)s can then no longer log in, and their API tokens stop working. You can "
        "reactivate the account later."
    ),
    gettext_lazy("Deactivate account"),
    final=False,
)
WITHDRAW = Question(
    gettext_lazy("Withdraw the invitation to %(email)s?"),
    gettext_lazy("The link in the invitation stops working at once."),
    gettext_lazy("Withdraw invitation"),
)
RESEND = Question(
    gettext_lazy("Send the invitation to %(email)s again?"),
    gettext_lazy("A new link goes out, valid for 7 days; the link sent before stops working."),
    gettext_lazy("Send again"),
)


def _back(ags: str, pk: int | None = None) -> str:
    if pk is None:
        return reverse("accounts:administration", kwargs={"ags": ags})
    return reverse("accounts:account", kwargs={"ags": ags, "pk": pk})


def _administered(request: HttpRequest, ags: str) -> District:
    scope = scope_of(request)
    district: District = scope.district(ags)  # core's scoping cannot name the model
    require(scope.can_administer(district.pk))
    return district


def _member(district: District, pk: int) -> User:
    user = queries.member(district, pk)
    if user is None:
        raise Http404
    return user


@require_GET
def administration(request: HttpRequest, ags: str) -> HttpResponse:
    district = _administered(request, ags)
    context = {
        "district": district,
        "accounts": queries.members(district),
        "owned": set(queries.owned(scope_of(request)).values_list("pk", flat=True)),
        "invitations": queries.open_invitations(district),
    }
    return render(request, "accounts/administration.html", context)


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, ags: str) -> HttpResponse:
    district = _administered(request, ags)
    form = InviteForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = services.invite(
            request, district, data["email"], data["role"], data["municipality"]
        )
        tasks.send_invitation.enqueue(invitation.pk, request.build_absolute_uri("/"))
        messages.success(
            request,
            _("The invitation to %(email)s is on its way. It is valid for 7 days.")
            % {"email": invitation.email},
        )
        return redirect("accounts:administration", ags=ags)
    return render(request, "accounts/invite.html", {"district": district, "form": form})


@require_GET
def account(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    district = _administered(request, ags)
    person = _member(district, pk)
    context = {
        "district": district,
        "person": person,
        "owned": queries.owns(scope_of(request), person),
        "form": RoleForm(district=district),
        "log": queries.log(district, person)[:20],
    }
    return render(request, "accounts/account.html", context)


@require_POST
def role_add(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    district = _administered(request, ags)
    person = _member(district, pk)
    form = RoleForm(request.POST, district=district)
    if not form.is_valid():
        context = {
            "district": district,
            "person": person,
            "owned": queries.owns(scope_of(request), person),
            "form": form,
            "log": queries.log(district, person)[:20],
        }
        return render(request, "accounts/account.html", context)
    data = form.cleaned_data
    services.give_role(request, district, person, data["role"], data["municipality"])
    messages.success(request, _("The role has been given."))
    return redirect("accounts:account", ags=ags, pk=pk)


@require_POST
def role_remove(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    district = _administered(request, ags)
    membership = (
        Membership.objects.filter(district=district, pk=pk)
        .select_related("user", "municipality")
        .first()
    )
    if membership is None:
        raise Http404
    role = membership.get_role_display()
    if membership.municipality:
        role = f"{role}: {membership.municipality.name}"
    name = membership.user.get_full_name() or membership.user.get_username()
    back = _back(ags, membership.user_id)
    if page := ask_first(request, TAKE_ROLE, back, role=role, name=name):
        return page
    try:
        deactivated = services.take_role(request, membership)
    except services.AdministrationError as error:
        messages.error(request, str(error))
        return redirect("accounts:account", ags=ags, pk=membership.user_id)
    if deactivated:
        messages.success(
            request,
            _("The role has been taken away. The account had no other role and is deactivated."),
        )
        return redirect("accounts:administration", ags=ags)
    messages.success(request, _("The role has been taken away."))
    if queries.member(district, membership.user_id):
        return redirect("accounts:account", ags=ags, pk=membership.user_id)
    return redirect("accounts:administration", ags=ags)


def _set_active(request: HttpRequest, ags: str, pk: int, active: bool) -> HttpResponse:
    district = _administered(request, ags)
    person = _member(district, pk)
    if not queries.owns(scope_of(request), person):
        messages.error(
            request,
            _(
                "This account also works for another district. You can take away the roles of "
                "your district, but not deactivate the account."
            ),
        )
        return redirect("accounts:account", ags=ags, pk=pk)
    name = person.get_full_name() or person.get_username()
    if not active and (page := ask_first(request, DEACTIVATE, _back(ags, pk), name=name)):
        return page
    try:
        services.set_active(request, person, active)
    except services.AdministrationError as error:
        messages.error(request, str(error))
    else:
        done = _("The account is active again.") if active else _("The account is deactivated.")
        messages.success(request, done)
    return redirect("accounts:account", ags=ags, pk=pk)


@require_POST
def deactivate(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    return _set_active(request, ags, pk, False)


@require_POST
def reactivate(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    return _set_active(request, ags, pk, True)


def _invitation(request: HttpRequest, ags: str, pk: int) -> Invitation:
    district = _administered(request, ags)
    invitation = Invitation.objects.filter(district=district, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


@require_POST
def invitation_withdraw(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    invitation = _invitation(request, ags, pk)
    if page := ask_first(request, WITHDRAW, _back(ags), email=invitation.email):
        return page
    services.withdraw(request, invitation)
    messages.success(request, _("The invitation has been withdrawn; its link no longer works."))
    return redirect("accounts:administration", ags=ags)


@require_POST
def invitation_resend(request: HttpRequest, ags: str, pk: int) -> HttpResponse:
    invitation = _invitation(request, ags, pk)
    if page := ask_first(request, RESEND, _back(ags), email=invitation.email):
        return page
    try:
        services.extend(request, invitation)
    except services.AdministrationError as error:
        messages.error(request, str(error))
        return redirect("accounts:administration", ags=ags)
    tasks.send_invitation.enqueue(invitation.pk, request.build_absolute_uri("/"))
    messages.success(
        request,
        _("The invitation has been sent again with a new link; the old link no longer works."),
    )
    return redirect("accounts:administration", ags=ags)


@require_GET
def audit_log(request: HttpRequest, ags: str) -> HttpResponse:
    scope = scope_of(request)
    district = scope.district(ags)
    require(scope.can_read_audit(district.pk))
    page = Paginator(queries.log(district), 50).get_page(request.GET.get("page"))
    context = {
        "district": district,
        "page": page,
        "can_administer": scope.can_administer(district.pk),
    }
    return render(request, "accounts/audit_log.html", context)
