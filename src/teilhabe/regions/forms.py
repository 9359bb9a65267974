from django import forms

from teilhabe.core.forms import KernFormMixin
from teilhabe.regions.models import Municipality


class MunicipalityForm(KernFormMixin, forms.ModelForm[Municipality]):
    """What a municipality maintains about itself. Keys, names and figures are official data
    and change only through an import."""

    class Meta:
        model = Municipality
        fields = ["website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
