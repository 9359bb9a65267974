"""The admin goes through the same scope as every other view.

The installation's administrator (superuser) sees everything; a district's administrators see
and manage only their district's rows; nobody else may use the admin at all."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from teilhabe.core.scoping import scope_of


def administered[M: Any](request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    """Rows an administrator may assign or change: those of the districts they administer."""
    scope = scope_of(request)
    if scope.sees_all:
        return queryset
    path = queryset.model.district_path
    return queryset.filter(**{f"{path}__in": scope.administered})


class ScopedForeignKeys:
    """Offer only administered districts and municipalities in drop-downs."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if hasattr(related, "district_path"):
            kwargs["queryset"] = administered(request, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedAdmin(ScopedForeignKeys, admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return administered(request, super().get_queryset(request))

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        scope = scope_of(request)
        if not request.user.is_active or not request.user.is_staff:
            return False
        if scope.sees_all:
            return True
        if not scope.administered:
            return False
        if obj is None:
            return True
        path = self.model.district_path  # type: ignore[attr-defined]
        return type(obj).objects.filter(pk=obj.pk, **{f"{path}__in": scope.administered}).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)
