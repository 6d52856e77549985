"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms


class BootstrapMixin:
    """Give every widget its Bootstrap class so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                continue
            css = "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
