"""The demo company as a whole: ``generate()`` and the records it yields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from kam.demo.generator.accounts import AccountPlan, build_accounts
from kam.demo.generator.calendar import Calendar
from kam.demo.generator.catalog import Catalog, build_catalog
from kam.demo.generator.contacts import generate_contacts
from kam.demo.generator.orders import generate_order_lines
from kam.demo.generator.randomness import rng_for
from kam.demo.generator.records import (
    AccountRecord,
    ContactRecord,
    OrderLineRecord,
    ProductLineRecord,
    ProductRecord,
    TeamMemberRecord,
    UserRecord,
)
from kam.demo.generator.users import COMPANY_NAME, MIN_USERS, build_users

DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 2_000
DEFAULT_ORDER_LINES = 200_000
DEFAULT_USERS = 10
MAX_CUSTOMERS = 500_000
MAX_ORDER_LINES = 50_000_000


@dataclass(frozen=True)
class DemoConfig:
    """What to generate; the same config always gives the same data."""

    seed: int = DEFAULT_SEED
    customers: int = DEFAULT_CUSTOMERS
    order_lines: int = DEFAULT_ORDER_LINES
    users: int = DEFAULT_USERS
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        if not 1 <= self.customers <= MAX_CUSTOMERS:
            raise ValueError(f"customers must be between 1 and {MAX_CUSTOMERS:,}, not {self.customers:,}.")
        if not 0 <= self.order_lines <= MAX_ORDER_LINES:
            raise ValueError(f"order lines must be between 0 and {MAX_ORDER_LINES:,}, not {self.order_lines:,}.")
        if self.users < MIN_USERS:
            raise ValueError(f"users must be at least {MIN_USERS} (admin, head of KAM, KAM, team member).")


class DemoCompany:
    """A generated machine builder: its users, catalogue, customers, contacts and order lines.

    Users, products and accounts are lists (small even at 500,000 customers); contacts and
    order lines are generated on demand by :meth:`contacts` and :meth:`order_lines`, so
    millions of lines stream in bounded memory. Each call yields the same records again.
    """

    name = COMPANY_NAME

    def __init__(self, config: DemoConfig) -> None:
        self.config = config
        self.calendar = Calendar(config.today)
        self.catalog: Catalog = build_catalog()
        self.users: list[UserRecord] = build_users(rng_for(config.seed, "users"), config.users)
        self._plans: list[AccountPlan]
        self._plans, self.team_members = build_accounts(
            rng_for(config.seed, "accounts"), config.customers, self.calendar, self.users
        )
        self.accounts: list[AccountRecord] = [plan.record(self._plans) for plan in self._plans]

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """First and last possible order date."""
        return self.calendar.start, self.calendar.today

    @property
    def product_lines(self) -> list[ProductLineRecord]:
        return self.catalog.product_lines

    @property
    def products(self) -> list[ProductRecord]:
        return self.catalog.products

    @property
    def team(self) -> list[TeamMemberRecord]:
        return self.team_members

    def contacts(self) -> Iterator[ContactRecord]:
        """The contacts, account by account (superiors before their reports)."""
        return generate_contacts(rng_for(self.config.seed, "contacts"), self._plans, self.calendar)

    def order_lines(self) -> Iterator[OrderLineRecord]:
        """Exactly ``config.order_lines`` order lines, customer by customer, each in date order."""
        return generate_order_lines(self.config.seed, self._plans, self.config.order_lines, self.calendar, self.catalog)


def generate(
    seed: int = DEFAULT_SEED,
    customers: int = DEFAULT_CUSTOMERS,
    order_lines: int = DEFAULT_ORDER_LINES,
    today: dt.date | None = None,
    users: int = DEFAULT_USERS,
) -> DemoCompany:
    """Generate the demo company (plain Python; no database needed).

    ``today`` is the reference date (default: the real today): order lines cover the three
    full calendar years before it and its year up to that day.
    """
    config = DemoConfig(seed, customers, order_lines, users, today or dt.date.today())
    return DemoCompany(config)
