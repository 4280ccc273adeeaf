"""The rows of the account list's table, rendered in Python.

The list shows 50 rows of about twenty values each; through the template engine every
value, filter and tag is a node rendered on its own, which made the table cost several
times the SQL behind it. Here each row is one f-string with every value passed through
``html.escape`` (what Django's ``escape`` uses): the same HTML the template gave. The
table's head and everything around it stay in ``accounts/_account_results.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django_countries import countries

from kam.accounts.choices import Industry, Tier
from kam.accounts.models import Account
from kam.core.templatetags.kam_format import format_money

DASH = "–"
# The columns the rows show: ``queryset.only(*ROW_FIELDS)`` reads nothing else.
ROW_FIELDS = (
    "pk",
    "name",
    "city",
    "country",
    "industry",
    "tier",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "parent__name",
)
# reverse() once per request; each row puts its id in place of this number.
PK_PLACEHOLDER = 987654321


class _Labels:
    """What every row looks up, worked out once per request in the active language."""

    def __init__(self) -> None:
        self.tiers = {value: escape(str(label)) for value, label in Tier.choices}
        self.industries = {value: escape(str(label)) for value, label in Industry.choices}
        self.countries = {code: escape(str(name)) for code, name in countries}
        self.url = reverse("accounts:detail", args=[PK_PLACEHOLDER])
        self.part_of = [escape(part) for part in gettext("part of %(parent)s").partition("%(parent)s")[::2]]

    def detail_url(self, pk: Any) -> str:
        return escape(self.url.replace(str(PK_PLACEHOLDER), str(pk)))


def _name_cell(account: Account, labels: _Labels, city: str, code: str) -> str:
    cell = f'<a href="{labels.detail_url(account.pk)}">{escape(account.name)}</a>'
    if account.parent is not None:
        before, after = labels.part_of
        cell += f'<div class="small text-body-secondary fw-normal">{before}{escape(account.parent.name)}{after}</div>'
    if city or code:
        separator = ", " if city and code else ""
        cell += f'<div class="small text-body-secondary fw-normal d-lg-none">{city}{separator}{code}</div>'
    return cell


def _location_cell(labels: _Labels, city: str, code: str) -> str:
    cell = city + (", " if city and code else "")
    if code:
        cell += f'<span title="{labels.countries.get(code, "")}">{code}</span>'
    return cell


def _row(account: Account, labels: _Labels) -> str:
    city = escape(account.city or "")
    code = escape(account.country.code or "")  # type: ignore[attr-defined]
    tier = account.tier
    tier_badge = (
        f'<span class="kam-tier kam-tier-{escape(tier)}">{labels.tiers.get(tier, escape(tier))}</span>' if tier else ""
    )
    industry = labels.industries.get(account.industry, escape(account.industry)) or DASH
    owner = escape(str(account.owner)) if account.owner is not None else DASH
    revenue_last = escape(format_money(getattr(account, "revenue_last_year", None)))
    revenue_this = escape(format_money(getattr(account, "revenue_this_year", None)))
    return (
        f'<tr><td class="name-cell">{_name_cell(account, labels, city, code)}</td>'
        f'<td class="d-none d-lg-table-cell">{_location_cell(labels, city, code)}</td>'
        f'<td class="d-none d-xl-table-cell">{industry}</td>'
        f"<td>{tier_badge}</td><td>{owner}</td>"
        f'<td class="num">{revenue_last}</td><td class="num">{revenue_this}</td></tr>'
    )


def account_rows(accounts: Iterable[Account]) -> SafeString:
    """The ``<tr>`` elements of the account list for ``accounts`` (from ``selectors.account_list``)."""
    labels = _Labels()
    return mark_safe("\n".join(_row(account, labels) for account in accounts))  # noqa: S308 - every value escaped above
