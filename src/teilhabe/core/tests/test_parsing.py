"""The shared parsers and the bounded form fields built on them."""

import datetime

import pytest
from django import forms
from django.utils import translation

from teilhabe.core import parsing
from teilhabe.core.forms import KernFormMixin


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-09-17", datetime.date(2026, 9, 17)),
        ("17.09.2026", datetime.date(2026, 9, 17)),
        (" 1.2.2026 ", datetime.date(2026, 2, 1)),
        ("1900-01-01", parsing.MIN_DATE),
        ("31.12.2199", parsing.MAX_DATE),
    ],
)
def test_it_reads_iso_and_german_dates(text, day):
    assert parsing.parse_date(text) == day


@pytest.mark.parametrize("text", ["2026-02-30", "17/09/2026", "²", "١٢.٠٩.٢٠٢٦", "", "\x00", "NaN"])
def test_it_refuses_what_is_not_a_date(text):
    with pytest.raises(parsing.InvalidInput) as refused:
        parsing.parse_date(text)
    assert refused.value.code == "invalid"


@pytest.mark.parametrize(
    "text", ["9999-12-31", "0001-01-01", "31.12.9999", "1899-12-31", "2200-01-01"]
)
def test_dates_beyond_the_bounds_are_refused_with_them_named(text):
    with translation.override("de"), pytest.raises(parsing.InvalidInput) as refused:
        parsing.parse_date(text)
    assert refused.value.code == "range"
    assert refused.value.message == (
        "Bitte geben Sie ein Datum zwischen dem 01.01.1900 und dem 31.12.2199 ein."
    )


def test_the_bounds_leave_room_for_date_arithmetic():
    assert parsing.MAX_DATE + datetime.timedelta(days=366) < datetime.date.max
    assert parsing.MIN_DATE - datetime.timedelta(days=366) > datetime.date.min


@pytest.mark.parametrize(("text", "number"), [("12", 12), (" -3 ", -3), ("١٢", 12), ("+7", 7)])
def test_it_reads_whole_numbers_as_int_does(text, number):
    assert parsing.parse_int(text) == number


@pytest.mark.parametrize("text", ["²", "1e3", "1.5", "NaN", "inf", "", "\x00", "1,000"])
def test_it_refuses_what_int_refuses(text):
    with pytest.raises(parsing.InvalidInput) as refused:
        parsing.parse_int(text)
    assert refused.value.code == "invalid"


def test_whole_numbers_are_bounded_to_64_bits_and_the_callers_range():
    assert parsing.parse_int(str(2**63 - 1)) == 2**63 - 1
    for text in ("99999999999999999999999", "-99999999999999999999999", str(2**63)):
        with pytest.raises(parsing.InvalidInput):
            parsing.parse_int(text)
    with translation.override("de"), pytest.raises(parsing.InvalidInput) as refused:
        parsing.parse_int("51", min_value=1, max_value=50)
    assert refused.value.message == "Bitte geben Sie eine ganze Zahl zwischen 1 und 50 ein."


def test_optional_ids_and_dates_fall_back_to_none():
    assert parsing.optional_id("17") == 17
    assert [parsing.optional_id(t) for t in ("", None, "0", "²", "99999999999999999999999")] == [
        None
    ] * 5
    assert parsing.optional_date("17.09.2026") == datetime.date(2026, 9, 17)
    assert parsing.optional_date("9999-12-31") is None


class Example(KernFormMixin, forms.Form):
    """A plain Django form: the mixin gives its fields the shared bounds."""

    day = forms.DateField(required=False)
    count = forms.IntegerField(required=False, min_value=0)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": "9999-12-31"}, "day", "Datum zwischen dem 01.01.1900 und dem 31.12.2199"),
        ({"day": "2026-02-30"}, "day", "Bitte geben Sie ein Datum wie 17.09.2026 ein."),
        ({"count": "²"}, "count", "Bitte geben Sie eine ganze Zahl ein."),
        ({"count": "99999999999999999999999"}, "count", "Diese Zahl ist zu groß."),
        ({"count": "-1"}, "count", "größer oder gleich 0"),
        # Within 64 bits but beyond any sensible count: a limit a person can read.
        ({"count": "9223372036854775807"}, "count", "höchstens 1.000.000"),
    ],
)
def test_forms_of_the_apps_get_the_bounds(data, field, message):
    with translation.override("de"):
        form = Example(data)
        assert not form.is_valid()
        assert message in form.errors[field][0]


def test_forms_still_read_the_languages_own_formats():
    with translation.override("de"):
        form = Example({"day": "17.09.26", "count": "١٢"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": datetime.date(2026, 9, 17), "count": 12}
