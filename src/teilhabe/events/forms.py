from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import IntegerField, KernFormMixin, ModelMultipleChoiceField, model_choice
from teilhabe.events.models import Event, MailingKind, Rsvp
from teilhabe.inventory.models import Activity
from teilhabe.network.models import Contact
from teilhabe.regions.models import District, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(KernFormMixin, forms.ModelForm[Event]):
    limits: ClassVar[dict[str, int]] = {"vote_points": 100, "vote_max_per_proposal": 100}

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "agenda",
            "rsvp_until",
            "vote_points",
            "vote_per",
            "vote_max_per_proposal",
            "minutes",
            "cancelled",
            "public",
            "activity",
        ]
        widgets = {
            "date": DATE,
            "rsvp_until": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offers = Activity.objects.filter(district=district).order_by("title", "pk")
        self.fields["activity"].queryset = offers.select_related("municipality")  # type: ignore[attr-defined]
        self.fields["activity"].label_from_instance = _offer_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The event must end after it begins."))
        if data.get("rsvp_until") and data.get("date") and data["rsvp_until"] > data["date"]:
            self.add_error("rsvp_until", _("Answers are needed before the day of the event."))
        return data


def _offer_label(activity: Activity) -> str:
    where = activity.municipality.name if activity.municipality else _("whole district")
    return f"{activity.title} ({where})"


class InviteForm(KernFormMixin, forms.Form):
    all_municipalities = forms.BooleanField(
        label=_("Invite all municipalities"),
        required=False,
        help_text=_(
            "Their designated contacts are invited; a municipality without one gets a "
            "link you pass on yourself."
        ),
    )
    contacts = ModelMultipleChoiceField(
        label=_("Invite contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only contacts who agreed to be listed can be invited."),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Validation accepts every contact of the district, so that a contact without consent
        # is refused with a clear message by the service rather than "not a valid choice";
        # the form itself offers only contacts who agreed to be listed.
        field = model_choice(self, "contacts")
        field.queryset = Contact.objects.filter(district=district, erased_at=None)
        listed = Contact.objects.listed().filter(district=district).select_related("municipality")
        field.widget.choices = [(c.pk, self._label(c)) for c in listed]

    @staticmethod
    def _label(contact: Contact) -> str:
        where = contact.municipality.name if contact.municipality else _("whole district")
        return f"{contact.name} ({where})"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("all_municipalities") and not data.get("contacts"):
            raise forms.ValidationError(_("Choose contacts or all municipalities."))
        return data


class RsvpForm(KernFormMixin, forms.Form):
    rsvp = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[(Rsvp.YES, _("Yes, we will attend")), (Rsvp.NO, _("No, we cannot attend"))],
    )
    persons = IntegerField(
        label=_("How many persons will come?"), min_value=1, max_value=20, required=False, initial=1
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # Only when the field itself is fine: a number out of range already says what is wrong.
        if (
            data.get("rsvp") == Rsvp.YES
            and not data.get("persons")
            and "persons" not in self.errors
        ):
            self.add_error("persons", _("Please say how many persons will come."))
        return data


class EventFileForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, office documents or images, at most 20 MB.")
    )


class AttendanceForm(forms.Form):
    """Per municipality a tick "represented" (present-<pk>) and how many people came
    (persons-<pk>, 1 when left empty). The page lays the pairs out as a table itself."""

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for m in municipalities:
            self.fields[f"present-{m.pk}"] = forms.BooleanField(required=False)
            self.fields[f"persons-{m.pk}"] = IntegerField(required=False, min_value=1, max_value=50)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for m in self.municipalities:
            name = f"persons-{m.pk}"
            if name not in self.errors:
                continue
            if data.get(f"present-{m.pk}"):  # one message for every kind of wrong count
                self.errors[name] = self.error_class([gettext("Enter a number between 1 and 50.")])
            else:
                del self.errors[name]  # a count without the tick is not used
        return data

    def attendance(self) -> dict[int, int]:
        """Persons by municipality id, for the ticked municipalities of a valid form."""
        data = self.cleaned_data
        return {
            m.pk: data.get(f"persons-{m.pk}") or 1
            for m in self.municipalities
            if data.get(f"present-{m.pk}")
        }

    def errors_by_municipality(self) -> dict[int, str]:
        return {
            m.pk: str(self.errors[f"persons-{m.pk}"][0])
            for m in self.municipalities
            if self.is_bound and f"persons-{m.pk}" in self.errors
        }


class EventMailingForm(forms.Form):
    """Invitations or reminders to the chosen municipalities of the event's district."""

    kind = forms.ChoiceField(choices=MailingKind.choices)
    municipalities = ModelMultipleChoiceField(
        queryset=Municipality.objects.none(),
        error_messages={"required": _("Please choose at least one municipality.")},
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "municipalities").queryset = district.municipalities.order_by("name")
