from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import KernFormMixin, model_choice
from teilhabe.network.models import Contact, Organisation
from teilhabe.regions.models import District, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(KernFormMixin, forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality", "website"]

    def __init__(
        self, *args: Any, municipalities: list[Municipality], whole_district: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "municipality").queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["municipality"].required = not whole_district


class ContactForm(KernFormMixin, forms.ModelForm[Contact]):
    consent = forms.BooleanField(
        label=_("The person has agreed to be listed in Teilhabe."),
        help_text=_("Without consent no contact is stored."),
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "role",
            "organisation",
            "municipality",
            "email",
            "phone",
            "designated",
            "consent_date",
            "consent_way",
        ]
        widgets = {"consent_date": DATE}

    def __init__(
        self,
        *args: Any,
        district: District,
        municipalities: list[Municipality],
        whole_district: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "organisation").queryset = Organisation.objects.filter(district=district)
        model_choice(self, "municipality").queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        )
        self.fields["municipality"].required = not whole_district
        self.fields["consent_date"].required = True
        if self.instance.pk:
            self.initial["consent"] = True


class NetworkFilterForm(KernFormMixin, forms.Form):
    """Search, filter and order of the network page, read from the query string."""

    SORTS = (
        ("name", _("Name")),
        ("organisation", _("Organisation")),
        ("municipality", _("Municipality")),
    )

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="ars",
        required=False,
    )
    sort = forms.ChoiceField(label=_("Order by"), choices=SORTS, required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "organisation").queryset = Organisation.objects.filter(district=district)
        model_choice(self, "municipality").queryset = district.municipalities.order_by("name")
        for name in ("organisation", "municipality"):
            model_choice(self, name).empty_label = _("all")
