from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from teilhabe.allocation.models import Adjustment, AllocationPeriod, Arrival, Capacity
from teilhabe.core.forms import IntegerField, KernFormMixin, model_choice
from teilhabe.regions.models import District, Municipality

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # only in the stubs

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
        # A negative count is the correction service's to explain (corrections.py).
        if persons and persons > 0 and households and households > persons:
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
        if total is not None and occupied is not None and 0 <= total < occupied:
            self.add_error("housing_occupied", _("More places occupied than there are."))
        return data


REASON_HELP = _("Why the figures were wrong, e.g. “entered twice” or “wrong municipality”.")


def reason_field(label: "str | _StrPromise") -> forms.CharField:
    return forms.CharField(label=label, max_length=300, help_text=REASON_HELP)


class Corrected:
    """What the forms of a correction add to the form of the record: a required reason, and
    counts that may be typed below zero, so the service can say in its own words why that is
    refused (the model's own validators would only say "at least 0")."""

    signed: ClassVar[tuple[str, ...]] = ()

    def setup_correction(self) -> None:
        fields = cast(forms.BaseForm, self).fields
        for name in self.signed:
            field = fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                field.min_value = None
            field.widget.attrs.pop("min", None)

    def _post_clean(self) -> None:
        """The service checks the corrected record as a whole (correct_arrival/…_capacity)."""


class ArrivalCorrectionForm(Corrected, ArrivalForm):
    signed = ("persons", "households")
    reason = reason_field(_("Reason for the correction"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_correction()


class CapacityCorrectionForm(Corrected, CapacityForm):
    signed = ("housing_total", "housing_occupied", "staff_fte")
    reason = reason_field(_("Reason for the correction"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_correction()


class CancelForm(KernFormMixin, forms.Form):
    reason = reason_field(_("Reason for the cancellation"))


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
