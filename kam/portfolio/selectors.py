"""Reads of the portfolio analysis; every read of account data goes through the access rule.

Pages answer from the stored result (:class:`PortfolioRun` and its entries), never from
the order lines. Head of KAM and admins see the whole portfolio; a key account manager
or team member sees the rows of the accounts they may see, and aggregates over those.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.http import Http404

from kam.accounts.access import can_view_account, restrict_to_accounts
from kam.accounts.models import Account, TierChange
from kam.portfolio import analysis
from kam.portfolio.analysis.summary import pareto_curve
from kam.portfolio.choices import RATED_CRITERIA, Criterion, Level, NominationDecision, RunKind
from kam.portfolio.facts import collect_facts
from kam.portfolio.models import CriterionRating, Nomination, PortfolioEntry, PortfolioRun, PortfolioSettings

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User

ENTRY_FILTERS = ("abc", "xyz", "quadrant", "direction", "tier", "suggested_tier")


# -- settings and runs ---------------------------------------------------------------------------


def portfolio_settings_get() -> PortfolioSettings:
    """The one settings row (created with the defaults when missing)."""
    settings = PortfolioSettings.objects.order_by("pk").first()
    return settings if settings is not None else PortfolioSettings.objects.create()


def analysis_parameters(settings: PortfolioSettings) -> analysis.Parameters:
    """The settings as the plain numbers the analysis takes."""
    return analysis.Parameters(
        abc_a=settings.abc_a_percent / 100,
        abc_b=settings.abc_b_percent / 100,
        xyz_x=float(settings.xyz_x_below),
        xyz_y=float(settings.xyz_y_below),
        criterion_weights=settings.criterion_weights(),
        relationship_weights={part: getattr(settings, f"weight_{part}") for part in analysis.RELATIONSHIP_PARTS},
        recency_full_days=settings.recency_full_days,
        recency_zero_days=settings.recency_zero_days,
        attractiveness_split=float(settings.attractiveness_split),
        relationship_split=float(settings.relationship_split),
        demotion_margin=float(settings.demotion_margin),
    )


def portfolio_run_latest(
    *, basis: str | None = None, level: str | None = None, kind: str = RunKind.CURRENT
) -> PortfolioRun | None:
    """The newest run of a kind for a basis and level (None arguments: the settings' defaults)."""
    if basis is None or level is None:
        settings = portfolio_settings_get()
        basis, level = basis or settings.default_basis, level or settings.default_level
    return PortfolioRun.objects.filter(kind=kind, basis=basis, level=level).order_by("-computed_at", "-id").first()


def _signed_in(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def portfolio_run_list(*, user: User | AnonymousUser) -> QuerySet[PortfolioRun]:
    """The stored runs (metadata only, no account data): any signed-in user, newest first."""
    runs = PortfolioRun.objects.select_related("computed_by").order_by("-computed_at", "-id")
    return runs if _signed_in(user) else runs.none()


def portfolio_run_get(*, user: User | AnonymousUser, pk: int) -> PortfolioRun:
    """One stored run, or 404."""
    try:
        return portfolio_run_list(user=user).get(pk=pk)
    except PortfolioRun.DoesNotExist as exc:
        raise Http404("No such portfolio analysis.") from exc


# -- overview and entries ------------------------------------------------------------------------


@dataclass
class Overview:
    """What the overview shows: a summary in the shape of :class:`analysis.Summary`.

    ``restricted``: computed over the entries the user may see (classes stay those of the
    whole portfolio), not the stored summary of the whole portfolio.
    """

    summary: dict[str, Any]
    restricted: bool


def _visible_entries(user: User | AnonymousUser, run: PortfolioRun) -> QuerySet[PortfolioEntry]:
    return restrict_to_accounts(PortfolioEntry.objects.filter(run=run), user)


def _restricted_summary(entries: QuerySet[PortfolioEntry]) -> dict[str, Any]:
    """Summary of the visible entries by grouped aggregates, in the shape of the stored one.

    Classes stay those of the whole portfolio; shares are of the visible entries' positive total.
    """
    values = [float(v) for v in entries.order_by("rank").values_list("value", flat=True)]
    count = len(values)
    positive = sum(v for v in values if v > 0)
    classes = {name: {"count": 0, "value": 0.0, "share": 0.0, "customer_share": 0.0} for name in analysis.ABC}
    for row in entries.order_by().values("abc").annotate(n=Count("pk"), value=Sum("value")):
        in_class = float(row["value"] or 0)
        classes[row["abc"]] = {
            "count": row["n"],
            "value": round(in_class, 2),
            "share": round(in_class / positive, 6) if positive > 0 else 0.0,
            "customer_share": round(row["n"] / count, 6),
        }
    grid = dict.fromkeys((a + x for a in analysis.ABC for x in (*analysis.XYZ, "-")), 0)
    for abc, xyz, n in entries.order_by().values_list("abc", "xyz").annotate(n=Count("pk")):
        grid[abc + (xyz or "-")] = n
    quadrants = dict.fromkeys(analysis.QUADRANTS, 0)
    quadrants.update(entries.order_by().values_list("quadrant").annotate(n=Count("pk")))
    candidates = dict.fromkeys(("promote", "demote"), 0)
    candidates.update(entries.exclude(direction="").order_by().values_list("direction").annotate(n=Count("pk")))
    running, cumulative = 0.0, []
    for value in values:
        running += max(value, 0.0)
        cumulative.append(running / positive if positive > 0 else 0.0)
    return {
        "accounts": count,
        "total": round(sum(values), 2),
        "classes": classes,
        "grid": grid,
        "quadrants": quadrants,
        "pareto": [list(point) for point in pareto_curve(np.array(cumulative))],
        "candidates": candidates,
        "positive_total": round(positive, 2),
    }


def portfolio_overview(*, user: User | AnonymousUser, run: PortfolioRun) -> Overview:
    """The run's summary: stored for those who see all accounts, else aggregated over theirs."""
    if _signed_in(user) and user.sees_all_accounts:  # type: ignore[union-attr]
        return Overview(summary=dict(run.summary), restricted=False)
    return Overview(summary=_restricted_summary(_visible_entries(user, run)), restricted=True)


def portfolio_entry_list(
    *, user: User | AnonymousUser, run: PortfolioRun, filters: Mapping[str, Any] | None = None
) -> QuerySet[PortfolioEntry]:
    """The run's entries of the accounts the user may see, in rank order.

    ``filters`` (optional): exact values for ``abc``, ``xyz``, ``quadrant``, ``direction``,
    ``tier``, ``suggested_tier``; ``owner`` (user id) and ``q`` (part of the account name).
    Empty values are ignored.
    """
    qs = _visible_entries(user, run).select_related("account", "account__owner").order_by("rank")
    filters = filters or {}
    exact = {name: filters[name] for name in ENTRY_FILTERS if filters.get(name) not in (None, "")}
    if exact:
        qs = qs.filter(**exact)
    if filters.get("owner") not in (None, ""):
        qs = qs.filter(account__owner_id=filters["owner"])
    if filters.get("q"):
        qs = qs.filter(account__name__icontains=filters["q"])
    return qs


def portfolio_candidate_list(*, user: User | AnonymousUser, run: PortfolioRun) -> QuerySet[PortfolioEntry]:
    """Candidates to promote or demote whose account's tier still differs from the computed tier.

    Hidden: accounts nominated since (their tier now equals the suggestion) and accounts
    whose latest decision declined this very change (same tier, same proposed tier).
    """
    latest = Nomination.objects.filter(account=OuterRef("account")).order_by("-decided_at", "-id").values("pk")[:1]
    declined = Nomination.objects.filter(
        account=OuterRef("account"),
        pk=Subquery(latest),  # the latest decision on the same account
        decision=NominationDecision.DECLINED,
        proposed_tier=OuterRef("suggested_tier"),
        from_tier=OuterRef("account__tier"),
    )
    return (
        portfolio_entry_list(user=user, run=run)
        .exclude(direction="")
        .exclude(account__tier=F("suggested_tier"))
        .exclude(Exists(declined))
    )


# -- one account ---------------------------------------------------------------------------------


def _ensure_visible(user: User | AnonymousUser, account: Account) -> None:
    if not can_view_account(user, account):
        raise Http404("No such account.")


def account_portfolio_entry(*, user: User | AnonymousUser, account: Account) -> PortfolioEntry | None:
    """The account's entry in the latest current run at entity level, else its group's entry."""
    _ensure_visible(user, account)
    entity = portfolio_run_latest(basis=None, level=Level.ENTITY)
    if entity is not None:
        entry = PortfolioEntry.objects.filter(run=entity, account=account).select_related("run").first()
        if entry is not None:
            return entry
    group = portfolio_run_latest(basis=None, level=Level.GROUP)
    if group is None:
        return None
    root = account
    seen = {account.pk}
    while root.parent_id is not None and root.parent_id not in seen:
        seen.add(root.parent_id)
        root = Account.objects.only("pk", "parent_id").get(pk=root.parent_id)
    return PortfolioEntry.objects.filter(run=group, account_id=root.pk).select_related("run", "account").first()


def account_tier_change_list(*, user: User | AnonymousUser, account: Account) -> QuerySet[TierChange]:
    """The tier history of the account, newest first."""
    _ensure_visible(user, account)
    return TierChange.objects.filter(account=account).select_related("changed_by").order_by("-changed_at", "-id")


@dataclass
class RatingRow:
    """One rated criterion of an account: its score and who gave it when (None: not rated)."""

    criterion: str
    label: str
    score: int | None = None
    comment: str = ""
    rated_by: User | None = None
    rated_at: dt.datetime | None = None


def account_rating_list(*, user: User | AnonymousUser, account: Account) -> list[RatingRow]:
    """Every rated criterion of the account, in the order of the criteria, rated or not."""
    _ensure_visible(user, account)
    ratings = {r.criterion: r for r in CriterionRating.objects.filter(account=account).select_related("rated_by")}
    rows = []
    for criterion in RATED_CRITERIA:
        rating = ratings.get(criterion.value)
        row = RatingRow(criterion=criterion.value, label=str(Criterion(criterion).label))
        if rating is not None:
            row.score, row.comment, row.rated_by, row.rated_at = (
                rating.score,
                rating.comment,
                rating.rated_by,
                rating.rated_at,
            )
        rows.append(row)
    return rows


def nomination_list(*, user: User | AnonymousUser, account: Account | None = None) -> QuerySet[Nomination]:
    """Decisions on candidates of the accounts the user may see (of one account when given), newest first."""
    qs = restrict_to_accounts(Nomination.objects.select_related("account", "decided_by", "owner"), user)
    if account is not None:
        qs = qs.filter(account=account)
    return qs.order_by("-decided_at", "-id")


# -- comparison ----------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Who moved where between two runs (visible accounts only).

    ``abc_moves``/``quadrant_moves`` count ``"A→B"`` moves, with ``new`` for accounts only
    in the new run and ``gone`` for those only in the old one; ``rows`` are
    ``(account, old entry or None, new entry or None)`` for every account that moved.
    """

    abc_moves: dict[str, int] = field(default_factory=dict)
    quadrant_moves: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[Account, PortfolioEntry | None, PortfolioEntry | None]] = field(default_factory=list)


def portfolio_compare(*, user: User | AnonymousUser, old: PortfolioRun, new: PortfolioRun) -> Comparison:
    """Compare the ABC classes and quadrants of two runs (e.g. last year's snapshot and today)."""
    cells = ("pk", "account_id", "abc", "quadrant")
    before = {row[1]: row for row in _visible_entries(user, old).order_by().values_list(*cells)}
    after = {row[1]: row for row in _visible_entries(user, new).order_by().values_list(*cells)}
    abc: Counter[str] = Counter()
    quadrant: Counter[str] = Counter()
    moved: dict[int, tuple[int | None, int | None]] = {}
    for account_id in before.keys() | after.keys():
        b, a = before.get(account_id), after.get(account_id)
        abc_pair = (b[2] if b else "new", a[2] if a else "gone")
        quadrant_pair = (b[3] if b else "new", a[3] if a else "gone")
        abc[f"{abc_pair[0]}→{abc_pair[1]}"] += 1
        quadrant[f"{quadrant_pair[0]}→{quadrant_pair[1]}"] += 1
        if abc_pair[0] != abc_pair[1] or quadrant_pair[0] != quadrant_pair[1]:
            moved[account_id] = (b[0] if b else None, a[0] if a else None)
    wanted = [pk for pair in moved.values() for pk in pair if pk is not None]
    entries = PortfolioEntry.objects.select_related("account", "account__owner").in_bulk(wanted)
    rows = []
    for old_pk, new_pk in moved.values():
        old_entry, new_entry = entries.get(old_pk) if old_pk else None, entries.get(new_pk) if new_pk else None
        account = (new_entry or old_entry).account  # type: ignore[union-attr]
        rows.append((account, old_entry, new_entry))
    rows.sort(key=lambda row: (row[2].rank if row[2] else 10**9, row[1].rank if row[1] else 10**9))
    return Comparison(abc_moves=dict(abc), quadrant_moves=dict(quadrant), rows=rows)


# -- facts for the analysis ------------------------------------------------------------------------


def portfolio_facts(
    *,
    period_start: dt.date,
    period_end: dt.date,
    basis: str,
    level: str,
    months: int = 12,
    as_of: dt.date | None = None,
) -> analysis.FactColumns:
    """The facts of every account or group as columns, from stored aggregates (no access rule:
    the analysis covers the whole portfolio; callers show its results through the readers above).

    See :mod:`kam.portfolio.facts` for how each fact is read.
    """
    return collect_facts(
        period_start=period_start, period_end=period_end, basis=basis, level=level, months=months, as_of=as_of
    )


#: The entry columns its reasons are worded from (load them with ``only()`` when reasons are shown).
REASON_FIELDS = (
    "run_id", "rank", "value", "revenue", "share", "cumulative_share", "abc", "xyz", "revenue_previous",
    "revenue_3y_ago", "growth", "cagr", "criterion_scores", "attractiveness", "relationship", "relationship_parts",
    "quadrant", "lines_bought", "lines_total", "roles", "days_since_contact",
)  # fmt: skip


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def portfolio_entry_reasons_attach(entries: list[PortfolioEntry], *, run: PortfolioRun | None = None) -> None:
    """Word the reasons of many entries in one go (``entry.reasons`` then reads them without work).

    Entries of different runs are fine; ``run`` saves reading the run when all are of it.
    """
    by_run: dict[int, list[PortfolioEntry]] = {}
    for entry in entries:
        by_run.setdefault(entry.run_id, []).append(entry)
    runs = {run.pk: run} if run is not None else {}
    missing = set(by_run) - set(runs)
    if missing:
        runs.update(PortfolioRun.objects.in_bulk(missing))
    for run_id, members in by_run.items():
        owner = runs[run_id]
        rows = [
            analysis.StoredEntry(
                rank=e.rank,
                value=float(e.value),
                revenue=float(e.revenue),
                share=e.share,
                cumulative_share=e.cumulative_share,
                abc=e.abc,
                xyz=e.xyz,
                revenue_previous=_float(e.revenue_previous),
                revenue_3y_ago=_float(e.revenue_3y_ago),
                growth=e.growth,
                cagr=e.cagr,
                criterion_scores=e.criterion_scores or {},
                attractiveness=e.attractiveness,
                relationship=e.relationship,
                relationship_parts=e.relationship_parts or {},
                quadrant=e.quadrant,
                lines_bought=e.lines_bought,
                lines_total=e.lines_total,
                roles=e.roles,
                days_since_contact=e.days_since_contact,
            )
            for e in members
        ]
        full_days = int((owner.parameters or {}).get("recency_full_days", analysis.Parameters().recency_full_days))
        worded = analysis.stored_reasons(rows, units=owner.accounts_count, recency_full_days=full_days)
        for entry, reasons in zip(members, worded, strict=True):
            entry.__dict__["_reasons"] = analysis.reasons_as_dicts(reasons)
