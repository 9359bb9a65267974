"""Periods, arrivals, capacity and carry-forward, end to end on the real Rotenburg figures."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from teilhabe.allocation import queries, services
from teilhabe.allocation.models import AdjustmentKind
from teilhabe.regions.models import Municipality, PopulationFigure
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

D = datetime.date
ZENSUS = D(2022, 5, 15)
APRIL, SEPTEMBER = D(2026, 4, 1), D(2026, 9, 30)


def period(district, start=APRIL, end=SEPTEMBER, quota=895, name="2026/I"):
    return services.create_period(
        district,
        {
            "name": name,
            "start": start,
            "end": end,
            "quota": quota,
            "population_date": ZENSUS,
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )


def arrive(ars, day, persons, counts=True):
    return services.record_arrival(
        Municipality.objects.get(ars=ars),
        {
            "date": day,
            "persons": persons,
            "households": 1,
            "kind": "asylum",
            "counts_toward_quota": counts,
            "note": "",
        },
    )


def test_quota_of_895_gives_13_targets_by_hare_niemeyer(rotenburg):
    view = queries.period_view(period(rotenburg))
    assert len(view.rows) == 13 and view.totals["target"] == 895
    populations = dict(
        PopulationFigure.objects.filter(reference_date=ZENSUS).values_list(
            "municipality__ars", "population"
        )
    )
    total = sum(populations.values())
    assert total == 163496
    # recomputed by hand: whole parts, then the leftover units to the largest remainders
    exact = {ars: Fraction(895 * p, total) for ars, p in populations.items()}
    seats = {ars: int(q) for ars, q in exact.items()}
    for ars in sorted(exact, key=lambda a: exact[a] - int(exact[a]), reverse=True)[
        : 895 - sum(seats.values())
    ]:
        seats[ars] += 1
    assert {r.municipality.ars: r.line.new for r in view.rows} == seats
    assert view.row("033570039039").line.new == 124  # Rotenburg (Wümme): 895 × 22698 / 163496


def test_carry_forward_and_credits_across_two_periods(rotenburg):
    first = period(rotenburg, quota=100)
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    services.set_adjustment(
        first,
        {
            "municipality": zeven,
            "kind": AdjustmentKind.CREDIT,
            "persons": 3,
            "reason": "Erstaufnahme",
        },
    )
    view = queries.period_view(first)
    zeven_line = view.row(ZEVEN_ARS).line
    assert zeven_line.credited == 3 and zeven_line.target == zeven_line.new - 3
    arrive(ZEVEN_ARS, D(2026, 5, 1), 10)
    arrive(ZEVEN_ARS, D(2026, 5, 2), 4, counts=False)  # family reunification, not counted
    arrive(SOTTRUM_ARS, D(2026, 6, 1), 20)
    view = queries.period_view(first)
    carry = {r.municipality.ars: r.status.carry_forward for r in view.rows}
    assert carry[ZEVEN_ARS] == zeven_line.target - 10
    assert carry[SOTTRUM_ARS] == view.row(SOTTRUM_ARS).line.target - 20  # over-fulfilled: < 0

    second = period(rotenburg, start=D(2026, 10, 1), end=D(2027, 3, 31), quota=50, name="2026/II")
    next_view = queries.period_view(second)
    for row in next_view.rows:
        assert row.line.carried == carry[row.municipality.ars]
        assert row.line.target == row.line.new + carry[row.municipality.ars]
    assert next_view.totals["target"] == 50 + sum(carry.values())


def test_closing_freezes_the_figures(rotenburg):
    first = period(rotenburg, quota=100)
    arrive(ZEVEN_ARS, D(2026, 5, 1), 10)
    before = queries.period_view(first).row(ZEVEN_ARS)
    services.close_period(first)
    PopulationFigure.objects.filter(reference_date=ZENSUS, municipality__ars=ZEVEN_ARS).update(
        population=99999
    )
    first.refresh_from_db()
    after = queries.period_view(first).row(ZEVEN_ARS)
    assert (after.line.new, after.line.target, after.status.arrived) == (
        before.line.new,
        before.line.target,
        before.status.arrived,
    )
    with pytest.raises(ValidationError, match=r"geschlossen|closed"):
        arrive(ZEVEN_ARS, D(2026, 5, 2), 1)
    with pytest.raises(ValidationError):
        services.close_period(first)


@pytest.mark.parametrize(
    ("start", "end"), [(D(2026, 9, 1), D(2027, 2, 28)), (D(2026, 1, 1), D(2026, 4, 1))]
)
def test_overlapping_periods_are_refused(rotenburg, start, end):
    period(rotenburg)
    with pytest.raises(ValidationError, match="2026/I"):
        period(rotenburg, start=start, end=end, name="B")


def test_a_key_date_without_figures_is_refused(rotenburg):
    with pytest.raises(ValidationError):
        services.create_period(
            rotenburg,
            {
                "name": "x",
                "start": D(2026, 4, 1),
                "end": D(2026, 9, 30),
                "quota": 10,
                "population_date": D(2025, 12, 31),
                "method": "dhondt",
                "staff_ratio_limit": 80,
            },
        )


def test_arrivals_outside_any_period_are_refused(rotenburg):
    period(rotenburg)
    with pytest.raises(ValidationError, match="2025"):
        arrive(ZEVEN_ARS, D(2025, 3, 1), 2)


def test_more_households_than_persons_is_refused(rotenburg):
    period(rotenburg)
    with pytest.raises(ValidationError):
        services.record_arrival(
            Municipality.objects.get(ars=ZEVEN_ARS),
            {
                "date": D(2026, 5, 1),
                "persons": 2,
                "households": 3,
                "kind": "asylum",
                "counts_toward_quota": True,
                "note": "",
            },
        )


def test_warnings_and_who_is_next(rotenburg):
    first = period(rotenburg, quota=895)
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    services.record_capacity(
        zeven, {"date": D(2026, 4, 1), "housing_total": 50, "housing_occupied": 45, "staff_fte": 1}
    )
    view = queries.period_view(first, today=D(2026, 5, 1))
    row = view.row(ZEVEN_ARS)
    assert row.status.free_places == 5
    assert "housing" in row.warnings and "staff" in row.warnings  # 124 persons for 1 FTE
    from teilhabe.engine.allocation import who_is_next

    order = [s.key for s in who_is_next([r.status for r in view.rows], household_size=6)]
    assert ZEVEN_ARS not in order  # no room for six
    assert len(order) == 12


def test_what_if_uses_the_carry_forward(rotenburg):
    first = period(rotenburg, quota=100)
    arrive(ZEVEN_ARS, D(2026, 5, 1), 30)
    scenario = queries.what_if(first, 200)
    view = queries.period_view(first)
    for row, current in zip(scenario.rows, view.rows, strict=True):
        assert row.line.carried == current.status.carry_forward
    assert sum(r.line.new for r in scenario.rows) == 200
    assert sum(r.proposal for r in scenario.rows) + scenario.unplaced == 200


def test_transparency_steps_add_up(rotenburg):
    first = period(rotenburg)
    view = queries.period_view(first)
    row = view.row("033570039039")
    values = [s.value for s in queries.transparency(view, row)]
    assert values[:3] == [895, 22698, 163496]  # quota, population, population in the key
    assert values[-3:] == [row.line.target, 0, row.line.target]  # target, arrived, remaining
    assert str(values[4]) == "124.252031"  # 895 × 22698 / 163496, to six places


def test_a_period_closes_only_after_its_end(rotenburg):
    running = period(rotenburg, start=D(2026, 10, 1), end=D(2027, 3, 31), name="2026/II")
    with pytest.raises(ValidationError, match="2026/II"):
        services.close_period(running)


def test_what_if_compares_the_whole_target_with_the_free_places(rotenburg):
    first = period(rotenburg, quota=100)
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    services.record_capacity(
        zeven, {"date": D(2026, 4, 1), "housing_total": 20, "housing_occupied": 10, "staff_fte": 1}
    )
    scenario = queries.what_if(first, 300)
    row = next(r for r in scenario.rows if r.municipality == zeven)
    assert row.free_places == 10
    assert row.exceeds == max(row.line.target - 10, 0)
