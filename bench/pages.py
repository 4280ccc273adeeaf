"""Account list, 360° page and account plan page through Django's test client, against their raw SQL.

Each page request goes through the whole stack (middleware, session, login, view,
selectors, ORM, templates) in this process, without a network or web server. Page and raw
SQL samples are taken alternately, so both see the same background load; a warm-up
request of each comes first. One more request per URL runs under
an execute wrapper that counts the page's queries and the time spent executing them.

The 360° page loads its change history with htmx right after the page (a second request
from the browser); that request is timed as a case of its own, against its own raw SQL.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench import rawsql
from bench.report import Timing

TARGET_KAM_ACCOUNTS = 25
RANDOM_ACCOUNTS = 5


@dataclass
class PageCase:
    """One page to time: who asks, which URLs (taken in turn) and each URL's raw SQL."""

    label: str
    user: Any
    urls: list[str]
    raw: list[Callable[[rawsql.Viewer], list[rawsql.Statement]]]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class PageResult:
    """Timings of one case: the page, its raw SQL, and the page's queries."""

    label: str
    page: Timing
    raw: Timing
    queries: tuple[int, int]
    sql_seconds: float
    raw_statements: int


def _account_pks() -> dict[str, Any]:
    """The account with the most order lines and a few random ones that have order lines."""
    from django.db.models import Sum

    from kam.accounts.models import AccountRevenueYear

    totals = AccountRevenueYear.objects.values("account_id").annotate(n=Sum("order_lines")).order_by("-n", "account_id")
    largest = totals.first()
    if largest is None:
        raise RuntimeError("No account has order lines: the page benchmark needs imported order lines.")
    ids = sorted(set(AccountRevenueYear.objects.values_list("account_id", flat=True)))
    rng = random.Random(7)  # the same accounts in every run of the same data set
    return {
        "largest": largest["account_id"],
        "largest_lines": largest["n"],
        "random": rng.sample(ids, min(RANDOM_ACCOUNTS, len(ids))),
    }


def _kam_user() -> tuple[Any, int]:
    """The key account manager whose number of visible accounts is closest to 25."""
    from kam.accounts.access import visible_accounts
    from kam.users.choices import Role
    from kam.users.models import User

    counted = [(visible_accounts(user).count(), user) for user in User.objects.filter(role=Role.KAM).order_by("pk")]
    if not counted:
        raise RuntimeError("The data set has no key account manager.")
    count, user = min(counted, key=lambda pair: (abs(pair[0] - TARGET_KAM_ACCOUNTS), pair[1].pk))
    return user, count


def _detail(pk: int, year: int) -> tuple[str, Callable[[rawsql.Viewer], list[rawsql.Statement]]]:
    from django.urls import reverse

    from kam.accounts.models import Account

    parent_id = Account.objects.values_list("parent_id", flat=True).get(pk=pk)

    def raw(viewer: rawsql.Viewer) -> list[rawsql.Statement]:
        return rawsql.account_360(viewer, account_id=pk, parent_id=parent_id, year=year, now=_now())

    return reverse("accounts:detail", args=[pk]), raw


def _history(pk: int) -> tuple[str, Callable[[rawsql.Viewer], list[rawsql.Statement]]]:
    from django.urls import reverse

    def raw(viewer: rawsql.Viewer) -> list[rawsql.Statement]:
        return rawsql.account_history_section(viewer, account_id=pk, now=_now())

    return reverse("accounts:history", args=[pk]) + "?part=latest", raw


def _plan(pk: int) -> tuple[str, Callable[[rawsql.Viewer], list[rawsql.Statement]]]:
    from django.urls import reverse
    from django.utils import timezone

    from kam.plans.measurement import MEASURED_METRICS
    from kam.plans.models import AccountPlan

    plan = AccountPlan.objects.select_related("account").get(pk=pk)
    facts = rawsql.PlanFacts(
        plan_id=pk,
        account_id=plan.account_id,
        parent_id=plan.account.parent_id,
        period_start=plan.period_start,
        period_end=plan.period_end,
        measured_goal_dues=tuple(plan.goals.filter(metric__in=MEASURED_METRICS).values_list("due_date", flat=True)),
    )

    def raw(viewer: rawsql.Viewer) -> list[rawsql.Statement]:
        return rawsql.plan_page(viewer, facts, today=timezone.localdate(), now=_now())

    return reverse("plans:detail", args=[pk]), raw


def _plan_cases(head: Any, kam: Any, largest: int, kam_account: int) -> list[PageCase]:
    """The account plan page of the largest account as head of KAM and of the KAM's largest account as
    that KAM (the plans are written first if the database has none: :mod:`bench.plans`)."""
    from bench import plans

    return [
        _case("Plan page, largest account, head", head, [_plan(plans.ensure_plan(largest))]),
        _case("Plan page, the KAM's largest account, KAM", kam, [_plan(plans.ensure_plan(kam_account))]),
    ]


def _list(order: str, year: int) -> tuple[str, Callable[[rawsql.Viewer], list[rawsql.Statement]]]:
    from django.urls import reverse

    url = reverse("accounts:list") + ("" if order == "name" else f"?ordering={order}")

    def raw(viewer: rawsql.Viewer) -> list[rawsql.Statement]:
        return rawsql.account_list(viewer, year=year, order=order, now=_now())

    return url, raw


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)


def _case(
    label: str,
    user: Any,
    pairs: list[tuple[str, Callable[[rawsql.Viewer], list[rawsql.Statement]]]],
    headers: dict[str, str] | None = None,
) -> PageCase:
    return PageCase(label, user, [url for url, _raw in pairs], [raw for _url, raw in pairs], headers or {})


HTMX = {"HTTP_HX_REQUEST": "true"}


def _detail_cases(head: Any, kam: Any, picks: dict[str, Any], kam_account: int, year: int) -> list[PageCase]:
    """Each 360° case, followed by the history section the browser loads right after that page."""
    largest, random_pks = picks["largest"], picks["random"]
    return [
        _case(f"360°, largest account ({picks['largest_lines']:,} order lines), head", head, [_detail(largest, year)]),
        _case("360° history section (htmx), largest account, head", head, [_history(largest)], HTMX),
        _case(f"360°, {len(random_pks)} random accounts, head", head, [_detail(pk, year) for pk in random_pks]),
        _case(
            f"360° history section (htmx), {len(random_pks)} random accounts, head",
            head,
            [_history(pk) for pk in random_pks],
            HTMX,
        ),
        _case("360°, the KAM's largest account, KAM", kam, [_detail(kam_account, year)]),
        _case("360° history section (htmx), the KAM's largest account, KAM", kam, [_history(kam_account)], HTMX),
    ]


def page_cases() -> list[PageCase]:
    """What is timed: the list as head of KAM (by name, by revenue) and as a KAM; the 360° page
    of the largest account, of random accounts, and of the KAM's largest account, each with its
    history section; the account plan page of the largest account and of the KAM's largest."""
    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    from kam.accounts.access import visible_accounts
    from kam.accounts.models import Account
    from kam.users.choices import Role
    from kam.users.models import User

    year = datetime.date.today().year
    head = User.objects.filter(role=Role.HEAD_OF_KAM).order_by("pk").first()
    if head is None:
        raise RuntimeError("The data set has no head of KAM.")
    kam, kam_count = _kam_user()
    total = Account.objects.count()
    kam_account = (
        visible_accounts(kam)
        .annotate(lines=Coalesce(Sum("revenue_years__order_lines"), 0))
        .order_by("-lines", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if kam_account is None:
        raise RuntimeError("The chosen key account manager sees no account.")
    picks = _account_pks()
    return [
        _case(f"Account list, head of KAM ({total:,} accounts), by name", head, [_list("name", year)]),
        _case("Account list, head of KAM, by last year's revenue", head, [_list("-revenue_last_year", year)]),
        _case(f"Account list, KAM ({kam_count:,} accounts)", kam, [_list("name", year)]),
        *_detail_cases(head, kam, picks, kam_account, year),
        *_plan_cases(head, kam, picks["largest"], kam_account),
    ]


def _client(user: Any) -> tuple[Any, rawsql.Viewer]:
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    viewer = rawsql.Viewer(
        user_id=user.pk, session_key=client.session.session_key or "", sees_all=user.sees_all_accounts
    )
    return client, viewer


def _get(client: Any, url: str, headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    response = client.get(url, **(headers or {}))
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    return elapsed


def _raw(statements: list[rawsql.Statement]) -> float:
    started = time.perf_counter()
    rawsql.run(statements)
    return time.perf_counter() - started


class _QueryTimer:
    """An execute wrapper counting queries and the seconds spent executing them."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _query_counts(client: Any, case: PageCase) -> tuple[tuple[int, int], float]:
    """Fewest and most queries over the case's URLs, and the mean seconds spent executing them per request."""
    from django.db import connection

    counts, seconds = [], 0.0
    for url in case.urls:
        timer = _QueryTimer()
        with connection.execute_wrapper(timer):
            _get(client, url, case.headers)
        counts.append(timer.count)
        seconds += timer.seconds
    return (min(counts), max(counts)), seconds / len(case.urls)


def time_case(case: PageCase, repeat: int) -> PageResult:
    """``repeat`` page requests and as many runs of the raw SQL, alternating, after a warm-up."""
    client, viewer = _client(case.user)
    statements = [raw(viewer) for raw in case.raw]
    for url, sql in zip(case.urls, statements, strict=True):
        _get(client, url, case.headers)
        _raw(sql)
    page, raw = [], []
    for i in range(repeat):
        k = i % len(case.urls)
        page.append(_get(client, case.urls[k], case.headers))
        raw.append(_raw(statements[k]))
    queries, sql_seconds = _query_counts(client, case)
    return PageResult(case.label, Timing.of(page), Timing.of(raw), queries, sql_seconds, len(statements[0]))
