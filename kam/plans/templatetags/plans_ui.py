"""Small template helpers of the plan pages (progress bars as SVG: no inline styles under the CSP)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kam.core.templatetags.kam_format import pct
from kam.plans import texts

register = template.Library()


@register.filter
def share(value: Any) -> str:
    """A ratio (0.25) as a percentage ("25.0%"); empty for None."""
    return "" if value is None else pct(float(value) * 100)


@register.simple_tag
def progress_bar(percent: int | None, expected: float, status: str) -> SafeString:
    """A bar of ``percent`` (0–100) with a tick where the time elapsed says it should be."""
    width = 0 if percent is None else max(0, min(100, percent))
    tick = round(max(0.0, min(1.0, expected)) * 100, 1)
    label = texts.PROGRESS_LABELS.get(status, status)
    return format_html(
        '<svg class="plan-bar plan-bar-{}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        'aria-label="{} {}%">'
        '<rect class="plan-bar-track" x="0" y="0" width="100" height="8" rx="2"></rect>'
        '<rect class="plan-bar-fill" x="0" y="0" width="{}" height="8" rx="2"></rect>'
        '<line class="plan-bar-tick" x1="{}" x2="{}" y1="0" y2="8"></line></svg>',
        status,
        label,
        width,
        width,
        tick,
        tick,
    )


@register.filter
def progress_label(status: str) -> str:
    return str(texts.PROGRESS_LABELS.get(status, status))


@register.filter
def progress_note(note: str) -> str:
    return str(texts.PROGRESS_NOTES.get(note, note))


@register.filter
def risk_label(level: str) -> str:
    return str(texts.RISK_LEVELS.get(level, level))
