from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.allocation.models import Adjustment, AllocationPeriod, Arrival, Capacity
from teilhabe.core.forms import IntegerField, KernFormMixin, model_choice
from teilhabe.regions.models import District, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(KernFormMixin, forms.ModelForm[AllocationPeriod]):
    limits: ClassVar[dict[str, int]] = {"staff_ratio_limit": 1_000}

    class Meta:
        model = AllocationPeriod
        fields = ["name", "start", "end", "quota", "population_date", "method", "staff_ratio_limit"]
        widgets = {"start": DATE, "end": DATE, "population_date": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class AdjustmentForm(KernFormMixin, forms.ModelForm[Adjustment]):
    limits: ClassVar[dict[str, int]] = {"persons": 10_000}

    class Meta:
        model = Adjustment
        fields = ["municipality", "kind", "persons", "reason"]

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "municipality").queryset = district.municipalities.order_by("name")


class ArrivalForm(KernFormMixin, forms.ModelForm[Arrival]):
    # One arrival is one group on one day: more than 10.000 persons is a typing error.
    limits: ClassVar[dict[str, int]] = {"persons": 10_000, "households": 10_000}

    class Meta:
        model = Arrival
        fields = ["date", "persons", "households", "kind", "counts_toward_quota", "note"]
        widgets = {"date": DATE}
        help_texts = {"note": _("No names or other personal data.")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        persons, households = data.get("persons"), data.get("households")
        if persons and households and households > persons:
            self.add_error("households", _("There cannot be more households than persons."))
        return data


class CapacityForm(KernFormMixin, forms.ModelForm[Capacity]):
    limits: ClassVar[dict[str, int]] = {
        "language_course_places": 100_000,
        "childcare_places": 100_000,
    }

    class Meta:
        model = Capacity
        fields = [
            "date",
            "housing_total",
            "housing_occupied",
            "staff_fte",
            "language_course_places",
            "childcare_places",
        ]
        widgets = {"date": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        total, occupied = data.get("housing_total"), data.get("housing_occupied")
        if total is not None and occupied is not None and occupied > total:
            self.add_error("housing_occupied", _("More places occupied than there are."))
        return data


class WhatIfForm(KernFormMixin, forms.Form):
    persons = IntegerField(
        label=_("Persons the Land assigns next period"), min_value=0, max_value=1_000_000
    )


class NextForm(KernFormMixin, forms.Form):
    household = IntegerField(
        label=_("Size of the next household"), min_value=1, max_value=30, initial=1
    )


def municipality_choices(municipalities: list[Municipality]) -> list[tuple[str, str]]:
    return [(m.ars, m.name) for m in municipalities]
