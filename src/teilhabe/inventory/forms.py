from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateField, IntegerField, KernFormMixin, model_choice
from teilhabe.inventory.models import (
    Activity,
    ActivityStatus,
    Category,
    ProviderKind,
    TargetGroup,
    encode_target_groups,
)
from teilhabe.regions.models import District, Municipality

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(KernFormMixin, forms.ModelForm[Activity]):
    """Record or edit an activity. `version` travels with the form to detect lost updates."""

    target_groups = forms.MultipleChoiceField(
        label=_("target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "status",
            "municipality",
            "provider_kind",
            "provider_name",
            "target_groups",
            "languages",
            "volunteers",
            "reach",
            "start_date",
            "end_date",
            "contact_organisation",
            "public",
            "last_confirmed",
            "description",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "last_confirmed": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args: Any,
        district: District,
        municipalities: list[Municipality],
        allow_district_wide: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "category").queryset = Category.objects.filter(district=district)
        model_choice(self, "municipality").queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["municipality"].required = not allow_district_wide
        model_choice(self, "municipality").empty_label = (
            _("– whole district –") if allow_district_wide else _("– please choose –")
        )
        if self.instance.pk:
            self.initial["target_groups"] = self.instance.target_group_list
            self.initial["version"] = self.instance.version
        elif not self.initial.get("last_confirmed"):
            self.initial["last_confirmed"] = timezone.localdate()

    def clean_target_groups(self) -> str:
        return encode_target_groups(self.cleaned_data["target_groups"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end must not be before the start."))
        if data.get("status") == ActivityStatus.ENDED and not end:
            self.add_error("end_date", _("Please give the date on which the activity ended."))
        return data


class EndActivityForm(KernFormMixin, forms.Form):
    end_date = DateField(label=_("Ended on"), widget=DATE_WIDGET)
    version = IntegerField(widget=forms.HiddenInput)


class FilterForm(KernFormMixin, forms.Form):
    """The filters of the matrix and the activity list, read from the query string."""

    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=ActivityStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provider_kind = forms.ChoiceField(
        label=_("Kind of provider"),
        choices=[("", _("all")), *ProviderKind.choices],
        required=False,
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), choices=[("", _("all")), *TargetGroup.choices], required=False
    )
    as_of = DateField(label=_("As of"), required=False, widget=DATE_WIDGET)


class ChangesForm(KernFormMixin, forms.Form):
    since = DateField(label=_("Changes after"), widget=DATE_WIDGET)
    until = DateField(label=_("up to and including"), widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the period must not be before its start."))
        return data


class CategoryForm(KernFormMixin, forms.ModelForm[Category]):
    class Meta:
        model = Category
        fields = ["name", "name_en", "order"]

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = district

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if Category.objects.filter(district=self.district, name=name).exists():
            raise forms.ValidationError(
                _("The district already has a field of action of this name.")
            )
        return name


class ImportForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Use the columns of the export. You will see a preview before anything is saved."
        ),
    )
