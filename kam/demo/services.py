"""Writes of the demo app: load a generated demo company into the database, or flush business data.

The generator (:mod:`kam.demo.generator`) knows nothing of Django; this module writes its
records in batches: ``bulk_create`` for master data, and for order lines ``executemany``
on SQLite or ``COPY`` on PostgreSQL. Everything runs in one transaction, so a failed
load leaves the database as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.models import Account, AccountRevenueMonth, AccountRevenueYear, AccountTeamMember
from kam.accounts.services import revenue_summary_refresh
from kam.contacts.models import Contact
from kam.demo.activities import demo_activities_create
from kam.demo.generator import ContactRecord, DemoCompany, OrderLineRecord, UserRecord
from kam.demo.plans import demo_plans_create
from kam.orders.models import OrderLine
from kam.portfolio.models import PortfolioRun
from kam.portfolio.services import portfolio_refresh_all
from kam.products.models import Product, ProductLine
from kam.users.choices import Role
from kam.users.models import User
from kam.users.services import user_create

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while loading."""

HISTORY_REASON = "Demo data"
SQLITE_LOAD_CACHE_KIB = 256 * 1024  # SQLite page cache while inserting order lines
ORDER_LINE_COLUMNS = (
    "external_id", "account_id", "product_id", "date", "quantity", "net_revenue", "margin", "document_number",
)  # fmt: skip


class DemoDataError(Exception):
    """The demo data cannot be loaded or flushed; the message says why."""


@dataclass(frozen=True)
class Login:
    """A demo login; a user that existed before (``created`` false) kept its own password."""

    username: str
    password: str
    role: str
    created: bool


@dataclass
class LoadResult:
    """What :func:`demo_data_load` wrote."""

    logins: list[Login]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def business_data_counts() -> dict[str, int]:
    """How many accounts, contacts, products, product lines and order lines the database holds."""
    return {
        "accounts": Account.objects.count(),
        "contacts": Contact.objects.count(),
        "product_lines": ProductLine.objects.count(),
        "products": Product.objects.count(),
        "order_lines": OrderLine.objects.count(),
    }


def demo_logins(users: Iterable[UserRecord]) -> list[Login]:
    """The demo users that exist in the database, with their demo passwords."""
    records = list(users)
    existing = set(
        User.objects.filter(username__in=[record.username for record in records]).values_list("username", flat=True)
    )
    return [Login(r.username, r.password, r.role, created=False) for r in records if r.username in existing]


def _noop(stage: str, done: int, total: int) -> None:
    """Progress callback that reports nothing."""


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# -- users, catalogue, accounts ------------------------------------------------------------------


def _load_users(records: list[UserRecord]) -> tuple[dict[str, int], list[Login]]:
    """Create the demo users (one password hash per role); users that exist already are kept as they are."""
    existing = {user.username: user for user in User.objects.filter(username__in=[r.username for r in records])}
    hashes: dict[str, str] = {}
    ids: dict[str, int] = {}
    logins: list[Login] = []
    for record in records:
        user = existing.get(record.username)
        if user is None:
            user = user_create(
                username=record.username,
                password=None,
                role=Role(record.role),
                first_name=record.first_name,
                last_name=record.last_name,
                email=record.email,
                department=record.department,
                validate=False,
            )
            if record.password not in hashes:
                hashes[record.password] = make_password(record.password)
            user.password = hashes[record.password]
            user.save(update_fields=["password"])
        logins.append(Login(record.username, record.password, record.role, created=record.username not in existing))
        ids[record.username] = user.pk
    return ids, logins


def _load_catalogue(company: DemoCompany) -> dict[str, int]:
    """Product lines and products; returns product ids by SKU."""
    lines = ProductLine.objects.bulk_create(
        [ProductLine(code=line.code, name=line.name) for line in company.product_lines]
    )
    line_ids = {line.code: line.pk for line in lines}
    products = Product.objects.bulk_create(
        [
            Product(
                sku=p.sku,
                name=p.name,
                product_line_id=line_ids[p.product_line_code],
                list_price=p.list_price,
                margin_percent=p.margin_percent,
                active=p.active,
            )
            for p in company.products
        ],
        batch_size=1000,
    )
    return {product.sku: product.pk for product in products}


def _load_accounts(
    company: DemoCompany, user_ids: dict[str, int], batch_size: int, progress: Progress
) -> dict[str, int]:
    """Accounts level by level (parents before subsidiaries), with an initial history record each."""
    depth: dict[str, int] = {}
    for record in company.accounts:
        depth[record.external_id] = depth[record.parent_external_id] + 1 if record.parent_external_id else 0
    ids: dict[str, int] = {}
    now = timezone.now()
    total = len(company.accounts)
    for level in range(max(depth.values(), default=-1) + 1):
        records = [record for record in company.accounts if depth[record.external_id] == level]
        for batch in _batches(records, batch_size):
            accounts = [
                Account(
                    external_id=r.external_id,
                    name=r.name,
                    legal_form=r.legal_form,
                    parent_id=ids[r.parent_external_id] if r.parent_external_id else None,
                    industry=r.industry,
                    employees=r.employees,
                    street=r.street,
                    postal_code=r.postal_code,
                    city=r.city,
                    country=r.country,
                    website=r.website,
                    tier=r.tier,
                    owner_id=user_ids.get(r.owner_username),
                )
                for r in batch
            ]
            Account.objects.bulk_create(accounts)
            Account.history.bulk_history_create(accounts, default_change_reason=HISTORY_REASON, default_date=now)  # type: ignore[attr-defined]
            ids.update((account.external_id, account.pk) for account in accounts if account.external_id)
            progress("accounts", len(ids), total)
    return ids


def _load_team(company: DemoCompany, account_ids: dict[str, int], user_ids: dict[str, int]) -> int:
    members = [
        AccountTeamMember(
            account_id=account_ids[m.account_external_id], user_id=user_ids[m.username], department=m.department
        )
        for m in company.team_members
    ]
    AccountTeamMember.objects.bulk_create(members, batch_size=1000)
    return len(members)


# -- contacts ----------------------------------------------------------------------------------


def _contact(record: ContactRecord, account_id: int, reports_to_id: int | None, user_ids: dict[str, int]) -> Contact:
    return Contact(
        external_id=record.external_id,
        account_id=account_id,
        first_name=record.first_name,
        last_name=record.last_name,
        function=record.function,
        department=record.department,
        email=record.email,
        phone=record.phone,
        reports_to_id=reports_to_id,
        buying_role=record.buying_role,
        attitude=record.attitude,
        influence=record.influence,
        last_contact_date=record.last_contact_date,
        relationship_owner_id=user_ids.get(record.relationship_owner) if record.relationship_owner else None,
        relationship_strength=record.relationship_strength,
    )


def _contact_batches(contacts: Iterable[ContactRecord], size: int) -> Iterator[list[ContactRecord]]:
    """Batches of about ``size`` contacts that never split an account (reporting lines stay inside)."""
    batch: list[ContactRecord] = []
    for _account, group in groupby(contacts, key=lambda contact: contact.account_external_id):
        batch.extend(group)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_contacts(
    company: DemoCompany, account_ids: dict[str, int], user_ids: dict[str, int], batch_size: int, progress: Progress
) -> int:
    """Contacts in batches; within a batch superiors are inserted before the people reporting to them."""
    now = timezone.now()
    written = 0
    for batch in _contact_batches(company.contacts(), batch_size):
        depth: dict[str, int] = {}
        for record in batch:
            boss = record.reports_to_external_id
            depth[record.external_id] = depth[boss] + 1 if boss else 0
        ids: dict[str, int] = {}
        for level in range(max(depth.values()) + 1):
            contacts = [
                _contact(
                    r,
                    account_ids[r.account_external_id],
                    ids[r.reports_to_external_id] if r.reports_to_external_id else None,
                    user_ids,
                )
                for r in batch
                if depth[r.external_id] == level
            ]
            Contact.objects.bulk_create(contacts)
            Contact.history.bulk_history_create(contacts, default_change_reason=HISTORY_REASON, default_date=now)  # type: ignore[attr-defined]
            ids.update((contact.external_id, contact.pk) for contact in contacts if contact.external_id)
        written += len(batch)
        progress("contacts", written, 0)
    return written


# -- order lines -------------------------------------------------------------------------------


def _order_rows(
    lines: Iterable[OrderLineRecord], account_ids: dict[str, int], product_ids: dict[str, int]
) -> Iterator[tuple[Any, ...]]:
    for line in lines:
        yield (
            line.external_id,
            account_ids[line.account_external_id],
            product_ids[line.product_sku],
            line.date,
            line.quantity,
            line.net_revenue,
            line.margin,
            line.document_number,
        )


def _insert_order_lines(rows: Iterator[tuple[Any, ...]], total: int, batch_size: int, progress: Progress) -> int:
    """Insert order line rows: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
    table = OrderLine._meta.db_table
    column_names = {field.attname: str(field.column) for field in OrderLine._meta.concrete_fields}
    columns = ", ".join(column_names[name] for name in ORDER_LINE_COLUMNS)
    written = 0
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for batch in _batches(rows, batch_size):
                for row in batch:
                    copy.write_row(row)
                written += len(batch)
                progress("order lines", written, total)
        return written
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['?'] * len(ORDER_LINE_COLUMNS))})"
    cursor = raw.cursor()
    # The indexes on product/date and date take random inserts: a bigger page cache keeps them in memory.
    previous_cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}")
    try:
        for batch in _batches(rows, batch_size):
            cursor.executemany(sql, batch)
            written += len(batch)
            progress("order lines", written, total)
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(previous_cache)}")
        cursor.close()
    return written


# -- public services ---------------------------------------------------------------------------


@transaction.atomic
def demo_data_load(*, company: DemoCompany, progress: Progress | None = None, batch_size: int = 5_000) -> LoadResult:
    """Write the generated company into an empty database, fill the stored monthly and yearly
    revenue, analyse the portfolio (so that the portfolio pages show it at once), write account
    plans of the largest key accounts (:mod:`kam.demo.plans`) and a year of activities and tasks on
    the key and growth accounts (:mod:`kam.demo.activities`).

    Users that already exist (same username) are kept with their password; accounts,
    contacts, products and order lines must not exist yet (flush them first). Raises
    :class:`DemoDataError` when business data is present.
    """
    report = progress or _noop
    started = time.monotonic()
    present = {name: count for name, count in business_data_counts().items() if count}
    if present:
        listing = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in present.items())
        raise DemoDataError(_("The database already holds business data (%(listing)s).") % {"listing": listing})
    user_ids, logins = _load_users(company.users)
    report("users", len(user_ids), len(user_ids))
    product_ids = _load_catalogue(company)
    report("products", len(product_ids), len(product_ids))
    account_ids = _load_accounts(company, user_ids, batch_size, report)
    team = _load_team(company, account_ids, user_ids)
    contacts = _load_contacts(company, account_ids, user_ids, batch_size, report)
    rows = _order_rows(company.order_lines(), account_ids, product_ids)
    lines = _insert_order_lines(rows, company.config.order_lines, batch_size * 4, report)
    report("revenue summary", 0, 0)
    revenue_rows = revenue_summary_refresh()
    report("portfolio analysis", 0, 0)
    portfolio_refresh_all()
    report("account plans", 0, 0)
    plans = demo_plans_create(seed=company.config.seed, today=company.config.today)
    report("activities and tasks", 0, 0)
    activities = demo_activities_create(seed=company.config.seed, today=company.config.today, usernames=user_ids)
    counts = {
        "users": len(user_ids),
        "products": len(product_ids),
        "accounts": len(account_ids),
        "team_members": team,
        "contacts": contacts,
        "order_lines": lines,
        "revenue_years": revenue_rows,
        "account_plans": plans,
        "activities": activities["activities"],
        "tasks": activities["tasks"],
        "task_comments": activities["task_comments"],
    }
    return LoadResult(logins=logins, counts=counts, seconds=time.monotonic() - started)


@transaction.atomic
def demo_data_flush() -> dict[str, int]:
    """Delete all business data: order lines, revenue summaries, portfolio analyses, contacts,
    accounts (with everything that belongs to them: account plans with their versions, wallet
    estimates, whitespace entries, activities, tasks with their comments), products and product
    lines, and the history of accounts and contacts.

    Users are kept. Raises :class:`DemoDataError` (and deletes nothing) if other data protects
    an account or product from deletion.
    """
    counts = business_data_counts()
    try:
        OrderLine.objects.all().delete()
        AccountRevenueYear.objects.all().delete()
        AccountRevenueMonth.objects.all().delete()
        PortfolioRun.objects.all().delete()
        Contact.objects.update(reports_to=None)
        Contact.objects.all().delete()
        Account.objects.update(parent=None)
        Account.objects.all().delete()
        Product.objects.all().delete()
        ProductLine.objects.all().delete()
    except ProtectedError as error:
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise DemoDataError(
            _("Cannot delete the business data: %(models)s still refer to it.") % {"models": ", ".join(blockers)}
        ) from error
    Account.history.all().delete()  # type: ignore[attr-defined]
    Contact.history.all().delete()  # type: ignore[attr-defined]
    return counts
