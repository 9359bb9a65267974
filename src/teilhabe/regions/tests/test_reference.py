"""The shipped reference data of Landkreis Rotenburg (Wümme), checked against the facts."""

import datetime

from teilhabe.regions.models import District, MemberMunicipality, Municipality, PopulationFigure
from teilhabe.regions.reference import load_rotenburg, rotenburg_spec
from teilhabe.testing import district_specs

ZENSUS = datetime.date(2022, 5, 15)


def test_rotenburg_has_13_municipalities_of_the_right_kinds(rotenburg):
    kinds = list(rotenburg.municipalities.values_list("kind", flat=True))
    assert len(kinds) == 13
    assert kinds.count("stadt") == 3
    assert kinds.count("einheitsgemeinde") == 2
    assert kinds.count("samtgemeinde") == 8
    assert MemberMunicipality.objects.filter(municipality__district=rotenburg).count() == 57


def test_population_is_the_zensus_2022_figure(rotenburg):
    assert rotenburg.population_date == ZENSUS
    town = Municipality.objects.get(name="Rotenburg (Wümme)")
    assert town.population_figures.get(reference_date=ZENSUS).population == 22698
    total = sum(
        PopulationFigure.objects.filter(
            municipality__district=rotenburg, reference_date=ZENSUS
        ).values_list("population", flat=True)
    )
    assert total == 163496


def test_samtgemeinde_population_is_the_sum_of_its_members(rotenburg):
    zeven = Municipality.objects.get(name="Samtgemeinde Zeven")
    members = list(zeven.members.values_list("population", flat=True))
    assert len(members) == 4
    assert sum(members) == zeven.population_figures.get(reference_date=ZENSUS).population


def test_boundaries_and_seats_are_loaded(rotenburg):
    for municipality in rotenburg.municipalities.all():
        assert municipality.boundary["type"] == "Polygon"
        assert municipality.seat_name
    assert Municipality.objects.get(name="Samtgemeinde Fintel").seat_name == "Lauenbrück"


def test_loading_twice_changes_nothing(rotenburg):
    before = PopulationFigure.objects.count(), MemberMunicipality.objects.count()
    load_rotenburg()
    assert (PopulationFigure.objects.count(), MemberMunicipality.objects.count()) == before
    assert District.objects.count() == 1


def test_shipped_files_agree_with_the_national_list():
    """The Rotenburg files and the national list are separate copies of the same sources."""
    shipped, _, _ = rotenburg_spec()
    (national,) = district_specs("03357")
    assert national.name == shipped.name
    by_ars = {m.ars: m for m in national.municipalities}
    assert set(by_ars) == {m.ars for m in shipped.municipalities}
    for m in shipped.municipalities:
        other = by_ars[m.ars]
        assert (m.name, m.kind, m.area_km2) == (other.name, other.kind, other.area_km2)
        assert dict(m.populations)[ZENSUS] == dict(other.populations)[ZENSUS]
        assert [x.ars for x in m.members] == [x.ars for x in other.members]
