"""Shared form behaviour: KERN UX classes on every widget."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class KernFormMixin:
    """Give every widget the KERN input class, and the error variant when the field is invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.Select):
                css = "kern-form-input__select"
                if hasattr(field, "empty_label") and field.empty_label is not None:
                    field.empty_label = _("– please choose –")
                elif isinstance(field, forms.ChoiceField) and field.choices:
                    first, *rest = list(field.choices)
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
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                base = widget.attrs.get("class", "")
                if base and not base.endswith("--error"):
                    widget.attrs["class"] = f"{base} {base}--error"
