from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateField, KernFormMixin, model_choice
from teilhabe.inventory.models import Activity
from teilhabe.peers.models import NoteKind, ScoringWeights, Tandem
from teilhabe.regions.models import Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WeightsForm(KernFormMixin, forms.ModelForm[ScoringWeights]):
    class Meta:
        model = ScoringWeights
        fields = ["experience", "volunteers", "size", "distance", "tandems"]


class TandemForm(forms.Form):
    """A suggestion taken up: the helping municipality and the activity it helps with (the
    hidden fields of a suggestion's button)."""

    giver = forms.ModelChoiceField(queryset=Municipality.objects.none())
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False)

    def __init__(self, *args: Any, receiver: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "giver").queryset = Municipality.objects.filter(
            district=receiver.district_id
        )
        model_choice(self, "activity").queryset = Activity.objects.filter(
            district=receiver.district_id
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        giver, activity = data.get("giver"), data.get("activity")
        if activity is not None and activity.municipality_id != getattr(giver, "pk", None):
            data["activity"] = None  # not one of the giver's: the tandem names no activity
        return data


class NoteForm(KernFormMixin, forms.Form):
    date = DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class OutcomeForm(KernFormMixin, forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Activity started in the receiving municipality"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Record the new activity in the stock-take first; then choose it here."),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, tandem: Tandem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "activity").queryset = Activity.objects.filter(
            municipality=tandem.receiver
        ).order_by("title")
        self.initial.setdefault("activity", tandem.outcome_activity_id)
        self.initial.setdefault("outcome", tandem.outcome)
