"""Account plans for the page benchmark, written through KAM's plan services.

The data set has no plans, so before the pages are timed :func:`ensure_plan` writes one for
an account, filled like a real one: six goals of every metric, eight measures, six risks,
SWOT items, wallet estimates for some product lines, a few whitespace entries, submitted by
the plan's author and approved by a reviewer (so there is a version). An account that
already has the benchmark's plan keeps it (``--pages-only`` on a kept database).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

TITLE = "Benchmark plan"
SWOT = {
    "strength": ["Preferred supplier in two plants", "Short delivery times from the central warehouse"],
    "weakness": ["Little contact to purchasing management", "Prices above the market in consumables"],
    "opportunity": ["New production line planned for next year", "Supplier consolidation programme"],
    "threat": ["Competitor offers framework contract", "Budget freeze announced for the second half"],
}
RISKS = [
    ("Key buyer retires", 3, 4, "Build relations with the deputy"),
    ("Competitor undercuts prices", 4, 3, "Bundle service into the offer"),
    ("Budget freeze", 2, 5, "Secure orders before the summer"),
    ("Quality complaint escalates", 2, 3, "Quarterly quality review"),
    ("Delivery delays from our plant", 3, 2, ""),
    ("Merger with a competitor's customer", 1, 5, "Watch the press, meet the board"),
]
MEASURES = [
    ("Quarterly business review", "key_account_management", "in_progress"),
    ("Offer framework contract", "sales", "open"),
    ("Introduce new product line at the plant", "product_development", "open"),
    ("Joint marketing campaign", "account_based_marketing", "open"),
    ("Service level agreement renewal", "customer_service", "done"),
    ("Credit line review", "finance", "open"),
    ("Visit the purchasing board", "sales", "open"),
    ("Customer survey", "customer_service", "cancelled"),
]


def _planners(account: Any) -> tuple[Any, Any]:
    """Who writes the plan (the KAM who owns the account, else the head of KAM) and who approves it
    (a head of KAM or administrator other than the author)."""
    from kam.plans.access import can_plan_account
    from kam.users.choices import Role
    from kam.users.models import User

    reviewers = list(User.objects.filter(role__in=[Role.HEAD_OF_KAM, Role.ADMIN], is_active=True).order_by("pk"))
    owner = account.owner
    author = owner if owner is not None and owner.role == Role.KAM and can_plan_account(owner, account) else None
    author = author or reviewers[0]
    reviewer = next((u for u in reviewers if u.pk not in (author.pk, account.owner_id)), None)
    if reviewer is None:
        raise RuntimeError("The benchmark plan needs a head of KAM or administrator who is not its author.")
    return author, reviewer


def _lines_by_revenue(account_ids: list[int], since: datetime.date) -> list[Any]:
    """Product lines by the units' revenue since ``since``, most first, then those never bought."""
    from django.db.models import Sum

    from kam.orders.models import OrderLine
    from kam.products.models import ProductLine

    sums = dict(
        OrderLine.objects.filter(account_id__in=account_ids, date__gte=since)
        .values_list("product__product_line_id")
        .annotate(revenue=Sum("net_revenue"))
        .order_by()
    )
    lines = list(ProductLine.objects.order_by("name"))
    lines.sort(key=lambda line: -(sums.get(line.pk) or 0))
    return lines


def _revenue(account_ids: list[int], first: datetime.date, last: datetime.date, line: Any = None) -> Decimal:
    from django.db.models import Sum

    from kam.orders.models import OrderLine

    qs = OrderLine.objects.filter(account_id__in=account_ids, date__gte=first, date__lte=last)
    if line is not None:
        qs = qs.filter(product__product_line=line)
    return (qs.aggregate(total=Sum("net_revenue"))["total"] or Decimal(0)).quantize(Decimal("1"))


def _goals(author: Any, plan: Any, units: list[int], lines: list[Any]) -> list[Any]:
    from kam.plans.children import plan_item_create
    from kam.plans.choices import GoalMetric
    from kam.plans.models import Goal

    year = plan.period_start.year
    last_year = (datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
    due, mid = plan.period_end, datetime.date(year, 6, 30)
    revenue = _revenue(units, *last_year)
    goals = [
        ("Grow revenue by 10 %", GoalMetric.REVENUE, None, revenue, revenue * Decimal("1.1"), due),
        ("Grow the main product line", GoalMetric.PRODUCT_LINE_REVENUE, lines[0], None, None, due),
        ("Win the second product line", GoalMetric.PRODUCT_LINE_REVENUE, lines[1], None, None, mid),
        ("Share of wallet in the main line", GoalMetric.SHARE_OF_WALLET, lines[0], Decimal(30), Decimal(40), due),
        ("NPS of the buying centre", GoalMetric.NPS, None, Decimal(20), Decimal(40), due),
        ("New contacts in purchasing", GoalMetric.COUNT, None, Decimal(0), Decimal(4), mid),
    ]
    created = []
    for title, metric, line, given_baseline, given_target, due_date in goals:
        baseline, target = given_baseline or Decimal(0), given_target or Decimal(0)
        if metric == GoalMetric.PRODUCT_LINE_REVENUE:
            baseline = _revenue(units, *last_year, line=line)
            target = baseline * Decimal("1.15") + 10_000
        fields: dict[str, Any] = {"current_value": Decimal(25) if metric == GoalMetric.NPS else None}
        if metric == GoalMetric.COUNT:
            fields["current_value"] = Decimal(1)
        created.append(
            plan_item_create(
                user=author,
                plan=plan,
                model=Goal,
                title=title,
                metric=metric,
                product_line=line,
                baseline=baseline.quantize(Decimal("0.01")),
                target=target.quantize(Decimal("0.01")),
                due_date=due_date,
                **fields,
            )
        )
    return created


def _content(author: Any, plan: Any, goals: list[Any]) -> None:
    """Measures (some with a person, some tied to a goal), risks and SWOT items."""
    from kam.plans.children import plan_item_create
    from kam.plans.models import Measure, Risk, SwotItem

    people = [m.user for m in plan.account.team.select_related("user").order_by("pk")] or [author]
    start = plan.period_start
    for n, (title, department, status) in enumerate(MEASURES):
        plan_item_create(
            user=author,
            plan=plan,
            model=Measure,
            title=title,
            description="Agreed in the account team meeting." if n % 2 else "",
            goal=goals[n % len(goals)] if n % 3 != 2 else None,
            assignee=people[n % len(people)] if n % 4 != 3 else None,
            department=department,
            due_date=start + datetime.timedelta(days=45 * (n + 1)),
            status=status,
        )
    for n, (description, probability, impact, mitigation) in enumerate(RISKS):
        owner = people[n % len(people)] if n % 2 == 0 else author
        plan_item_create(
            user=author,
            plan=plan,
            model=Risk,
            description=description,
            probability=probability,
            impact=impact,
            mitigation=mitigation,
            owner=owner,
        )
    for kind, texts in SWOT.items():
        for text in texts:
            plan_item_create(user=author, plan=plan, model=SwotItem, kind=kind, text=text)


def _planning_data(author: Any, account: Any, units: list[int], lines: list[Any], year: int) -> None:
    """Wallet estimates for the three main product lines and in total, and whitespace entries."""
    from kam.accounts.models import Account
    from kam.plans.children import wallet_estimate_set, whitespace_entry_set
    from kam.plans.choices import WhitespaceStatus

    for n, line in enumerate(lines[:3]):
        for y in (year - 1, year):
            bought = _revenue(units, datetime.date(y, 1, 1), datetime.date(y, 12, 31), line)
            spend = max(bought, Decimal(20_000)) * Decimal(2 + n)
            wallet_estimate_set(
                user=author, account=account, product_line=line, year=y, estimated_spend=spend, source="Buyer interview"
            )
    total = _revenue(units, datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)) * 3
    wallet_estimate_set(
        user=author, account=account, product_line=None, year=year, estimated_spend=max(total, Decimal(1))
    )
    shown = list(Account.objects.filter(pk__in=units).order_by("pk")[:3])
    entries = [
        (WhitespaceStatus.COMPETITOR, "Rival AG", "Framework contract until next year"),
        (WhitespaceStatus.NO_NEED, "", "Not used in their production"),
        (WhitespaceStatus.NOT_BOUGHT, "", "Trial planned"),
    ]
    for n, (status, competitor, note) in enumerate(entries):
        whitespace_entry_set(
            user=author,
            account=account,
            unit=shown[n % len(shown)],
            product_line=lines[-1 - n],
            status=status,
            competitor=competitor,
            note=note,
        )


def ensure_plan(account_id: int, today: datetime.date | None = None) -> int:
    """The id of the account's benchmark plan, written (approved once) if it is not there yet."""
    from django.db import transaction

    from kam.accounts.models import Account
    from kam.plans import services
    from kam.plans.figures import unit_ids
    from kam.plans.models import AccountPlan

    existing = AccountPlan.objects.filter(account_id=account_id, title=TITLE, versions__isnull=False).first()
    if existing is not None:
        return existing.pk
    today = today or datetime.date.today()
    account = Account.objects.select_related("owner").get(pk=account_id)
    author, reviewer = _planners(account)
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    with transaction.atomic():
        plan = services.plan_create(
            user=author,
            account=account,
            period_start=start,
            period_end=end,
            title=TITLE,
            customer_strategy="Consolidate suppliers and automate the plants.",
            customer_needs="Shorter delivery times, one contact for every plant.",
            market_trends="Prices of raw materials are falling; demand for service contracts grows.",
            competitors="Rival AG (framework contracts), two regional dealers.",
        )
        units = unit_ids(account)
        lines = _lines_by_revenue(units, datetime.date(today.year - 1, 1, 1))
        goals = _goals(author, plan, units, lines)
        _content(author, plan, goals)
        _planning_data(author, account, units, lines, today.year)
        services.plan_submit(user=author, plan=plan, comment="Ready for review.")
        services.plan_approve(user=reviewer, plan=plan, comment="Approved for this year.", today=today)
    return plan.pk
