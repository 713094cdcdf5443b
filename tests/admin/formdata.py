"""POST data for the admin's forms, built the way a browser would submit them."""

from __future__ import annotations

from django import forms


def management_form(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    """The management form of an inline formset with ``total`` forms, ``initial`` saved."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _form_data(form: forms.BaseForm) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=True):
                if part is not None:
                    data[f"{bound.html_name}{suffix}"] = part
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(part) for part in value]
        elif value is not None and not isinstance(bound.field, forms.FileField):
            data[bound.html_name] = value
    return data


def change_form_data(response) -> dict:
    """What submitting an admin change page unchanged would post: the form and the saved
    rows of every inline, without the empty extra rows."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        initial = len(formset.initial_forms)
        data |= management_form(formset.prefix, total=initial, initial=initial)
        for form in formset.initial_forms:
            data |= _form_data(form)
    return data


def form_errors(response) -> dict[str, list[str]]:
    """The errors of a re-rendered admin form and its inlines, keyed by field name as posted
    (``end_date``, ``sessions-0-day``; ``__all__`` and ``sessions-0-__all__`` for the rest)."""
    errors = {}

    def collect(form: forms.BaseForm) -> None:
        for field, messages in form.errors.items():
            errors[form.add_prefix(field)] = list(messages)

    collect(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            collect(form)
        if inline.formset.non_form_errors():
            errors[f"{inline.formset.prefix}-__all__"] = list(inline.formset.non_form_errors())
    return errors


def inline_rows(prefix: str, *rows: dict) -> dict:
    """New rows of the inline ``prefix``, with its management form."""
    data = management_form(prefix, len(rows))
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data
