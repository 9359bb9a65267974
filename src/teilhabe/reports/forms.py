import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.core import parsing
from teilhabe.core.forms import DateField, KernFormMixin, model_choice
from teilhabe.regions.models import District
from teilhabe.reports.models import Committee
from teilhabe.reports.queries import draft_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(KernFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False
    )
    meeting_date = DateField(label=_("Meeting date"), required=False, widget=DATE)
    since = DateField(
        label=_("Period from"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the day after the committee's last issued report."),
    )
    until = DateField(label=_("Period until"), widget=DATE)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "committee").queryset = Committee.objects.filter(district=district)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("since", _("The period must begin before it ends."))
        if draft_for(data.get("committee"), data.get("meeting_date")):
            self.add_error(
                "meeting_date",
                _(
                    "This meeting already has a draft. Open it under “Drafts” and rebuild it "
                    "with current data instead of creating a second one."
                ),
            )
        return data


def parse_dates(text: str) -> list[datetime.date]:
    """Dates one per line (or separated by commas), as 17.09.2026 or 2026-09-17."""
    found = []
    for part in re.split(r"[\n,;]+", text):
        value = part.strip()
        if not value:
            continue
        try:
            found.append(parsing.parse_date(value))
        except parsing.InvalidInput as error:
            if error.code == "range":
                raise forms.ValidationError(error.message) from None
            raise forms.ValidationError(
                _("“%(value)s” is not a date. Please write dates like 17.09.2026."),
                params={"value": value},
            ) from None
    return sorted(set(found))


class CommitteeForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    meetings = forms.CharField(
        label=_("Meeting dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One date per line, e.g. 17.09.2026. A report is due for each meeting."),
    )

    def __init__(
        self, *args: Any, district: District, committee: Committee | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.district, self.committee = district, committee

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = Committee.objects.filter(district=self.district, name=name)
        if self.committee is not None:
            others = others.exclude(pk=self.committee.pk)
        if others.exists():
            raise forms.ValidationError(_("The district already has a committee of this name."))
        return name

    def clean_meetings(self) -> list[datetime.date]:
        return parse_dates(self.cleaned_data["meetings"])
