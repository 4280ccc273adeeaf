"""The rows of the account list's table, rendered in Python.

The list shows 50 rows of about twenty values each; through the template engine every
value, filter and tag is a node rendered on its own, which made the table cost several
times the SQL behind it. Here each row is one ``format_html`` call: the same HTML,
escaped the same way. The table's head and everything around it stay in
``accounts/_account_results.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django_countries.fields import Country

from kam.accounts.choices import Industry, Tier
from kam.accounts.models import Account
from kam.core.templatetags.kam_format import format_money

DASH = "–"
ROW = (
    '<tr><td class="name-cell"><a href="{}">{}</a>{}{}</td>'
    '<td class="d-none d-lg-table-cell">{}</td>'
    '<td class="d-none d-xl-table-cell">{}</td>'
    "<td>{}</td><td>{}</td>"
    '<td class="num">{}</td><td class="num">{}</td></tr>'
)


def _location(city: str, code: str, name: str) -> tuple[SafeString, SafeString]:
    """The location under the name on narrow screens, and the location column."""
    if not city and not code:
        return mark_safe(""), mark_safe("")
    separator = ", " if city and code else ""
    short = format_html(
        '<div class="small text-body-secondary fw-normal d-lg-none">{}{}{}</div>', city, separator, code
    )
    column = format_html("{}{}", city, separator)
    if code:
        column = format_html('{}<span title="{}">{}</span>', column, name, code)
    return short, column


def _part_of(account: Account) -> SafeString:
    if account.parent is None:
        return mark_safe("")
    before, _placeholder, after = gettext("part of %(parent)s").partition("%(parent)s")
    return format_html(
        '<div class="small text-body-secondary fw-normal">{}{}{}</div>', before, account.parent.name, after
    )


def _row(account: Account, tiers: dict[str, str], industries: dict[str, str]) -> tuple[object, ...]:
    country = cast(Country, account.country)
    code = country.code or ""
    short, column = _location(account.city or "", code, country.name if code else "")
    tier = (
        format_html('<span class="kam-tier kam-tier-{}">{}</span>', account.tier, tiers.get(account.tier, account.tier))
        if account.tier
        else ""
    )
    return (
        reverse("accounts:detail", args=[account.pk]),
        account.name,
        _part_of(account),
        short,
        column,
        industries.get(account.industry, account.industry) or DASH,
        tier,
        account.owner if account.owner is not None else DASH,
        format_money(getattr(account, "revenue_last_year", None)),
        format_money(getattr(account, "revenue_this_year", None)),
    )


def account_rows(accounts: Iterable[Account]) -> SafeString:
    """The ``<tr>`` elements of the account list for ``accounts`` (from ``selectors.account_list``)."""
    tiers = {value: str(label) for value, label in Tier.choices}
    industries = {value: str(label) for value, label in Industry.choices}
    return format_html_join("\n", ROW, (_row(account, tiers, industries) for account in accounts))
