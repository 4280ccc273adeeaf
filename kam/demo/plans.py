"""Account plans of the demo company, written through the plan services of :mod:`kam.plans`.

:func:`demo_plans_create` plans the largest key accounts (the top of each key group, by last
year's revenue of the account and its subsidiaries) for the current year: most plans approved
and in force, some of them started from last year's plan (archived on approval, so versions and
"new plan from the last one" show), two in review and two drafts (one sent back by the head of
KAM). Goals start from the account's real revenue; measures, risks, SWOT, wallet estimates and
whitespace entries are drawn from :mod:`kam.demo.plan_texts` with a generator seeded by the demo
seed and the account, so the same demo gives the same plans. The owning KAM writes each plan,
the head of KAM reviews it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from kam.accounts.choices import Tier
from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember
from kam.demo import plan_texts as texts
from kam.demo.generator.randomness import rng_for
from kam.orders.models import OrderLine
from kam.plans import services
from kam.plans.access import can_plan_account
from kam.plans.children import plan_item_create, plan_item_update, wallet_estimate_set, whitespace_entry_set
from kam.plans.choices import GoalMetric, MeasureStatus, WhitespaceStatus
from kam.plans.models import AccountPlan, Goal, Measure, Risk, SwotItem
from kam.products.models import ProductLine
from kam.users.choices import Role
from kam.users.models import User

PLAN_COUNT = 12
ACTIVE, ACTIVE_FROM_LAST_YEAR, IN_REVIEW, DRAFT, SENT_BACK = "active", "from_last_year", "in_review", "draft", "back"
# What the plan of the n-th largest account becomes (12 plans: 8 active, 3 of them started
# from last year's plan, 2 in review, 2 drafts); fewer accounts take the first ones.
STATUS_PATTERN = (
    ACTIVE_FROM_LAST_YEAR, ACTIVE, IN_REVIEW, ACTIVE, DRAFT, ACTIVE_FROM_LAST_YEAR,
    ACTIVE, IN_REVIEW, ACTIVE, SENT_BACK, ACTIVE_FROM_LAST_YEAR, ACTIVE,
)  # fmt: skip
THOUSAND = Decimal(1000)


def _rounded(value: Decimal | float, step: Decimal = THOUSAND) -> Decimal:
    """``value`` rounded to a multiple of ``step`` (whole thousands of euros by default)."""
    return (Decimal(value) / step).quantize(Decimal(1)) * step


class Sales:
    """Revenue of the planned accounts' units by (unit, year) and product line id, read in one query."""

    def __init__(self, unit_ids: list[int], first_year: int, today: dt.date) -> None:
        rows = (
            OrderLine.objects.filter(account_id__in=unit_ids, date__gte=dt.date(first_year, 1, 1), date__lte=today)
            .annotate(year=ExtractYear("date"))
            .values_list("account_id", "year", "product__product_line_id")
            .annotate(revenue=Sum("net_revenue"))
            .order_by()
        )
        self.cells: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
        for unit, year, line, revenue in rows:
            self.cells[unit, year][line] = revenue

    def total(self, units: list[int], year: int, line: int | None = None) -> Decimal:
        """Revenue of ``units`` in ``year`` (of one product line, or of all)."""
        found = Decimal(0)
        for unit in units:
            lines = self.cells.get((unit, year), {})
            found += sum(lines.values(), Decimal(0)) if line is None else lines.get(line, Decimal(0))
        return found

    def bought(self, unit: int, line: int, years: tuple[int, ...]) -> bool:
        """Whether ``unit`` bought from ``line`` in one of ``years``."""
        return any(self.cells.get((unit, year), {}).get(line) for year in years)


@dataclass
class Target:
    """A planned account: its units, authors, team, what its plan becomes and its random stream."""

    account: Account
    units: list[int]
    kind: str
    author: User
    team: list[AccountTeamMember]
    rng: random.Random
    lines: list[ProductLine] = field(default_factory=list)  # by last year's revenue, most first
    share: float = 0.0  # share of wallet in the main line last year, in percent


@dataclass(frozen=True)
class Context:
    """What every demo plan needs: the day, the reviewer, the sales and the product lines."""

    today: dt.date
    reviewer: User | None
    sales: Sales
    lines: list[ProductLine]

    @property
    def year(self) -> int:
        return self.today.year


# -- choosing the accounts --------------------------------------------------------------------------


def _units_by_account() -> tuple[dict[int, list[int]], list[tuple[int, str]]]:
    """Each account's units (itself and its subsidiaries), and the key accounts at the top of a key group."""
    rows = list(Account.objects.values_list("pk", "parent_id", "tier", "external_id").order_by("pk"))
    children: dict[int, list[int]] = defaultdict(list)
    tiers = {pk: tier for pk, _parent, tier, _ext in rows}
    for pk, parent, _tier, _ext in rows:
        if parent is not None:
            children[parent].append(pk)
    tops = [(pk, ext or "") for pk, parent, tier, ext in rows if tier == Tier.KEY and tiers.get(parent) != Tier.KEY]
    units: dict[int, list[int]] = {}
    for pk, _ext in tops:
        found, frontier = [pk], [pk]
        while frontier:
            frontier = [child for parent in frontier for child in children.get(parent, [])]
            found.extend(frontier)
        units[pk] = found
    return units, tops


def _largest(count: int, year: int) -> list[tuple[Account, list[int]]]:
    """The ``count`` largest key groups (with their units) by revenue in ``year`` whose owner is a KAM
    who may plan them."""
    units, tops = _units_by_account()
    revenue: dict[int, Decimal] = dict(
        AccountRevenueYear.objects.filter(year=year).values_list("account_id", "net_revenue").order_by()
    )
    ranked = sorted(tops, key=lambda top: (-sum(revenue.get(u, Decimal(0)) for u in units[top[0]]), top[1]))
    accounts = Account.objects.select_related("owner").in_bulk([pk for pk, _ext in ranked[: count * 3]])
    chosen: list[tuple[Account, list[int]]] = []
    for pk, _ext in ranked:
        account = accounts.get(pk)
        if account is None or len(chosen) == count:
            break
        owner = account.owner
        if owner is not None and owner.role == Role.KAM and can_plan_account(owner, account):
            chosen.append((account, units[pk]))
    return chosen


def _reviewer() -> User | None:
    """The head of KAM who approves the demo plans (an administrator if there is none)."""
    for role in (Role.HEAD_OF_KAM, Role.ADMIN):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is not None:
            return user
    return None


def _targets(seed: int, chosen: list[tuple[Account, list[int]]], ctx: Context) -> list[Target]:
    """The chosen accounts with what their plans become, their teams and product lines by revenue."""
    teams: dict[int, list[AccountTeamMember]] = defaultdict(list)
    members = AccountTeamMember.objects.filter(account__in=[a for a, _u in chosen]).select_related("user")
    for member in members.order_by("pk"):
        teams[member.account_id].append(member)
    targets = []
    for rank, (account, units) in enumerate(chosen):
        kind = STATUS_PATTERN[rank % len(STATUS_PATTERN)]
        if ctx.reviewer is None and kind in (ACTIVE, ACTIVE_FROM_LAST_YEAR, SENT_BACK):
            kind = DRAFT  # nobody could review it
        assert account.owner is not None
        rng = rng_for(seed, "plans", account.external_id or account.pk)
        target = Target(account, units, kind, account.owner, teams[account.pk], rng)
        revenue = {line.pk: ctx.sales.total(units, ctx.year - 1, line.pk) for line in ctx.lines}
        target.lines = sorted(ctx.lines, key=lambda line: (-revenue[line.pk], line.name))
        target.share = round(rng.uniform(22, 45), 1)
        targets.append(target)
    return targets


# -- what a plan holds --------------------------------------------------------------------------------


def _words(target: Target) -> dict[str, str]:
    main, second = target.lines[0], target.lines[min(3, len(target.lines) - 1)]
    return {"line": main.name, "second": second.name, "customer": target.account.name}


def _wallet(target: Target, ctx: Context, year: int) -> Decimal:
    """The customer's estimated spend in the main product line in ``year`` (about 4 % more each year)."""
    last = ctx.sales.total(target.units, ctx.year - 1, target.lines[0].pk)
    spend = Decimal(last) * 100 / Decimal(str(target.share)) * Decimal("1.04") ** (year - ctx.year + 1)
    return max(_rounded(spend), THOUSAND)


def _goal_specs(target: Target, ctx: Context, year: int) -> list[dict[str, Any]]:
    """Goals of a plan for ``year``: revenue, main line and share of wallet, then NPS, a second line, a count."""
    rng, sales, units, words = target.rng, ctx.sales, target.units, _words(target)
    end, main, second = dt.date(year, 12, 31), target.lines[0], target.lines[min(3, len(target.lines) - 1)]
    revenue, line_revenue = sales.total(units, year - 1), sales.total(units, year - 1, main.pk)
    percent = rng.choice((5, 6, 8, 10, 12))
    specs = [
        {"title": texts.REVENUE_GOAL.format(percent=percent, **words), "metric": GoalMetric.REVENUE,
         "baseline": _rounded(revenue), "target": _rounded(revenue * (100 + percent) / 100), "due_date": end},
        {"title": texts.LINE_GOAL.format(**words), "metric": GoalMetric.PRODUCT_LINE_REVENUE, "product_line": main,
         "baseline": _rounded(line_revenue), "target": _rounded(line_revenue * Decimal(rng.uniform(1.1, 1.25))),
         "due_date": end},
    ]  # fmt: skip
    if line_revenue > 0:
        share = min(line_revenue * 100 / _wallet(target, ctx, year - 1), Decimal(90)).quantize(Decimal("0.1"))
        wallet = {"title": texts.WALLET_GOAL.format(**words), "metric": GoalMetric.SHARE_OF_WALLET}
        specs.append({**wallet, "product_line": main, "baseline": share, "target": share + rng.randint(4, 10),
                      "due_date": end})  # fmt: skip
    nps = rng.randint(5, 35)
    extras = [
        {"title": texts.NPS_GOAL, "metric": GoalMetric.NPS, "baseline": Decimal(nps),
         "target": Decimal(nps + rng.randint(8, 15)), "current_value": Decimal(nps + rng.randint(-4, 10)),
         "due_date": dt.date(year, 11, 30)},
        {"title": texts.SECOND_LINE_GOAL.format(line=second.name), "metric": GoalMetric.PRODUCT_LINE_REVENUE,
         "product_line": second, "baseline": _rounded(sales.total(units, year - 1, second.pk)),
         "target": _rounded(sales.total(units, year - 1, second.pk) * Decimal("1.3")) + 25 * THOUSAND,
         "due_date": dt.date(year, 9, 30)},
        {"title": rng.choice(texts.COUNT_GOALS), "metric": GoalMetric.COUNT, "baseline": Decimal(0),
         "target": Decimal(rng.randint(3, 6)), "current_value": Decimal(rng.randint(0, 3)),
         "due_date": dt.date(year, 10, 31)},
    ]  # fmt: skip
    return specs + extras[: rng.randint(1 if len(specs) == 2 else 0, 3)]


def _measure_status(rng: random.Random, due: dt.date, today: dt.date) -> str:
    """Most past measures done, some overdue, a few cancelled; future ones open or under way."""
    draw = rng.random()
    if due < today:
        if draw < 0.6:
            return MeasureStatus.DONE
        if draw < 0.9:
            return MeasureStatus.IN_PROGRESS if draw < 0.75 else MeasureStatus.OPEN
        return MeasureStatus.CANCELLED
    if (due - today).days <= 60 and draw < 0.5:
        return MeasureStatus.IN_PROGRESS
    return MeasureStatus.OPEN


def _who(target: Target, department: str) -> tuple[User | None, str]:
    """The person and department doing a measure: the team member of that department, the KAM, or the department."""
    if department == "key_account_management":
        return target.author, department
    member = next((m for m in target.team if m.department == department), None)
    if member is None and target.team and target.rng.random() < 0.4:
        member = target.rng.choice(target.team)
    return (member.user, member.department) if member is not None else (None, department)


def _measures(target: Target, plan: AccountPlan, goals: list[Goal], count: int, today: dt.date) -> None:
    rng, year = target.rng, plan.period_start.year
    months = sorted(rng.sample(range(1, 13), count))
    for (title, department, details), month in zip(rng.sample(texts.MEASURES, count), months, strict=True):
        due = dt.date(year, month, rng.choice((10, 15, 20, 28)))
        assignee, department = _who(target, department)
        plan_item_create(
            user=target.author, plan=plan, model=Measure, title=title.format(**_words(target)), description=details,
            goal=goals[rng.randrange(len(goals))] if goals and rng.random() < 0.6 else None,
            assignee=assignee, department=department, due_date=due, status=_measure_status(rng, due, today),
        )  # fmt: skip


def _risks(target: Target, plan: AccountPlan, count: int) -> None:
    for description, mitigation in target.rng.sample(texts.RISKS, count):
        owner = target.rng.choice([target.author, *(m.user for m in target.team)])
        plan_item_create(
            user=target.author, plan=plan, model=Risk, description=description.format(**_words(target)),
            probability=target.rng.randint(1, 5), impact=target.rng.randint(1, 5), mitigation=mitigation, owner=owner,
        )  # fmt: skip


def _swot(target: Target, plan: AccountPlan) -> None:
    for kind, items in texts.SWOT.items():
        for text in target.rng.sample(items, target.rng.randint(1, 2)):
            plan_item_create(
                user=target.author, plan=plan, model=SwotItem, kind=kind, text=text.format(**_words(target))
            )


def _goals(target: Target, plan: AccountPlan, ctx: Context) -> list[Goal]:
    return [
        plan_item_create(user=target.author, plan=plan, model=Goal, **spec)
        for spec in _goal_specs(target, ctx, plan.period_start.year)
    ]


# -- the account's planning data (read by all its plans) ----------------------------------------------


def _planning_data(target: Target, ctx: Context, years: range) -> None:
    """Wallet estimates of the main line for ``years`` and of the whole spend this year; whitespace entries."""
    account, author = target.account, target.author
    for year in years:
        wallet_estimate_set(user=author, account=account, product_line=target.lines[0], year=year,
                            estimated_spend=_wallet(target, ctx, year), source=texts.WALLET_SOURCE)  # fmt: skip
    total = ctx.sales.total(target.units, ctx.year - 1) * Decimal(target.rng.uniform(2.2, 3.5))
    wallet_estimate_set(user=author, account=account, product_line=None, year=ctx.year,
                        estimated_spend=max(_rounded(total), THOUSAND), source=texts.WALLET_TOTAL_SOURCE)  # fmt: skip
    years_bought = (ctx.year - 1, ctx.year)
    open_cells = [
        (unit, line) for unit in target.units[:4] for line in target.lines[4:]
        if not ctx.sales.bought(unit, line.pk, years_bought)
    ]  # fmt: skip
    statuses = target.rng.sample(
        [WhitespaceStatus.COMPETITOR, WhitespaceStatus.NO_NEED, WhitespaceStatus.NOT_BOUGHT], 2
    )
    units = Account.objects.in_bulk(target.units[:4])
    for (unit, line), status in zip(target.rng.sample(open_cells, min(2, len(open_cells))), statuses, strict=False):
        whitespace_entry_set(
            user=author, account=account, unit=units[unit], product_line=line, status=status,
            competitor=target.rng.choice(texts.COMPETITORS) if status == WhitespaceStatus.COMPETITOR else "",
            note=texts.WHITESPACE_NOTES[status],
        )  # fmt: skip


# -- plans -------------------------------------------------------------------------------------------


def _situation(target: Target) -> dict[str, Any]:
    strategy, needs, trends = texts.INDUSTRY_SITUATION.get(target.account.industry, texts.DEFAULT_SITUATION)
    first, second = target.rng.sample(texts.COMPETITORS, 2)
    competitors = texts.COMPETITOR_TEXT.format(first=first, second=second, line=target.lines[0].name)
    return {"customer_strategy": strategy, "customer_needs": needs, "market_trends": trends, "competitors": competitors}


def _last_year_plan(target: Target, ctx: Context) -> AccountPlan:
    """Last year's plan, approved early last year; it will be archived when this year's is approved."""
    year = ctx.year - 1
    plan = services.plan_create(
        user=target.author, account=target.account, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
        title=texts.TITLE.format(year=year), **_situation(target),
    )  # fmt: skip
    goals = _goals(target, plan, ctx)
    _measures(target, plan, goals, target.rng.randint(4, 5), ctx.today)
    _risks(target, plan, target.rng.randint(2, 3))
    _swot(target, plan)
    _review(target, plan, ctx, today=dt.date(year, 2, 10), comment=texts.PREVIOUS_APPROVE_COMMENT)
    return plan


def _from_last_year(target: Target, ctx: Context) -> AccountPlan:
    """This year's plan started from last year's: its goals get this year's figures, new measures and a risk."""
    previous = _last_year_plan(target, ctx)
    plan = services.plan_create(
        user=target.author, account=target.account, period_start=dt.date(ctx.year, 1, 1),
        period_end=dt.date(ctx.year, 12, 31), based_on=previous, title=texts.TITLE.format(year=ctx.year),
    )  # fmt: skip
    goals = list(plan.goals.order_by("pk"))
    for goal, spec in zip(goals, _goal_specs(target, ctx, ctx.year), strict=False):
        if goal.metric == spec["metric"]:
            plan_item_update(user=target.author, item=goal, **spec)
    _measures(target, plan, goals, target.rng.randint(3, 4), ctx.today)
    _risks(target, plan, 1)
    return plan


def _this_year_plan(target: Target, ctx: Context) -> AccountPlan:
    plan = services.plan_create(
        user=target.author, account=target.account, period_start=dt.date(ctx.year, 1, 1),
        period_end=dt.date(ctx.year, 12, 31), title=texts.TITLE.format(year=ctx.year), **_situation(target),
    )  # fmt: skip
    goals = _goals(target, plan, ctx)
    _measures(target, plan, goals, target.rng.randint(4, 7), ctx.today)
    _risks(target, plan, target.rng.randint(3, 4))
    _swot(target, plan)
    return plan


def _review(target: Target, plan: AccountPlan, ctx: Context, *, today: dt.date, comment: str = "") -> None:
    """Take the plan as far as its kind says: submitted, sent back, or approved by the reviewer."""
    if target.kind == DRAFT:
        return
    services.plan_submit(user=target.author, plan=plan, comment=texts.SUBMIT_COMMENT)
    if target.kind == IN_REVIEW or ctx.reviewer is None:
        return
    if target.kind == SENT_BACK:
        services.plan_request_changes(user=ctx.reviewer, plan=plan, comment=texts.CHANGES_COMMENT)
        return
    comment = comment or target.rng.choice(texts.APPROVE_COMMENTS)
    services.plan_approve(user=ctx.reviewer, plan=plan, comment=comment, today=today)


def _plan(target: Target, ctx: Context) -> int:
    """Write the target's plan (and last year's, if it starts from one); the number of plans written."""
    if target.kind == ACTIVE_FROM_LAST_YEAR:
        _planning_data(target, ctx, range(ctx.year - 2, ctx.year + 1))
        plan = _from_last_year(target, ctx)
    else:
        _planning_data(target, ctx, range(ctx.year - 1, ctx.year + 1))
        plan = _this_year_plan(target, ctx)
    _review(target, plan, ctx, today=ctx.today)
    return 2 if target.kind == ACTIVE_FROM_LAST_YEAR else 1


@transaction.atomic
def demo_plans_create(*, seed: int, today: dt.date, count: int = PLAN_COUNT) -> int:
    """Write account plans of the current year for the ``count`` largest key accounts (by last year's
    revenue), authored by their KAM and reviewed by the head of KAM; returns how many plans were written
    (last year's plans included). Needs the demo's accounts, order lines and revenue summary."""
    lines = list(ProductLine.objects.order_by("name"))
    chosen = _largest(count, today.year - 1)
    if not lines or not chosen:
        return 0
    units = [unit for _account, group in chosen for unit in group]
    ctx = Context(today, _reviewer(), Sales(units, today.year - 2, today), lines)
    return sum(_plan(target, ctx) for target in _targets(seed, chosen, ctx))
