"""The filters of the district's log (Verlauf), read from the query string."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from teilhabe.core import history
from teilhabe.core.forms import DATE_INPUT, DateField, KernFormMixin, model_choice


class LogFilterForm(KernFormMixin, forms.Form):
    """Kind of record, person, date range and municipality; every field may stay empty."""

    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    user = forms.ModelChoiceField(
        label=_("Changed by"), queryset=get_user_model().objects.none(), required=False
    )
    since = DateField(label=_("From"), required=False, widget=DATE_INPUT)
    until = DateField(label=_("Until"), required=False, widget=DATE_INPUT)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        models = history.tracked_models()
        kinds = [(history.label_of(m), m._meta.verbose_name_plural) for m in models]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("all")), *kinds]
        people = get_user_model().objects.filter(memberships__district=district).distinct()
        model_choice(self, "user").queryset = people.order_by("username")
        model_choice(self, "municipality").queryset = district.municipalities.order_by("name")
        for name in ("user", "municipality"):
            model_choice(self, name).empty_label = _("all")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end lies before the start."))
        return data

    def chosen(self) -> history.LogFilter:
        data = self.cleaned_data
        return history.LogFilter(
            kind=data["kind"] or "",
            user=data["user"].pk if data["user"] else None,
            since=data["since"],
            until=data["until"],
            municipality=data["municipality"].pk if data["municipality"] else None,
        )
