"""The installation administrator's emergency view of the reference data (core/admin.py)."""

from django.contrib import admin

from teilhabe.regions.models import District, MemberMunicipality, Municipality, PopulationFigure


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["name", "ags", "land", "population_date"]
    search_fields = ["name", "ags"]


class MemberInline(admin.TabularInline[MemberMunicipality, Municipality]):
    model = MemberMunicipality
    extra = 0
    fields = ["name", "ars", "ags", "designation", "population", "population_date", "area_km2"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name", "kind", "ars", "district"]
    list_filter = ["kind"]
    search_fields = ["name", "ars", "ags"]
    inlines = [MemberInline]
    exclude = ["boundary"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin[PopulationFigure]):
    list_display = ["municipality", "reference_date", "population", "source"]
    list_filter = ["reference_date"]
