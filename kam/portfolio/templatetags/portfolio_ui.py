"""Template helpers of the portfolio pages: shares and growth as percentages, class and quadrant pills."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kam.core.templatetags.kam_format import format_number, pct

register = template.Library()

DASH = mark_safe('<span class="text-body-secondary">–</span>')


def _float(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def share(value: Any, decimals: int = 1) -> str:
    """``{{ entry.share|share }}``: a fraction (0.125) as a percentage ("12.5%" / "12,5 %")."""
    number = _float(value)
    return "" if number is None else pct(number * 100, decimals)


@register.filter
def growth(value: Any, decimals: int = 1) -> SafeString:
    """A growth fraction with its sign and colour (0.18 → "+18.0%" in green); a dash when unknown."""
    number = _float(value)
    if number is None:
        return DASH
    text = pct(abs(number) * 100, decimals)
    if round(number * 100, int(decimals)) == 0:
        return format_html('<span class="text-body-secondary">{}</span>', text)
    sign, css = ("+", "kam-delta-up") if number > 0 else ("−", "kam-delta-down")
    return format_html('<span class="{}">{}{}</span>', css, sign, text)


@register.filter
def score(value: Any, decimals: int = 0) -> str:
    """A 0–100 score rounded for reading ("62"); empty when unknown."""
    number = _float(value)
    return "" if number is None else format_number(number, int(decimals))


@register.simple_tag
def abc_badge(abc: str, xyz: str = "") -> SafeString:
    """The ABC (and XYZ) class as a coloured pill: "A", "AX", "C–"."""
    if not abc:
        return DASH
    text = f"{abc}{xyz}" if xyz is not None and xyz != "" else abc
    title = _("ABC class %(abc)s, XYZ class %(xyz)s") % {"abc": abc, "xyz": xyz or "–"}
    return format_html('<span class="pf-class pf-class-{}" title="{}">{}</span>', abc.lower(), title, text)


@register.simple_tag
def xyz_badge(xyz: str) -> SafeString:
    """The XYZ class as a small pill, a dash when the account had no revenue in the XYZ window."""
    if not xyz:
        return format_html('<span class="text-body-secondary" title="{}">–</span>', _("No XYZ class"))
    return format_html('<span class="pf-xyz pf-xyz-{}">{}</span>', xyz.lower(), xyz)


@register.simple_tag
def quadrant_badge(value: str, label: str) -> SafeString:
    """The matrix quadrant as a coloured pill."""
    if not value:
        return DASH
    return format_html('<span class="pf-quadrant pf-quadrant-{}">{}</span>', value.replace("_", "-"), label)


@register.simple_tag
def direction_badge(value: str, label: str) -> SafeString:
    """Promote ▲ / demote ▼ as a pill; nothing for accounts that are no candidates."""
    if not value:
        return mark_safe("")
    arrow = "▲" if value == "promote" else "▼"
    return format_html('<span class="pf-direction pf-direction-{}">{} {}</span>', value, arrow, label)


@register.simple_tag
def rating_dots(value: Any, out_of: int = 5) -> SafeString:
    """A 0–5 score as five dots, the first ``value`` filled; a dash when not rated."""
    number = _float(value)
    if number is None:
        return format_html('<span class="text-body-secondary">{}</span>', _("not rated"))
    filled = max(0, min(out_of, round(number)))
    title = _("%(value)s of %(max)s") % {"value": format_number(number, 1 if number % 1 else 0), "max": out_of}
    return format_html(
        '<span class="kam-influence" title="{}" aria-label="{}"><span class="on">{}</span>{}</span>',
        title,
        title,
        "●" * filled,
        "●" * (out_of - filled),
    )


@register.simple_tag
def bar(value: Any) -> SafeString:
    """A 0–100 value as a thin progress bar (width through a class: no style attributes under the CSP)."""
    number = _float(value)
    if number is None:
        return DASH
    step = max(0, min(20, round(number / 5)))
    return format_html(
        '<span class="pf-bar" role="img" aria-label="{}"><span class="pf-bar-fill pf-w-{}"></span></span>',
        format_number(number, 0),
        step * 5,
    )


@register.simple_tag
def fast_select(field: BoundField, options: Sequence[tuple[Any, Any]] | None = None) -> SafeString:
    """A labelled ``<select>`` for ``field`` with its errors, built in Python.

    A page of decision forms would otherwise render a widget template per option (some
    hundred owners on each of 25 rows). ``options``: read once per page; default the
    field's own choices. The same markup as ``core/_field.html`` with ``|bs``.
    """
    choices = options if options is not None else field.field.choices  # type: ignore[attr-defined]
    value = field.value()
    chosen = "" if value is None else str(value)
    option_html = "".join(
        f'<option value="{escape(str(v))}"{" selected" if str(v) == chosen else ""}>{escape(str(label))}</option>'
        for v, label in choices
    )
    auto_id = escape(field.auto_id)
    css = "form-select is-invalid" if field.errors else "form-select"
    aria = f' aria-invalid="true" aria-describedby="{auto_id}_error"' if field.errors else ""
    errors = "".join(
        f'<div class="invalid-feedback d-block" id="{auto_id}_error">{escape(str(e))}</div>' for e in field.errors
    )
    required = " kam-required" if field.field.required else ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<label class="form-label{required}" for="{auto_id}">{escape(capfirst(str(field.label)))}</label>'
        f'<select name="{escape(field.html_name)}" id="{auto_id}" class="{css}"{aria}>{option_html}</select>{errors}'
    )
