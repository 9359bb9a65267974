"""Shared form behaviour: KERN UX classes on every widget, and date and number fields with the
bounds of core/parsing.py."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from teilhabe.core import parsing

# The browser's date picker; it sends ISO dates, which DateField reads like typed ones.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date as 17.09.2026 or 2026-09-17 (or another format of the language), from 1900 to
    2199: a date the code can still compute with."""

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        try:
            return parsing.parse_date(value)
        except parsing.InvalidInput as error:
            if error.code == "range":
                raise ValidationError(error.message, code="range") from None
            refusal = error
        try:  # the language's other formats, such as 17.09.26
            found = super().to_python(value)
        except ValidationError:
            raise ValidationError(refusal.message, code="invalid") from None
        try:
            return parsing.check_date(found) if found else None
        except parsing.InvalidInput as error:
            raise ValidationError(error.message, code="range") from None


# A whole number a person types has a limit they can read: without one of its own, a field takes
# this (the 64-bit limit of the database would answer "kleiner oder gleich 9223372036854775807").
DEFAULT_MAX = 1_000_000


class IntegerField(forms.IntegerField):
    """A whole number as int() reads it (no ², no 1e3) within 64 bits; min_value stays Django's
    validator with its message; above max_value the message gives the limit in German digits
    (höchstens 10.000)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        high = self.max_value
        if value is not None and isinstance(high, int) and value > high:
            raise ValidationError(
                _("Please enter a number of at most %(max)s.")
                % {"max": number_format(high, force_grouping=True)},
                code="max_value",
            )

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parsing.parse_int(value)  # the field's own bounds are its validators
        except parsing.InvalidInput as error:
            raise ValidationError(error.message, code=error.code) from None


class ModelMultipleChoiceField[M: Model](forms.ModelMultipleChoiceField[M]):
    """Refuses ids that cannot be ids (beyond 64 bits) before asking the database, which would
    fail on them."""

    def _check_values(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple):
            for pk in value:
                if parsing.optional_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, not in the stubs


# Fields of the plain Django classes (declared by a form or made from a model) become the
# bounded ones above; the bounded classes add behaviour only, so the fields keep their settings.
BOUNDED = {
    forms.DateField: DateField,
    forms.IntegerField: IntegerField,
    forms.ModelMultipleChoiceField: ModelMultipleChoiceField,
}


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, a (multiple) model choice field whose queryset the form narrows
    to the district: `model_choice(self, "municipality").queryset = ...`."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


class EmailForm(forms.Form):
    """One e-mail address: where a personal link or an invitation goes."""

    email = forms.EmailField(label=_("E-mail"))


# The mixin is always combined with a form class; the type checker is told so.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class KernFormMixin(_FormBase):
    """Give every widget the KERN input class, and the error variant when the field is invalid;
    give every date, whole-number and multiple-choice field the bounds of the fields above."""

    # The largest sensible value of a whole-number field, by field name; a form sets those it
    # knows better than DEFAULT_MAX (persons arriving at once, points of a vote, …).
    limits: ClassVar[dict[str, int]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field) in BOUNDED:
                field.__class__ = BOUNDED[type(field)]
            if isinstance(field, IntegerField) and not isinstance(field.widget, forms.HiddenInput):
                own = field.max_value if isinstance(field.max_value, int) else None
                high = self.limits.get(name, own or DEFAULT_MAX)
                field.max_value = high if own is None else min(high, own)
            widget = field.widget
            if isinstance(widget, forms.Select):
                css = "kern-form-input__select"
                if hasattr(field, "empty_label") and field.empty_label is not None:
                    field.empty_label = _("– please choose –")
                elif isinstance(field, forms.ChoiceField) and field.choices:
                    # ChoiceField keeps its choices normalised: a list or an iterator of pairs
                    # (the stubs type the getter as anything the setter accepts).
                    first, *rest = list(cast(Iterable[tuple[Any, Any]], field.choices))
                    if not first[0]:
                        # Model choices start with Django's English "- Select an option -".
                        field.choices = [("", _("– please choose –")), *rest]
            elif isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            else:
                css = "kern-form-input__input"
            widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "")
                if base and not base.endswith("--error"):
                    widget.attrs["class"] = f"{base} {base}--error"
