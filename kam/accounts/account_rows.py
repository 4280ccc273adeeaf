"""The rows of the account list's table, rendered in Python.

The list shows 50 rows of about twenty values each; through the template engine every
value, filter and tag is a node rendered on its own, which made the table cost several
times the SQL behind it. Here each row is one f-string with every value passed through
``html.escape`` (what Django's ``escape`` uses): the same HTML the template gave. The
table's head and everything around it stay in ``accounts/_account_results.html``.

The rows are read as plain dicts (``queryset.values(*ROW_VALUES)``): the table needs no
model instance, and building three of them per row (account, owner, parent) cost more
than the query.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django_countries import countries

from kam.accounts.choices import Industry, Tier
from kam.core.templatetags.kam_format import money_formatter

DASH = "–"
# The values the rows show: ``queryset.values(*ROW_VALUES)`` reads nothing else.
ROW_VALUES = (
    "pk",
    "name",
    "city",
    "country",
    "industry",
    "tier",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "parent_id",
    "parent__name",
    "revenue_last_year",
    "revenue_this_year",
)
# reverse() once per request; each row puts its id in place of this number.
PK_PLACEHOLDER = 987654321


@dataclass(frozen=True)
class _Texts:
    """The rows' labels in one language, escaped: the same for every request in that language."""

    tiers: dict[str, str]
    industries: dict[str, str]
    countries: dict[str, str]
    part_of: list[str]


@functools.lru_cache(maxsize=16)
def _texts(language: str | None) -> _Texts:
    # Translating the 249 country names alone took longer than the rows did.
    return _Texts(
        tiers={value: escape(str(label)) for value, label in Tier.choices},
        industries={value: escape(str(label)) for value, label in Industry.choices},
        countries={code: escape(str(name)) for code, name in countries},
        part_of=[escape(part) for part in gettext("part of %(parent)s").partition("%(parent)s")[::2]],
    )


class _Labels:
    """What every row looks up: the texts of the active language and the detail URL of this request."""

    def __init__(self) -> None:
        texts = _texts(get_language())
        self.tiers, self.industries, self.countries, self.part_of = (
            texts.tiers,
            texts.industries,
            texts.countries,
            texts.part_of,
        )
        self.url = reverse("accounts:detail", args=[PK_PLACEHOLDER])
        self.money = money_formatter()

    def detail_url(self, pk: Any) -> str:
        return escape(self.url.replace(str(PK_PLACEHOLDER), str(pk)))


def _name_cell(account: dict[str, Any], labels: _Labels, city: str, code: str) -> str:
    cell = f'<a href="{labels.detail_url(account["pk"])}">{escape(account["name"])}</a>'
    if account["parent_id"] is not None:
        before, after = labels.part_of
        cell += (
            f'<div class="small text-body-secondary fw-normal">{before}{escape(account["parent__name"])}{after}</div>'
        )
    if city or code:
        separator = ", " if city and code else ""
        cell += f'<div class="small text-body-secondary fw-normal d-lg-none">{city}{separator}{code}</div>'
    return cell


def _location_cell(labels: _Labels, city: str, code: str) -> str:
    cell = city + (", " if city and code else "")
    if code:
        cell += f'<span title="{labels.countries.get(code, "")}">{code}</span>'
    return cell


def _owner(account: dict[str, Any]) -> str:
    """The owner as ``User.__str__`` names them (full name, else the username), or a dash."""
    if account["owner_id"] is None:
        return DASH
    full_name = f"{account['owner__first_name']} {account['owner__last_name']}".strip()
    return escape(full_name or account["owner__username"])


def _row(account: dict[str, Any], labels: _Labels) -> str:
    city = escape(account["city"] or "")
    code = escape(account["country"] or "")
    tier = account["tier"]
    tier_badge = (
        f'<span class="kam-tier kam-tier-{escape(tier)}">{labels.tiers.get(tier, escape(tier))}</span>' if tier else ""
    )
    industry = labels.industries.get(account["industry"], escape(account["industry"])) or DASH
    owner = _owner(account)
    revenue_last = escape(labels.money(account["revenue_last_year"]))
    revenue_this = escape(labels.money(account["revenue_this_year"]))
    return (
        f'<tr><td class="name-cell">{_name_cell(account, labels, city, code)}</td>'
        f'<td class="d-none d-lg-table-cell">{_location_cell(labels, city, code)}</td>'
        f'<td class="d-none d-xl-table-cell">{industry}</td>'
        f"<td>{tier_badge}</td><td>{owner}</td>"
        f'<td class="num">{revenue_last}</td><td class="num">{revenue_this}</td></tr>'
    )


def account_rows(accounts: Iterable[dict[str, Any]]) -> SafeString:
    """The ``<tr>`` elements of the account list for ``accounts``: ``selectors.account_list(…).values(*ROW_VALUES)``."""
    labels = _Labels()
    return mark_safe("\n".join(_row(account, labels) for account in accounts))  # noqa: S308 - every value escaped above
