from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import KernFormMixin
from teilhabe.digest.models import INTERNAL_LANGUAGES, Frequency


class DigestForm(KernFormMixin, forms.Form):
    frequency = forms.ChoiceField(
        label=_("Digest e-mail"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of the digest"), choices=INTERNAL_LANGUAGES)
