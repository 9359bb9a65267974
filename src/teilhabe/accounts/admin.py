from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from teilhabe.accounts.models import Membership, User
from teilhabe.core.admin import ScopedAdmin, ScopedForeignKeys
from teilhabe.core.scoping import scope_of


class MembershipInline(ScopedForeignKeys, admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    """District administrators manage the users who hold a role in their district."""

    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only the installation's administrator hands out installation-wide rights.
        if scope_of(request).sees_all:
            return ()
        return (
            "is_superuser",
            "is_staff",
            "user_permissions",
            "groups",
            "last_login",
            "date_joined",
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = BaseUserAdmin.get_queryset(self, request)
        scope = scope_of(request)
        if scope.sees_all:
            return qs
        return qs.filter(
            memberships__district__in=scope.administered, is_superuser=False
        ).distinct()

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None or scope_of(request).sees_all:
            return super()._allowed(request)
        return super()._allowed(request) and self.get_queryset(request).filter(pk=obj.pk).exists()


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "district", "municipality"]
    list_filter = ["role"]
