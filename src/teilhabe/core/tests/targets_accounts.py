"""Permission-table targets of the Verwaltung and the pages reached from account e-mails: in
each district an extra viewer account (to take roles from and deactivate), an open invitation,
and the district's coordinator as the account to open."""

import datetime

from django.urls import reverse
from django.utils import timezone

from teilhabe.core.tests.targets import Target, asking_first, both_districts

TOKENS: dict[str, str] = {}  # a valid invitation link per district, set by setup()


def setup(rotenburg, osterholz) -> None:
    from teilhabe.accounts.models import Invitation, Membership, Role, User

    for district, name in ((rotenburg, "vera"), (osterholz, "otto")):
        user = User.objects.create_user(name, email=f"{name}@example.org")
        Membership.objects.create(user=user, role=Role.VIEWER, district=district)
        invitation = Invitation(
            district=district,
            email=f"neu-{district.ags}@example.org",
            role=Role.VIEWER,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
        TOKENS[district.ags] = invitation.new_token()
        invitation.save()


def _accounts(name: str, method: str = "get", data: dict | None = None) -> list[Target]:
    from teilhabe.accounts.models import Membership, Role

    rows = Membership.objects.filter(role=Role.VIEWER, user__username__in=["vera", "otto"])
    return [
        Target(reverse(name, args=[m.district.ags, m.user_id]), m.district.ags, None, method, data)
        for m in rows.select_related("district").order_by("pk")
    ]


def _memberships(name: str) -> list[Target]:
    from teilhabe.accounts.models import Membership

    rows = Membership.objects.filter(user__username__in=["vera", "otto"])
    return [
        Target(reverse(name, args=[m.district.ags, m.pk]), m.district.ags, None, "post")
        for m in rows.select_related("district").order_by("pk")
    ]


def _invitations(name: str) -> list[Target]:
    from teilhabe.accounts.models import Invitation

    rows = Invitation.objects.select_related("district").order_by("pk")
    return [
        Target(reverse(name, args=[i.district.ags, i.pk]), i.district.ags, None, "post")
        for i in rows
    ]


def _get_and_invalid_post(name: str, data: dict) -> list[Target]:
    targets = both_districts(name)
    return [*targets, *[Target(t.url, t.district, None, "post", data) for t in targets]]


TARGETS = {
    "accounts:password-change": lambda u: [
        Target(reverse("accounts:password-change")),
        Target(reverse("accounts:password-change"), method="post", data={"old_password": ""}),
    ],
    "accounts:password-reset": lambda u: [
        Target(reverse("accounts:password-reset")),
        Target(reverse("accounts:password-reset"), method="post", data={"email": "x@example.org"}),
    ],
    "accounts:password-reset-sent": lambda u: [Target(reverse("accounts:password-reset-sent"))],
    "accounts:password-reset-confirm": lambda u: [
        Target(reverse("accounts:password-reset-confirm", args=["MQ", "falsch-123"]))
    ],
    "accounts:password-reset-complete": lambda u: [
        Target(reverse("accounts:password-reset-complete"))
    ],
    "accounts:invitation": lambda u: [
        Target(reverse("accounts:invitation", args=[token])) for token in TOKENS.values()
    ],
    "accounts:administration": lambda u: both_districts("accounts:administration"),
    "accounts:invite": lambda u: _get_and_invalid_post("accounts:invite", {"email": ""}),
    "accounts:audit-log": lambda u: both_districts("accounts:audit-log"),
    "accounts:account": lambda u: _accounts("accounts:account"),
    "accounts:role-add": lambda u: _accounts("accounts:role-add", "post", {"role": ""}),
    "accounts:role-remove": lambda u: asking_first(_memberships("accounts:role-remove")),
    "accounts:deactivate": lambda u: asking_first(_accounts("accounts:deactivate", "post")),
    "accounts:reactivate": lambda u: _accounts("accounts:reactivate", "post"),
    "accounts:invitation-withdraw": lambda u: asking_first(
        _invitations("accounts:invitation-withdraw")
    ),
    "accounts:invitation-resend": lambda u: asking_first(
        _invitations("accounts:invitation-resend")
    ),
}


def snapshot() -> list[tuple]:
    from teilhabe.accounts.models import AuditEvent, Invitation, Membership, User

    return [
        *User.objects.order_by("pk").values_list("pk", "is_active", "password"),
        *Membership.objects.order_by("pk").values_list("pk", "user_id", "role", "district_id"),
        *Invitation.objects.order_by("pk").values_list("pk", "token_hash", "revoked_at"),
        ("audit events", AuditEvent.objects.count()),
    ]
