"""The plan page's small reads, written as SQL and read through ``Model.objects.raw``.

The plan page needs some fifteen reads of a few rows each (the plan's goals, measures,
risks, SWOT items, review steps, versions, the account team and contacts). Through the
query builder each cost 0.5–1.5 ms of Python (building, compiling, ``select_related``)
for well under 0.1 ms of SQL, several times the SQL the page needs. Here each is one
hand-written statement; ``raw()`` still gives model instances with their fields converted
as the ORM does (decimals, dates and aware datetimes on every database), so the sections
and their rows treat them as before. The names of the users they show are read in the same
statement and set as the related user (a ``User`` with its names only).

Callers have checked access: the plan was read through the access rule, and the contacts
are those of the units the user may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models

from kam.accounts.models import Account, AccountTeamMember
from kam.contacts.models import Contact
from kam.core.raw_reads import instance, named_user
from kam.plans.models import (
    AccountPlan,
    Goal,
    Measure,
    PlanReview,
    PlanVersion,
    Risk,
    SwotItem,
    WalletEstimate,
)
from kam.products.models import ProductLine

M = TypeVar("M", bound=models.Model)


def _names(alias: str, prefix: str) -> str:
    """The columns naming the user ``alias`` (first and last name, username) as ``<prefix>_…``."""
    return (
        f"{alias}.first_name AS {prefix}_first, {alias}.last_name AS {prefix}_last, {alias}.username AS {prefix}_user"
    )


def _with_users(rows: Iterable[M], *relations: str) -> list[M]:
    """The rows with each ``relation`` set to a ``User`` holding only the names read with the row."""
    out = []
    for row in rows:
        for relation in relations:
            user = named_user(
                getattr(row, f"{relation}_id"),
                getattr(row, f"{relation}_first"),
                getattr(row, f"{relation}_last"),
                getattr(row, f"{relation}_user"),
            )
            setattr(row, relation, user)
        out.append(row)
    return out


def plan(pk: int) -> AccountPlan | None:
    """The plan with what its page shows of its account (name, location, parent, owner, whether it has
    subsidiaries), the names of both owners and the period of the plan it started from; None if there
    is no such plan.

    The caller applies the access rule to it.
    """
    sql = (
        "SELECT pl.id, pl.account_id, pl.title, pl.period_start, pl.period_end, pl.status, pl.owner_id, "
        "pl.based_on_id, pl.customer_strategy, pl.customer_needs, pl.market_trends, pl.competitors, "
        "pl.submitted_at, pl.approved_at, a.name AS a_name, a.city AS a_city, a.country AS a_country, "
        f"a.parent_id AS a_parent, a.owner_id AS a_owner, {_names('ao', 'account_owner')}, {_names('po', 'owner')}, "
        "b.period_start AS b_start, b.period_end AS b_end, "
        "EXISTS (SELECT 1 FROM accounts_account s WHERE s.parent_id = a.id) AS a_has_subsidiaries "
        "FROM plans_accountplan pl "
        "JOIN accounts_account a ON a.id = pl.account_id LEFT JOIN users_user ao ON ao.id = a.owner_id "
        "LEFT JOIN users_user po ON po.id = pl.owner_id LEFT JOIN plans_accountplan b ON b.id = pl.based_on_id "
        "WHERE pl.id = %s"
    )
    found = list(AccountPlan.objects.raw(sql, [pk]))
    if not found:
        return None
    row: Any = found[0]
    account = instance(
        Account,
        {
            "id": row.account_id,
            "name": row.a_name,
            "city": row.a_city,
            "country": row.a_country,
            "parent_id": row.a_parent,
            "owner_id": row.a_owner,
        },
    )
    account.owner = named_user(row.a_owner, row.account_owner_first, row.account_owner_last, row.account_owner_user)
    # What account_get(flag_subsidiaries=True) sets: account_descendant_ids reads nothing when False.
    account.has_subsidiaries = bool(row.a_has_subsidiaries)  # type: ignore[attr-defined]
    row.account = account
    row.owner = named_user(row.owner_id, row.owner_first, row.owner_last, row.owner_user)
    based_on = None
    if row.based_on_id is not None:
        based_on = instance(AccountPlan, {"id": row.based_on_id, "period_start": row.b_start, "period_end": row.b_end})
    row.based_on = based_on
    return row  # type: ignore[no-any-return]


def goals(plan: AccountPlan) -> list[Goal]:
    """The plan's goals by due date (``product_line`` left to the caller, who has read the lines)."""
    sql = (
        "SELECT id, plan_id, title, metric, product_line_id, baseline, target, due_date, current_value "
        "FROM plans_goal WHERE plan_id = %s ORDER BY due_date, id"
    )
    return list(Goal.objects.raw(sql, [plan.pk]))


def measures(plan: AccountPlan, goals_by_id: dict[int, Goal]) -> list[Measure]:
    """The plan's measures by due date with who does them; ``goal`` set from the plan's goals."""
    sql = (
        "SELECT m.id, m.plan_id, m.goal_id, m.title, m.description, m.assignee_id, m.department, m.due_date, "
        f"m.status, {_names('u', 'assignee')} FROM plans_measure m LEFT JOIN users_user u ON u.id = m.assignee_id "
        "WHERE m.plan_id = %s ORDER BY m.due_date, m.id"
    )
    rows = _with_users(Measure.objects.raw(sql, [plan.pk]), "assignee")
    for measure in rows:
        goal = goals_by_id.get(measure.goal_id) if measure.goal_id is not None else None
        if goal is not None:
            measure.goal = goal
    return rows


def risks(plan: AccountPlan) -> list[Risk]:
    """The plan's risks, the highest probability and impact first, with their owners."""
    sql = (
        "SELECT r.id, r.plan_id, r.description, r.probability, r.impact, r.mitigation, r.owner_id, "
        f"{_names('u', 'owner')} FROM plans_risk r LEFT JOIN users_user u ON u.id = r.owner_id "
        "WHERE r.plan_id = %s ORDER BY r.probability DESC, r.impact DESC, r.id"
    )
    return _with_users(Risk.objects.raw(sql, [plan.pk]), "owner")


def swot_items(plan: AccountPlan) -> list[SwotItem]:
    """The plan's SWOT items in the order they were written."""
    sql = "SELECT id, plan_id, kind, text FROM plans_swotitem WHERE plan_id = %s ORDER BY id"
    return list(SwotItem.objects.raw(sql, [plan.pk]))


def reviews(plan: AccountPlan) -> list[PlanReview]:
    """The plan's review log, newest first, with who took each step."""
    sql = (
        f"SELECT r.id, r.plan_id, r.action, r.comment, r.created_at, r.reviewer_id, {_names('u', 'reviewer')} "
        "FROM plans_planreview r LEFT JOIN users_user u ON u.id = r.reviewer_id "
        "WHERE r.plan_id = %s ORDER BY r.created_at DESC, r.id DESC"
    )
    return _with_users(PlanReview.objects.raw(sql, [plan.pk]), "reviewer")


def versions(account_id: int) -> list[PlanVersion]:
    """The approved versions of every plan of the account, newest first, with the period of their plan."""
    sql = (
        "SELECT v.id, v.plan_id, v.number, v.approved_at, v.approved_by_id, p.period_start, p.period_end, "
        f"{_names('u', 'approved_by')} FROM plans_planversion v JOIN plans_accountplan p ON p.id = v.plan_id "
        "LEFT JOIN users_user u ON u.id = v.approved_by_id WHERE p.account_id = %s "
        "ORDER BY v.approved_at DESC, v.id DESC"
    )
    rows = _with_users(PlanVersion.objects.raw(sql, [account_id]), "approved_by")
    for version in rows:
        version.plan = AccountPlan(
            pk=version.plan_id,
            account_id=account_id,
            period_start=version.period_start,  # type: ignore[attr-defined]
            period_end=version.period_end,  # type: ignore[attr-defined]
        )
    return rows


def team(account_id: int) -> list[AccountTeamMember]:
    """The account team by department and last name, with the members' names."""
    sql = (
        f"SELECT t.id, t.account_id, t.user_id, t.department, {_names('u', 'user')} "
        "FROM accounts_accountteammember t JOIN users_user u ON u.id = t.user_id "
        "WHERE t.account_id = %s ORDER BY t.department, u.last_name, t.id"
    )
    return _with_users(AccountTeamMember.objects.raw(sql, [account_id]), "user")


def product_lines() -> list[ProductLine]:
    """Every product line by name."""
    return list(ProductLine.objects.raw("SELECT id, code, name FROM products_productline ORDER BY name, id"))


def wallet_estimates(account_id: int) -> dict[tuple[int | None, int], Decimal]:
    """The account's estimated spend keyed by (product line id or None for the whole spend, year)."""
    sql = "SELECT id, product_line_id, year, estimated_spend FROM plans_walletestimate WHERE account_id = %s"
    return {(e.product_line_id, e.year): e.estimated_spend for e in WalletEstimate.objects.raw(sql, [account_id])}


def whitespace_entries(account_ids: list[int]) -> dict[tuple[int, int], tuple[str, str]]:
    """What people entered about the accounts' product lines: (status, competitor) by (account, line)."""
    if not account_ids:
        return {}
    marks = ", ".join(["%s"] * len(account_ids))
    sql = (
        "SELECT account_id, product_line_id, status, competitor FROM plans_whitespaceentry "
        f"WHERE account_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, account_ids)
        return {(unit, line): (status, competitor) for unit, line, status, competitor in cursor.fetchall()}


def contacts(account_ids: list[int]) -> list[Contact]:
    """The contacts of the accounts by name, with what the stakeholder map shows and its owner of the relationship."""
    if not account_ids:
        return []
    marks = ", ".join(["%s"] * len(account_ids))
    sql = (
        "SELECT c.id, c.account_id, c.first_name, c.last_name, c.function, c.department, c.reports_to_id, "
        "c.buying_role, c.attitude, c.influence, c.relationship_strength, c.last_contact_date, "
        f"c.relationship_owner_id, {_names('u', 'relationship_owner')} FROM contacts_contact c "
        f"LEFT JOIN users_user u ON u.id = c.relationship_owner_id WHERE c.account_id IN ({marks}) "
        "ORDER BY c.last_name, c.first_name, c.id"
    )
    return _with_users(Contact.objects.raw(sql, account_ids), "relationship_owner")
