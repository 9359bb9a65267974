from typing import Any, ClassVar

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
from teilhabe.network.models import Contact
from teilhabe.regions.models import District, Municipality

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# The fields of the public directory (Wegweiser), in the order of the form's second part.
PUBLIC_FIELDS = [
    "public",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "cost",
    "cost_note",
    "barrier_free",
    "registration",
    "public_phone",
    "public_email",
    "public_website",
    "public_contact",
    "seeks_volunteers",
    "volunteer_tasks",
    "volunteer_time",
]


class ActivityForm(KernFormMixin, forms.ModelForm[Activity]):
    limits: ClassVar[dict[str, int]] = {"volunteers": 100_000}

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
            "last_confirmed",
            "description",
            *PUBLIC_FIELDS,
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "last_confirmed": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
            "volunteer_tasks": forms.Textarea(attrs={"rows": 2}),
            "latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
            "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
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
        model_choice(self, "public_contact").queryset = (
            Contact.objects.listed().filter(district=district).select_related("organisation")
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

    @property
    def stock_take_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name not in PUBLIC_FIELDS]

    @property
    def public_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name in PUBLIC_FIELDS]

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
        one_coordinate = (data.get("latitude") is None) != (data.get("longitude") is None)
        if one_coordinate and not {"latitude", "longitude"} & set(self.errors):
            self.add_error("longitude", _("Give both coordinates, or neither."))
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


class SearchForm(FilterForm):
    """The activity list's search: the filters above, a text, where, the field of action,
    "confirmed before" (to find offers nobody confirmed for a long time) and the order."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    category = forms.ModelChoiceField(
        label=_("Field of action"), queryset=Category.objects.none(), required=False
    )
    confirmed_before = DateField(
        label=_("Last confirmed before"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Also finds activities never confirmed."),
    )
    sort = forms.ChoiceField(
        label=_("Order by"),
        required=False,
        choices=[
            ("place", _("Municipality")),
            ("title", _("Title")),
            ("category", _("Field of action")),
            ("status", _("Status")),
            ("volunteers", _("Volunteers (most first)")),
            ("confirmed", _("Last confirmed (oldest first)")),
        ],
    )

    field_order = ["q", "municipality", "category", "status", "provider_kind", "target_group"]

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = [(m.ars, m.name) for m in district.municipalities.order_by("name")]
        choices = [("", _("all")), ("district", _("whole district")), *places]
        self.fields["municipality"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
        category = model_choice(self, "category")
        category.queryset = Category.objects.filter(district=district)
        category.empty_label = _("all")


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
    limits: ClassVar[dict[str, int]] = {"order": 999}

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
