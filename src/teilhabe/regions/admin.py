from django.contrib import admin

from teilhabe.core.admin import ScopedAdmin
from teilhabe.regions.models import District, MemberMunicipality, Municipality, PopulationFigure


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["name", "ags", "land", "population_date"]
    search_fields = ["name", "ags"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # New districts come from `teilhabe regions import`, with their official keys.
        return request.user.is_superuser


class MemberInline(admin.TabularInline):
    model = MemberMunicipality
    extra = 0
    fields = ["name", "ars", "ags", "designation", "population", "population_date", "area_km2"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    list_display = ["name", "kind", "ars", "district"]
    list_filter = ["kind"]
    search_fields = ["name", "ars", "ags"]
    inlines = [MemberInline]
    exclude = ["boundary"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ScopedAdmin):
    list_display = ["municipality", "reference_date", "population", "source"]
    list_filter = ["reference_date"]
