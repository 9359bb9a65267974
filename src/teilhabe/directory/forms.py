"""Forms of the public directory (the search and filters, sent by GET) and of the district's
side (translations, legal texts)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from teilhabe.core.forms import KernFormMixin
from teilhabe.directory import labels, queries
from teilhabe.directory.languages import SPOKEN_NAMES
from teilhabe.directory.models import DistrictDirectory, OfferTranslation
from teilhabe.inventory.models import Category
from teilhabe.regions.models import Municipality

ALL = [("", _("all"))]


@dataclass(frozen=True)
class FilterChoices:
    """The district's own choices of the filters, in the visitor's language."""

    municipalities: list[tuple[str, str]]  # ARS, name
    fields: list[tuple[str, str]]  # key, name of the field of action

    @classmethod
    def of(cls, municipalities: list[Municipality], fields: list[Category]) -> "FilterChoices":
        return cls(
            [(m.ars, m.name) for m in municipalities],
            [(c.key, str(labels.field_of_action(c))) for c in fields],
        )


class InputRenderer(DjangoTemplates):
    """Django's form renderer with its <input>s written in Python: the same HTML as its
    input.html and attrs.html templates, without rendering two templates per input (the
    search form has three inputs; with its selects, see wegweiser.options, they took a good
    part of a search's time). Any other widget is rendered by its template."""

    INPUTS = frozenset({"django/forms/widgets/text.html", "django/forms/widgets/checkbox.html"})

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name not in self.INPUTS:
            return super().render(template_name, context, request)
        widget = context["widget"]
        value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        attrs = "".join(
            f" {escape(name)}" if given is True else f' {escape(name)}="{escape(given)}"'
            for name, given in widget["attrs"].items()
            if given is not False
        )
        return (
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'
        )


class FilterForm(forms.Form):
    """The search box and the filters. A field that does not validate (an unknown
    municipality, say) is left out of the filters and named in a hint, never an error page."""

    default_renderer = InputRenderer()

    q = forms.CharField(label=_("What are you looking for?"), required=False, strip=True)
    municipality = forms.ChoiceField(label=_("Place"), required=False)
    field = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(
        label=_("Language spoken"),
        required=False,
        choices=[*ALL, *((code, name) for code, name in SPOKEN_NAMES.items())],
    )
    group = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[*ALL, *labels.TARGET_GROUPS.items()],
    )
    free = forms.BooleanField(label=_("free of charge"), required=False)
    accessible = forms.BooleanField(label=_("barrier-free"), required=False)

    def __init__(self, data: Any, *, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["municipality"].choices = [*ALL, *choices.municipalities]  # type: ignore[attr-defined]
        self.fields["field"].choices = [*ALL, *choices.fields]  # type: ignore[attr-defined]
        # KERN's classes, set here: KernFormMixin's "please choose" is not in every language.
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "kern-form-input__select"
            elif name == "q":
                field.widget.input_type = "search"
                field.widget.attrs.update(
                    {"class": "kern-form-input__input", "autocomplete": "off"}
                )

    def filters(self) -> queries.Filters:
        """The valid part of what was sent."""
        if not self.is_bound:
            return queries.Filters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return queries.Filters(
            q=(data.get("q") or "")[:500],
            municipality=data.get("municipality") or "",
            field=data.get("field") or "",
            language=data.get("language") or "",
            group=data.get("group") or "",
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
        )

    @property
    def ignored(self) -> bool:
        return self.is_bound and bool(self.errors)


class TranslationForm(KernFormMixin, forms.ModelForm[OfferTranslation]):
    """An offer's text in one language; fields whose German text is empty are left out."""

    class Meta:
        model = OfferTranslation
        fields = [
            "title",
            "description",
            "opening_hours",
            "cost_note",
            "volunteer_tasks",
            "volunteer_time",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
            "volunteer_tasks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, source: Any, direction: str, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if not getattr(source, name):
                del self.fields[name]
                continue
            self.fields[name].required = True  # a translation is complete, or not up to date
            self.fields[name].widget.attrs.update({"dir": direction, "lang": lang})
            self.fields[name].help_text = _("German: %(text)s") % {"text": getattr(source, name)}


class TextsForm(KernFormMixin, forms.ModelForm[DistrictDirectory]):
    class Meta:
        model = DistrictDirectory
        fields = ["imprint", "privacy"]
        widgets = {
            "imprint": forms.Textarea(attrs={"rows": 8}),
            "privacy": forms.Textarea(attrs={"rows": 14}),
        }


class ConfirmForm(forms.Form):
    """The one-click confirmation carries the version the editor saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
