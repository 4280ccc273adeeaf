"""The rows of the 360° page's tables, and its "coming soon" cards, rendered in Python.

As with the account list (``account_rows``), a template loop costs a node render per value,
a translation lookup per label and a ``reverse()`` per link; with contacts, top products,
product lines and years that made the page's template cost several times its SQL. Each
row here is one f-string with every value passed through ``html.escape`` (what Django's
``escape`` uses); the HTML is the one the templates gave. Headings and everything around
the rows stay in the templates.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy
from django_countries import countries

from kam.accounts.choices import Industry, LegalForm, Tier
from kam.contacts.choices import Attitude, BuyingRole
from kam.core.templatetags.kam_format import money_formatter, qty
from kam.users.choices import Department

DASH = "–"
NO_VALUE = f'<span class="text-body-secondary">{DASH}</span>'
PK_PLACEHOLDER = 987654321  # reverse() once per page; each row puts its id in place of this number
COMING_SOON = [
    (
        gettext_lazy("Opportunities"),
        gettext_lazy("New business, cross-selling, upselling and renewals with stage and probability."),
    ),
    (
        gettext_lazy("Contracts"),
        gettext_lazy("Terms, SLA, term and notice period, renewal and negotiation rounds."),
    ),
    (gettext_lazy("Feedback"), gettext_lazy("NPS and CSAT survey answers and complaints with their SLA.")),
    (
        gettext_lazy("KPIs & health"),
        gettext_lazy("Revenue trend, customer lifetime value, cross-selling rate and an explainable health score."),
    ),
]


@dataclass(frozen=True)
class Labels:
    """Choice labels and country names in one language (unescaped: for templates and Python alike)."""

    legal_forms: dict[str, str]
    industries: dict[str, str]
    tiers: dict[str, str]
    countries: dict[str, str]
    buying_roles: dict[str, str]
    attitudes: dict[str, str]
    departments: dict[str, str]


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> Labels:
    def of(choices: Any) -> dict[str, str]:
        return {value: str(label) for value, label in choices}

    return Labels(
        legal_forms=of(LegalForm.choices),
        industries=of(Industry.choices),
        tiers=of(Tier.choices),
        countries=of(countries),
        buying_roles=of(BuyingRole.choices),
        attitudes=of(Attitude.choices),
        departments=of(Department.choices),
    )


def labels() -> Labels:
    """The labels in the active language, worked out once per language."""
    return _labels(get_language())


@functools.lru_cache(maxsize=16)
def _influence(language: str | None) -> tuple[str, ...]:
    """The influence cell for 0–5 (what ``{% influence_dots %}`` renders)."""
    cells = [NO_VALUE]
    for value in range(1, 6):
        title = escape(gettext("Influence %(value)s of 5") % {"value": value})
        cells.append(
            f'<span class="kam-influence" title="{title}" aria-label="{title}">'
            f'<span class="on">{"●" * value}</span>{"●" * (5 - value)}</span>'
        )
    return tuple(cells)


def _date(value: Any, date_format: str) -> str:
    """What ``{{ value|date:"SHORT_DATE_FORMAT"|default:"–" }}`` renders; ``date_format``: the format looked up."""
    return escape(dateformat.format(value, date_format)) if value else DASH


def contact_rows(contacts: Iterable[Any]) -> SafeString:
    """The contacts table's rows: name (linked) and function, buying-centre role, attitude, influence, last contact."""
    texts, influence = labels(), _influence(get_language())
    url = reverse("contacts:detail", args=[PK_PLACEHOLDER])
    date_format = formats.get_format("SHORT_DATE_FORMAT")
    rows = []
    for contact in contacts:
        link = escape(url.replace(str(PK_PLACEHOLDER), str(contact.pk)))
        function = (
            f'<div class="small text-body-secondary">{escape(contact.function)}</div>' if contact.function else ""
        )
        role = escape(texts.buying_roles.get(contact.buying_role, contact.buying_role)) or DASH
        attitude = (
            f'<span class="kam-attitude kam-attitude-{escape(contact.attitude)}">'
            f"{escape(texts.attitudes.get(contact.attitude, contact.attitude))}</span>"
            if contact.attitude
            else NO_VALUE
        )
        dots = influence[contact.influence] if contact.influence in range(1, 6) else NO_VALUE
        rows.append(
            f'<tr><td><a href="{link}" class="fw-semibold">{escape(contact.full_name)}</a>{function}</td>'
            f"<td>{role}</td><td>{attitude}</td><td>{dots}</td>"
            f'<td class="num">{_date(contact.last_contact_date, date_format)}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above


def top_product_rows(products: Iterable[dict[str, Any]]) -> SafeString:
    """The top products table's rows (``selectors.account_top_products``): product, quantity, revenue."""
    money = money_formatter()
    url = reverse("products:detail", args=[PK_PLACEHOLDER])
    return mark_safe(  # noqa: S308 - every value escaped here
        "\n".join(
            f'<tr><td><a href="{escape(url.replace(str(PK_PLACEHOLDER), str(p["product_id"])))}">'
            f'{escape(p["product__name"])}</a><div class="small text-body-secondary">{escape(p["product__sku"])} · '
            f"{escape(p['product__product_line__name'])}</div></td>"
            f'<td class="num">{escape(qty(p["quantity"]))}</td><td class="num">{escape(money(p["revenue"]))}</td></tr>'
            for p in products
        )
    )


def team_items(team: Iterable[Any], account_pk: int, can_edit: bool, csrf_token: Any) -> SafeString:
    """The account team card's members (``<li>``): avatar, name, department and, for who may edit,
    a form that takes the member off the team."""
    departments = labels().departments
    url = reverse("accounts:team_remove", args=[account_pk, PK_PLACEHOLDER])
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">' if csrf_token else ""
    remove_text = escape(gettext("Remove"))  # outside the f-string, where makemessages finds it
    items = []
    for member in team:
        user = member.user
        name = escape(str(user))
        form = ""
        if can_edit:
            confirm = gettext("Take %(user)s off the account team?") % {"user": name}
            remove = gettext("Remove %(user)s") % {"user": name}
            form = (
                f'<form method="post" action="{escape(url.replace(str(PK_PLACEHOLDER), str(member.pk)))}">{csrf}'
                f'<button type="submit" class="btn btn-sm btn-link text-danger p-0" data-confirm="{confirm}" '
                f'aria-label="{remove}">{remove_text}</button></form>'
            )
        initial = escape((user.first_name or user.username)[:1].upper())
        items.append(
            '<li class="list-group-item d-flex align-items-center gap-2">'
            f'<span class="kam-avatar" aria-hidden="true">{initial}</span>'
            f'<div class="flex-grow-1"><div class="fw-semibold">{name}</div><div class="small text-body-secondary">'
            f"{escape(departments.get(member.department, member.department))}</div></div>{form}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped above


def _amounts(values: Iterable[Any], money: Any) -> str:
    return "".join(f'<td class="num">{escape(money(value))}</td>' for value in values)


def product_line_rows(table: list[dict[str, Any]]) -> SafeString:
    """The revenue by product line table's rows: the line, then its revenue per year."""
    money = money_formatter()
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(f"<tr><td>{escape(str(row['line']))}</td>{_amounts(row['values'], money)}</tr>" for row in table)
    )


def product_line_totals(totals: list[Any]) -> SafeString:
    """The cells of the product line table's total row, one per year."""
    return mark_safe(_amounts(totals, money_formatter()))  # noqa: S308 - escaped in _amounts


def revenue_rows(rows: list[dict[str, Any]], with_group: bool) -> SafeString:
    """The revenue by year table's rows: year, own revenue, margin, and group revenue if there is a group."""
    money = money_formatter()
    cells = []
    for row in rows:
        group = f'<td class="num">{escape(money(row["group"]))}</td>' if with_group else ""
        cells.append(
            f'<tr><td>{row["year"]}</td><td class="num">{escape(money(row["own"]))}</td>'
            f'<td class="num">{escape(money(row["margin"])) or DASH}</td>{group}</tr>'
        )
    return mark_safe("".join(cells))  # noqa: S308 - every value escaped above


@functools.lru_cache(maxsize=16)
def _coming_soon(language: str | None) -> str:
    # Our own texts and their translations, trusted as a template's {% translate "…" %} is (not escaped).
    badge = gettext("Coming soon")
    return "".join(
        f'<div class="col-md-6 col-xl-4"><section class="card kam-soon h-100" aria-label="{title}">'
        '<div class="card-body"><div class="d-flex justify-content-between align-items-start mb-2">'
        f'<h2 class="h6 mb-0">{title}</h2><span class="badge rounded-pill kam-soon-badge">{badge}</span>'
        f'</div><p class="small text-body-secondary mb-0">{text}</p></div></section></div>'
        for title, text in COMING_SOON
    )


def coming_soon_cards() -> SafeString:
    """The slots of capabilities still to come (opportunities, contracts, feedback, KPIs)."""
    return mark_safe(_coming_soon(get_language()))  # noqa: S308 - escaped in _coming_soon
