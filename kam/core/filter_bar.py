"""The filter bar above every list, built in Python (``{% filter_form %}`` in kam_ui).

The bar was a template looping over the filter fields with a handful of filters per field
and a translated label per control; on the account list that cost about as much as the
list's SQL. Here every value goes through ``html.escape`` (what Django's ``escape`` uses)
and the HTML is the same as the template's, up to whitespace between tags.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.forms.boundfield import BoundField
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kam.core.templatetags.kam_ui import bs, checkbox_options, is_multi, is_select, select_options, selected_count


def _search(search: BoundField, action: str, target: str) -> str:
    auto_id, value = escape(search.auto_id or ""), search.value()
    placeholder = escape(gettext("Search…"))  # gettext outside f-strings: makemessages does not look inside them
    return (
        '<div class="col-12 col-lg">'
        f'<label class="visually-hidden" for="{auto_id}">{escape(str(search.label))}</label>'
        f'<input type="search" class="form-control kam-search" name="{escape(search.html_name)}" id="{auto_id}" '
        f'value="{escape("" if value is None else str(value))}" placeholder="{placeholder}" '
        f'autocomplete="off" hx-get="{action}" hx-target="{target}" hx-push-url="true" hx-include="closest form" '
        'hx-trigger="input changed delay:400ms, search"></div>'
    )


def _multi(field: BoundField) -> str:
    count = selected_count(field)
    return (
        '<details class="kam-multi" data-multi>'
        f'<summary class="form-select{" kam-multi-active" if count else ""}">{escape(str(field.label))}'
        f'<span class="badge rounded-pill text-bg-primary ms-1 kam-multi-count{"" if count else " d-none"}" '
        f"data-count>{count}</span></summary>"
        f'<div class="kam-multi-menu shadow-sm">{checkbox_options(field)}</div></details>'
    )


def _select(field: BoundField) -> str:
    auto_id, label = escape(field.auto_id or ""), escape(str(field.label))
    every = escape(gettext("all"))
    css = "form-select" + (" kam-select-active" if field.value() else "") + (" is-invalid" if field.errors else "")
    return (
        f'<label class="visually-hidden" for="{auto_id}">{label}</label>'
        f'<select name="{escape(field.html_name)}" id="{auto_id}" class="{css}">'
        f'<option value="">{label}: {every}</option>{select_options(field)}</select>'
    )


def _field(field: BoundField) -> str:
    if is_multi(field):
        control = _multi(field)
    elif is_select(field):
        control = _select(field)
    else:
        control = (
            '<div class="input-group">'
            f'<label class="input-group-text" for="{escape(field.auto_id or "")}">{escape(str(field.label))}</label>'
            f"{bs(field)}</div>"
        )
    errors = "".join(f'<div class="invalid-feedback d-block">{escape(str(error))}</div>' for error in field.errors)
    return f'<div class="col-6 col-md-auto">{control}{errors}</div>'


def filter_bar(request: HttpRequest, filterset: Any, fields: str, target: str = "#results") -> SafeString:
    """The filter form of a list: ``fields`` (space-separated) are shown, other set values kept hidden."""
    form = filterset.form
    shown = fields.split()
    action, target = escape(request.path), escape(target)
    parts = [
        f'<form method="get" action="{action}" class="kam-filter card card-body mb-3" role="search" '
        f'hx-get="{action}" hx-target="{target}" hx-push-url="true" hx-trigger="change, submit" data-filter-form>'
        '<div class="row g-2 align-items-center">'
    ]
    if "q" in shown and "q" in form.fields:
        parts.append(_search(form["q"], action, target))
    parts += [_field(form[name]) for name in shown if name != "q" and name in form.fields]
    parts += [
        f'<input type="hidden" name="{escape(key)}" value="{escape(value)}">'
        for key in request.GET
        if key not in shown and key != "page"
        for value in request.GET.getlist(key)
        if value
    ]
    has_filters = any(key != "page" and value for key, value in request.GET.items())
    reset_text, apply_text = escape(gettext("Reset")), escape(gettext("Apply"))
    reset = f'<a class="btn btn-outline-secondary" href="{action}">{reset_text}</a>' if has_filters else ""
    parts.append(
        '<div class="col-auto ms-lg-auto d-flex gap-2">'
        f'<button type="submit" class="btn btn-primary">{apply_text}</button>{reset}</div></div></form>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
