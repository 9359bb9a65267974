"""Forms of placement: the batch, one household line, and the unit chosen by hand."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teilhabe.allocation.models import ArrivalKind, HousingUnit
from teilhabe.core.forms import DateField, IntegerField, KernFormMixin
from teilhabe.placement.models import MAX_SIZE, Batch

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BatchForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=Batch._meta.get_field("name").max_length,
        help_text=_("E.g. the reference of the notice, “Zuweisung KW 51”. No names of persons."),
    )
    arrival_date = DateField(
        label=_("arrival"),
        widget=DATE,
        help_text=_("The day the households arrive. It decides the allocation period."),
    )
    kind = forms.ChoiceField(
        label=_("kind of arrival"), choices=ArrivalKind.choices, initial=ArrivalKind.ASYLUM
    )


class HouseholdForm(KernFormMixin, forms.Form):
    size = IntegerField(label=_("persons"), min_value=1, max_value=MAX_SIZE)
    barrier_free = forms.BooleanField(label=_("needs barrier-free housing"), required=False)
    children = IntegerField(
        label=_("children of kindergarten or school age"),
        min_value=0,
        max_value=MAX_SIZE - 1,
        required=False,
        initial=0,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["children"] = data.get("children") or 0
        size = data.get("size")
        if size is not None and data["children"] >= size:
            self.add_error(
                "children",
                _("A household of %(size)d persons has at most %(most)d children.")
                % {"size": size, "most": size - 1},
            )
        return data


class ChoiceForm(KernFormMixin, forms.Form):
    """The unit for one line, chosen by hand among the district's units (grouped by
    municipality); empty: as the proposal says."""

    unit = forms.ChoiceField(label=_("unit"), required=False)

    def __init__(self, *args: Any, units: list[HousingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for unit in units:
            text = ngettext(
                "%(label)s (%(kind)s, %(free)d free place)",
                "%(label)s (%(kind)s, %(free)d free places)",
                unit.free,
            ) % {"label": unit.label, "kind": unit.get_kind_display(), "free": unit.free}
            groups.setdefault(unit.municipality.name, []).append((str(unit.pk), text))
        self.units = {str(unit.pk): unit for unit in units}
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("as proposed")), *groups.items()]

    def chosen(self) -> HousingUnit | None:
        return self.units.get(self.cleaned_data.get("unit") or "")
