from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import DateField, KernFormMixin, ModelMultipleChoiceField, model_choice
from teilhabe.core.mailing_views import BounceForm as BounceForm
from teilhabe.core.mailing_views import ReminderDateForm as ReminderDateForm
from teilhabe.regions.models import District, Municipality
from teilhabe.surveys.models import InventoryProposal, Invitation, MailingKind, Wave

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """Several files in one field, e.g. the CSV files a form's choices come from."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(_FilesField, self).clean(item, initial) for item in files]


class XLSFormUploadForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        help_text=_("Sheets survey, choices and settings, as used by KoboToolbox and ODK."),
    )
    attachments = _FilesField(
        label=_("Choice files (.csv)"),
        required=False,
        widget=_MultipleFiles(attrs={"accept": ".csv"}),
        help_text=_(
            "Only for select_one_from_file and select_multiple_from_file: the CSV files "
            "the questionnaire names, with the columns name and label."
        ),
    )


class WaveForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    opens = DateField(label=_("Opens"), widget=DATE)
    closes = DateField(label=_("Closes"), widget=DATE)
    municipalities: ModelMultipleChoiceField[Municipality] = ModelMultipleChoiceField(
        label=_("Municipalities asked"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = district.municipalities.order_by("name")
        model_choice(self, "municipalities").queryset = municipalities
        self.initial.setdefault("municipalities", list(municipalities))
        self.initial.setdefault("opens", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("opens") and data.get("closes") and data["closes"] < data["opens"]:
            self.add_error("closes", _("The wave must not close before it opens."))
        return data


class ProposalDecisionForm(forms.Form):
    """The office's decision on one pending proposal of a wave (the buttons of the list)."""

    ACCEPT, REJECT = "accept", "reject"

    proposal = forms.ModelChoiceField(queryset=InventoryProposal.objects.none())
    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (REJECT, REJECT)])

    def __init__(self, *args: Any, pending: QuerySet[InventoryProposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "proposal").queryset = pending


class MailingForm(forms.Form):
    """Links or reminders to the chosen municipalities of a wave (the checkboxes of its table)."""

    kind = forms.ChoiceField(choices=MailingKind.choices)
    invitations = forms.ModelMultipleChoiceField(
        queryset=Invitation.objects.none(),
        error_messages={"required": _("Please choose at least one municipality.")},
    )

    def __init__(self, *args: Any, wave: Wave, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "invitations").queryset = wave.invitations.all()


class ReviewQuestionForm(KernFormMixin, forms.Form):
    """The office's question on a submitted response, on one answer or on the whole."""

    question = forms.ChoiceField(label=_("On the answer to"), required=False)
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("the whole response")), *questions]
        cast_field = self.fields["question"]
        assert isinstance(cast_field, forms.ChoiceField)
        cast_field.choices = choices
