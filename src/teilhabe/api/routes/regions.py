from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from teilhabe.api import access
from teilhabe.api.paging import Fields
from teilhabe.api.schemas import (
    DistrictOut,
    FieldOfActionOut,
    MunicipalityOut,
    PopulationOut,
    TokenInfo,
)
from teilhabe.inventory.models import Category
from teilhabe.regions.models import District, Municipality

router = Router(tags=["Districts and municipalities"])


def _municipality(m: Municipality) -> Fields:
    return {
        "ars": m.ars,
        "ags": m.ags,
        "name": m.name,
        "kind": m.kind,
        "district": m.district.ags,
        "area_km2": m.area_km2,
        "seat_name": m.seat_name,
        "website": m.website,
    }


@router.get("/me", response=TokenInfo, url_name="me", summary="Who you are in the API")
def me(request: HttpRequest) -> Fields:
    districts = access.scope(request).filter(District.objects.order_by("ags"))
    return {"user": request.user.get_username(), "districts": [d.ags for d in districts]}


@router.get("/districts", response=list[DistrictOut], url_name="districts")
def districts(request: HttpRequest) -> QuerySet[District]:
    """The districts you belong to."""
    return access.scope(request).filter(District.objects.order_by("ags"))


@router.get("/districts/{ags}", response=DistrictOut, url_name="district")
def district(request: HttpRequest, ags: str) -> District:
    return access.district(request, ags)


@router.get(
    "/districts/{ags}/municipalities", response=list[MunicipalityOut], url_name="municipalities"
)
def municipalities(request: HttpRequest, ags: str) -> list[Fields]:
    d = access.district(request, ags)
    return [_municipality(m) for m in d.municipalities.select_related("district").order_by("name")]


@router.get("/municipalities/{ars}", response=MunicipalityOut, url_name="municipality")
def municipality(request: HttpRequest, ars: str) -> Fields:
    return _municipality(access.municipality(request, ars))


@router.get("/municipalities/{ars}/population", response=list[PopulationOut], url_name="population")
def population(request: HttpRequest, ars: str) -> list[Fields]:
    """Official population figures by reference date, with their source."""
    m = access.municipality(request, ars)
    return [
        {"reference_date": f.reference_date, "population": f.population, "source": f.source.title}
        for f in m.population_figures.select_related("source").order_by("reference_date")
    ]


@router.get(
    "/districts/{ags}/fields-of-action",
    response=list[FieldOfActionOut],
    url_name="fields-of-action",
)
def fields_of_action(request: HttpRequest, ags: str) -> QuerySet[Category]:
    return Category.objects.filter(district=access.district(request, ags)).order_by("order")
