from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.actionplan.models import Measure, Priority, Proposal
from teilhabe.core.forms import DateField, IntegerField, KernFormMixin, model_choice
from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import District, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(KernFormMixin, forms.ModelForm[Proposal]):
    class Meta:
        model = Proposal
        fields = ["title", "description", "category", "municipality"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        district: District,
        municipalities: list[Municipality],
        whole_district: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "category").queryset = Category.objects.filter(district=district)
        model_choice(self, "municipality").queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["municipality"].required = not whole_district


class PriorityForm(KernFormMixin, forms.ModelForm[Priority]):
    limits: ClassVar[dict[str, int]] = {"order": 999}

    class Meta:
        model = Priority
        fields = ["title", "description", "category", "adopted_on", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "adopted_on": DATE}

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "category").queryset = Category.objects.filter(district=district)


class MeasureForm(KernFormMixin, forms.ModelForm[Measure]):
    version = IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "responsible",
            "municipalities",
            "due",
            "status",
            "activities",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due": DATE,
            "municipalities": forms.CheckboxSelectMultiple,
            "activities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "municipalities").queryset = district.municipalities.order_by("name")
        model_choice(self, "activities").queryset = (
            Activity.objects.filter(district=district)
            .select_related("municipality")
            .order_by("title")
        )
        self.fields["activities"].help_text = _(
            "Activities of the stock-take that this measure creates or supports. Hold Ctrl to "
            "choose several."
        )
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class ProgressForm(KernFormMixin, forms.Form):
    progress = IntegerField(label=_("Progress in percent"), min_value=0, max_value=100)
    date = DateField(label=_("As of"), widget=DATE)
    text = forms.CharField(
        label=_("What has happened?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = IntegerField(widget=forms.HiddenInput, required=False)


class MergeForm(KernFormMixin, forms.Form):
    """Which proposal to merge into the one shown. The choices are the workshop's other
    proposals; any id is accepted here, so that the service can say why another workshop's
    proposal cannot be merged."""

    other = IntegerField(label=_("Merge this proposal into it"), widget=forms.Select)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = proposal.event.proposals.exclude(pk=proposal.pk).order_by("title")
        widget = self.fields["other"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", _("– please choose –")), *((p.pk, p.title) for p in others)]
        widget.attrs["class"] = "kern-form-input__select"
