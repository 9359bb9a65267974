"""Forms of the housing register and the overload notices (plain forms: the services check the
model's rules and the views show what they refuse)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from teilhabe.allocation.models import MAX_PLACES, HousingUnit, Shortage, UnitKind
from teilhabe.core.forms import DateField, IntegerField, KernFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HousingUnitForm(KernFormMixin, forms.Form):
    label = forms.CharField(
        label=_("label"),
        max_length=HousingUnit._meta.get_field("label").max_length,
        help_text=_("How the office refers to it, e.g. its address “Am Markt 3”. No names."),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=UnitKind.choices)
    places = IntegerField(label=_("places"), min_value=1, max_value=MAX_PLACES)
    occupied = IntegerField(
        label=capfirst(_("places occupied")),  # "Belegte Plätze", as Django labels model fields
        min_value=0,
        max_value=MAX_PLACES,
        initial=0,
        help_text=_("Places in use now. A flat with anyone in it takes no further household."),
    )
    barrier_free = forms.BooleanField(label=capfirst(_("barrier-free")), required=False)
    available_from = DateField(
        label=_("available from"),
        required=False,
        widget=DATE,
        help_text=_("Empty: available now."),
    )
    version = IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        places, occupied = data.get("places"), data.get("occupied")
        if places is not None and occupied is not None and occupied > places:
            self.add_error(
                "occupied",
                _("%(occupied)d places occupied, but the unit has only %(places)d.")
                % {"occupied": occupied, "places": places},
            )
        return data

    def values(self) -> dict[str, Any]:
        """The unit's fields, for the services."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class NoticeForm(KernFormMixin, forms.Form):
    shortage = forms.ChoiceField(label=_("short of"), choices=Shortage.choices)
    since = DateField(label=_("since"), widget=DATE)
    amount = forms.DecimalField(
        label=_("short by"),
        min_value=Decimal("0.1"),
        max_value=Decimal("99999"),
        max_digits=7,
        decimal_places=1,
        help_text=_("Places, or full-time positions for social-work staff."),
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is short and why. No names or other personal data."),
    )


class NoticeAnswerForm(KernFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("answer of the coordination office"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action = forms.CharField(
        label=_("what was done"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. places found elsewhere, fewer assignments for a while."),
    )
    resolves = forms.BooleanField(
        label=_("the overload is resolved"),
        required=False,
        help_text=_("The notice then counts as settled; it stays in the history."),
    )
