"""Typed records produced by the demo generator (plain Python, no Django).

Codes (tier, industry, legal form, buying role …) are the values of the Django choices
in ``kam.*.choices``; money is ``Decimal`` with two places, dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple


class UserRecord(NamedTuple):
    """A demo login: ``role`` and ``department`` are ``Role``/``Department`` values."""

    username: str
    password: str
    role: str
    department: str
    first_name: str
    last_name: str
    email: str


class ProductLineRecord(NamedTuple):
    """A product line of the machine builder."""

    code: str
    name: str


class ProductRecord(NamedTuple):
    """A product with its SKU, list price (today's) and planned margin in percent."""

    sku: str
    name: str
    product_line_code: str
    list_price: Decimal
    margin_percent: Decimal
    active: bool


class AccountRecord(NamedTuple):
    """A customer company; ``parent_external_id`` always names an earlier record."""

    external_id: str
    name: str
    legal_form: str
    parent_external_id: str
    industry: str
    employees: int
    street: str
    postal_code: str
    city: str
    country: str
    website: str
    tier: str
    owner_username: str


class TeamMemberRecord(NamedTuple):
    """A user on an account team in a department role."""

    account_external_id: str
    username: str
    department: str


class ContactRecord(NamedTuple):
    """A person at a customer; ``reports_to_external_id`` names an earlier contact of the same account."""

    external_id: str
    account_external_id: str
    first_name: str
    last_name: str
    function: str
    department: str
    email: str
    phone: str
    reports_to_external_id: str
    buying_role: str
    attitude: str
    influence: int
    last_contact_date: dt.date | None
    relationship_owner: str = ""  # username of our person who holds the relationship
    relationship_strength: int | None = None  # 1–5


class OrderLineRecord(NamedTuple):
    """One invoiced line; credit notes have negative revenue, quantities are never negative."""

    external_id: str
    account_external_id: str
    product_sku: str
    date: dt.date
    quantity: Decimal
    net_revenue: Decimal
    margin: Decimal
    document_number: str
