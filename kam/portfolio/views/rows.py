"""The rows of the analysed-accounts table, rendered in Python.

Fifty rows of fourteen values through the template engine cost many times the SQL behind
them (every value, filter and tag a node of its own); here each row is one f-string,
every value escaped (``html.escape``, what Django's ``escape`` uses) or built by the same
helpers the templates use. The table head and everything around it stay in
``portfolio/_entry_results.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from kam.accounts.choices import Tier
from kam.core.templatetags.kam_format import format_money, format_number
from kam.portfolio.choices import Direction, Quadrant
from kam.portfolio.models import PortfolioEntry
from kam.portfolio.templatetags.portfolio_ui import abc_badge, growth, score, share, xyz_badge

PK_PLACEHOLDER = 987654321  # reverse() once per request; each row puts its account id here
ARROWS = {Direction.PROMOTE: ("kam-delta-up", "▲"), Direction.DEMOTE: ("kam-delta-down", "▼")}


class _Labels:
    """What every row looks up, worked out once per request in the active language."""

    def __init__(self) -> None:
        self.tiers = {value: escape(str(label)) for value, label in Tier.choices}
        self.quadrants = {value: escape(str(label)) for value, label in Quadrant.choices}
        self.directions = {value: escape(str(label)) for value, label in Direction.choices}
        self.as_is = escape(gettext("as is"))
        self.url = reverse("accounts:detail", args=[PK_PLACEHOLDER])

    def detail_url(self, pk: Any) -> str:
        return escape(self.url.replace(str(PK_PLACEHOLDER), str(pk)))

    def tier(self, value: str) -> str:
        if not value:
            return ""
        return f'<span class="kam-tier kam-tier-{escape(value)}">{self.tiers.get(value, escape(value))}</span>'


def _quadrant(value: str, labels: _Labels) -> str:
    css = escape(value.replace("_", "-"))
    return f'<span class="pf-quadrant pf-quadrant-{css}">{labels.quadrants.get(value, escape(value))}</span>'


def _computed(entry: PortfolioEntry, labels: _Labels) -> str:
    if not entry.direction:
        return f'<span class="text-body-secondary small">{labels.as_is}</span>'
    css, arrow = ARROWS.get(entry.direction, ("", ""))  # type: ignore[call-overload]
    name = labels.directions.get(entry.direction, escape(entry.direction))
    return (
        f'<span class="{css}" title="{name}">{arrow}<span class="visually-hidden"> {name}</span></span> '
        f"{labels.tier(entry.suggested_tier)}"
    )


def _row(entry: PortfolioEntry, labels: _Labels) -> str:
    account = entry.account
    owner = ""
    if account.owner is not None:
        owner = f'<div class="small text-body-secondary fw-normal">{escape(str(account.owner))}</div>'
    return (
        f'<tr><td class="num text-body-secondary">{escape(format_number(entry.rank))}</td>'
        f'<td class="name-cell"><a href="{labels.detail_url(entry.account_id)}">{escape(account.name)}</a>{owner}</td>'
        f'<td class="num">{escape(format_money(entry.value))}</td>'
        f'<td class="num">{escape(share(entry.share, 2))}</td>'
        f'<td class="num d-none d-xxl-table-cell">{escape(share(entry.cumulative_share))}</td>'
        f'<td class="text-center">{abc_badge(entry.abc)}</td><td class="text-center">{xyz_badge(entry.xyz)}</td>'
        f'<td class="num d-none d-lg-table-cell">{growth(entry.growth)}</td>'
        f'<td class="num d-none d-xxl-table-cell">{growth(entry.cagr)}</td>'
        f'<td class="num d-none d-lg-table-cell">{escape(score(entry.attractiveness))}</td>'
        f'<td class="num d-none d-lg-table-cell">{escape(score(entry.relationship))}</td>'
        f'<td class="d-none d-md-table-cell">{_quadrant(entry.quadrant, labels)}</td>'
        f"<td>{labels.tier(entry.tier)}</td>"
        f'<td class="text-nowrap">{_computed(entry, labels)}</td></tr>'
    )


def entry_rows(entries: Iterable[PortfolioEntry]) -> SafeString:
    """The ``<tr>`` elements of the analysed-accounts table (entries with account and owner loaded)."""
    labels = _Labels()
    return mark_safe("\n".join(_row(entry, labels) for entry in entries))  # noqa: S308 - every value escaped above


class _CandidateLabels(_Labels):
    """The fact names of a candidate row, translated once per request."""

    def __init__(self) -> None:
        super().__init__()
        self.facts = {
            "rank": escape(gettext("Rank")),
            "value": escape(gettext("Value")),
            "share": escape(gettext("Share")),
            "class": escape(gettext("Class")),
            "growth": escape(gettext("Growth")),
            "quadrant": escape(gettext("Quadrant")),
            "attractiveness": escape(gettext("Attractiveness")),
            "relationship": escape(gettext("Relationship")),
            "owner": escape(gettext("Key account manager")),
        }


def _candidate_head(entry: PortfolioEntry, labels: _CandidateLabels) -> str:
    account = entry.account
    arrow = ARROWS.get(entry.direction, ("", ""))[1]  # type: ignore[call-overload]
    direction = labels.directions.get(entry.direction, escape(entry.direction))
    badge = f'<span class="pf-direction pf-direction-{escape(entry.direction)}">{arrow} {direction}</span>'
    return (
        f'<h2 class="h6 mb-0" id="candidate-{account.pk}-name">'
        f'<a href="{labels.detail_url(account.pk)}">{escape(account.name)}</a></h2>{badge}'
        f'<span class="small text-body-secondary">{labels.tier(account.tier)} → '
        f"{labels.tier(entry.suggested_tier)}</span>"
    )


def _candidate_facts(entry: PortfolioEntry, labels: _CandidateLabels) -> str:
    owner = entry.account.owner
    values = {
        "rank": escape(format_number(entry.rank)),
        "value": escape(format_money(entry.value)),
        "share": escape(share(entry.share, 2)),
        "class": abc_badge(entry.abc, entry.xyz),
        "growth": growth(entry.growth),
        "quadrant": _quadrant(entry.quadrant, labels),
        "attractiveness": escape(score(entry.attractiveness)),
        "relationship": escape(score(entry.relationship)),
        "owner": escape(str(owner)) if owner is not None else "–",
    }
    return "".join(f"<div><dt>{labels.facts[key]}</dt><dd>{value}</dd></div>" for key, value in values.items())


def candidate_parts(entries: Iterable[PortfolioEntry]) -> dict[int, tuple[SafeString, SafeString]]:
    """The heading and the facts of each candidate row, by entry id (values escaped)."""
    labels = _CandidateLabels()
    return {
        entry.pk: (
            mark_safe(_candidate_head(entry, labels)),  # noqa: S308 - every value escaped
            mark_safe(_candidate_facts(entry, labels)),  # noqa: S308 - every value escaped
        )
        for entry in entries
    }
