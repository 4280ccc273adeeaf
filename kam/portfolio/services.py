"""Writes of the portfolio analysis: settings, ratings, stored runs, snapshots and nominations.

A refresh reads the facts of every account or group by a few grouped queries
(:mod:`kam.portfolio.facts`), classifies them with the pure analysis
(:func:`kam.portfolio.analysis.analyse_portfolio`) and stores the run with one entry per
unit, written in bulk by :mod:`kam.portfolio.store` (``COPY`` on PostgreSQL,
``executemany`` on SQLite).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kam.accounts.access import can_edit_account
from kam.accounts.choices import Tier, TierChangeSource
from kam.accounts.models import Account
from kam.accounts.services import account_tier_change
from kam.portfolio import analysis, store
from kam.portfolio.choices import RATED_CRITERIA, Basis, Level, NominationDecision, RunKind
from kam.portfolio.facts import add_months, month_end, month_start
from kam.portfolio.models import CriterionRating, Nomination, PortfolioEntry, PortfolioRun, PortfolioSettings
from kam.portfolio.selectors import analysis_parameters, portfolio_facts, portfolio_settings_get

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.users.models import User


def _require_head(user: User | AnonymousUser | None) -> None:
    """Head of KAM and admins only (no user: the system itself, e.g. after an import)."""
    if user is not None and not (user.is_authenticated and user.is_active and user.sees_all_accounts):
        raise PermissionDenied(_("Only the head of key account management and administrators may do this."))


# -- settings and ratings ------------------------------------------------------------------------


@transaction.atomic
def portfolio_settings_update(*, user: User | AnonymousUser, **fields: Any) -> PortfolioSettings:
    """Change the thresholds and weights of the analysis (administrators only).

    Takes effect at the next refresh. Raises ValidationError (and changes nothing) for an
    unknown field or a value out of range.
    """
    if not (user.is_authenticated and user.is_active and user.is_kam_admin):
        raise PermissionDenied(_("Only administrators may change the portfolio settings."))
    settings = portfolio_settings_get()
    editable = {f.name for f in PortfolioSettings._meta.concrete_fields} - {"id", "updated_at"}
    unknown = sorted(set(fields) - editable)
    if unknown:
        raise ValidationError(_("Unknown settings: %(names)s.") % {"names": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def criterion_rating_set(
    *, account: Account, criterion: str, score: int, user: User, comment: str = ""
) -> CriterionRating:
    """Rate an account 0–5 on one of the rated strategic criteria (who may edit the account).

    Replaces the earlier rating of the same criterion (its history is kept); counts at the
    next refresh of the portfolio.
    """
    if not can_edit_account(user, account):
        raise PermissionDenied(_("You may not rate this account."))
    if criterion not in {c.value for c in RATED_CRITERIA}:
        raise ValidationError({"criterion": _("This criterion is computed, not rated.")})
    rating = CriterionRating.objects.filter(account=account, criterion=criterion).first() or CriterionRating(
        account=account, criterion=criterion
    )
    rating.score, rating.comment, rating.rated_by, rating.rated_at = score, comment, user, timezone.now()
    rating.full_clean()
    rating.save()
    return rating


# -- runs --------------------------------------------------------------------------------------------


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 complete months before ``today``'s month."""
    first = month_start(today or timezone.localdate())
    return add_months(first, -12), first - dt.timedelta(days=1)


def _insert_rows(run: PortfolioRun, facts: analysis.FactColumns, computed: analysis.Computed, *, analyze: bool) -> None:
    """Store a run's entries (a function of its own, so that the benchmark can time it)."""
    store.insert_entries(run.pk, facts, computed, analyze=analyze)


def _replaced_runs(*, kind: str, label: str, basis: str, level: str) -> list[int]:
    """The runs a new one replaces: the current runs of its basis and level, or the snapshot of its label."""
    runs = PortfolioRun.objects.filter(kind=kind, basis=basis, level=level)
    if kind == RunKind.SNAPSHOT:
        runs = runs.filter(label=label)
    return list(runs.values_list("pk", flat=True))


def _check_choice(name: str, value: str, choices: Iterable[str]) -> None:
    if value not in set(choices):
        raise ValidationError({name: _("Unknown value: %(value)s.") % {"value": value}})


def _period(period_start: dt.date | None, period_end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period in whole months (the default: the last 12 complete months)."""
    default_start, default_end = default_period()
    start = month_start(period_start or default_start)
    end = month_end(period_end or (add_months(start, 12) - dt.timedelta(days=1) if period_start else default_end))
    if end < start:
        raise ValidationError({"period_end": _("The period must not end before it starts.")})
    return start, end


def _store_run(
    *,
    kind: str,
    label: str,
    period: tuple[dt.date, dt.date],
    basis: str,
    level: str,
    user: User | AnonymousUser | None,
    summary: analysis.Summary,
    params: analysis.Parameters,
) -> tuple[PortfolioRun, bool]:
    """The run's row, with the summary and the parameters as JSON; True when it is new.

    A run that replaces others keeps the newest one's row (its id, so links stay valid, and
    the database's statistics of the entries by run, which stay right because the new run
    is about as large): that row's entries and every other replaced run go.
    """
    fields = {
        "kind": kind,
        "label": label,
        "period_start": period[0],
        "period_end": period[1],
        "basis": basis,
        "level": level,
        "computed_at": timezone.now(),
        "computed_by": user if user is not None and user.is_authenticated else None,
        "accounts_count": summary.accounts,
        "total": round(summary.total, 2),
        "summary": json.loads(json.dumps(dataclasses.asdict(summary))),
        "parameters": json.loads(json.dumps(dataclasses.asdict(params))),
        "duration_ms": 0,
    }
    replaced = _replaced_runs(kind=kind, label=label, basis=basis, level=level)
    if not replaced:
        return PortfolioRun.objects.create(**fields), True
    kept = max(replaced)
    store.delete_runs([pk for pk in replaced if pk != kept])
    store.delete_entries(kept)
    PortfolioRun.objects.filter(pk=kept).update(**fields)
    return PortfolioRun.objects.get(pk=kept), False


@transaction.atomic
def portfolio_refresh(
    *,
    basis: str | None = None,
    level: str | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    user: User | AnonymousUser | None = None,
    kind: str = RunKind.CURRENT,
    label: str = "",
) -> PortfolioRun:
    """Analyse the whole portfolio for a period and store the result as a run with its entries.

    Defaults: the settings' basis and level, the last 12 complete months. The period is
    taken in whole months (a start mid-month counts from the first of its month, an end
    to the last of its month). A current run replaces the older current runs of the same
    basis and level; a snapshot replaces the snapshot of the same label, basis and level.
    Only head of KAM and admins may refresh (no user: the system, e.g. after an import).
    """
    _require_head(user)
    started = time.monotonic()
    settings = portfolio_settings_get()
    basis, level = basis or settings.default_basis, level or settings.default_level
    _check_choice("basis", basis, Basis.values)
    _check_choice("level", level, Level.values)
    _check_choice("kind", kind, RunKind.values)
    start, end = _period(period_start, period_end)
    params = analysis_parameters(settings)
    as_of = end if kind == RunKind.SNAPSHOT else max(end, timezone.localdate())
    with store.bigger_cache():
        facts = portfolio_facts(period_start=start, period_end=end, basis=basis, level=level, as_of=as_of)
        computed = analysis.analyse_columns(facts, params)
        summary = analysis.summarise(computed)
        # The entries it replaces go first: the new ones then go into smaller indexes.
        run, created = _store_run(
            kind=kind,
            label=label,
            period=(start, end),
            basis=basis,
            level=level,
            user=user,
            summary=summary,
            params=params,
        )
        _insert_rows(run, facts, computed, analyze=created)
    run.duration_ms = round((time.monotonic() - started) * 1000)
    run.save(update_fields=["duration_ms"])
    return run


@transaction.atomic
def portfolio_refresh_all() -> list[PortfolioRun]:
    """Refresh every basis and level that has a current run (the settings' defaults when none has).

    Called after imports of order lines, accounts and contacts and by ``kam portfolio refresh``.
    """
    kinds = sorted(
        set(PortfolioRun.objects.filter(kind=RunKind.CURRENT).order_by().values_list("basis", "level").distinct())
    )
    if not kinds:
        settings = portfolio_settings_get()
        kinds = [(settings.default_basis, settings.default_level)]
    return [portfolio_refresh(basis=basis, level=level) for basis, level in kinds]


@transaction.atomic
def portfolio_snapshot_create(
    *, year: int, basis: str | None = None, level: str | None = None, user: User | AnonymousUser | None = None
) -> PortfolioRun:
    """Store the portfolio of a calendar year as a snapshot labelled with the year (replacing an older one).

    Head of KAM and admins only.
    """
    if not 1900 <= year <= 2999:
        raise ValidationError({"year": _("Enter a year between 1900 and 2999.")})
    return portfolio_refresh(
        basis=basis,
        level=level,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        user=user,
        kind=RunKind.SNAPSHOT,
        label=str(year),
    )


# -- nominations ---------------------------------------------------------------------------------


def _current_reasons(account: Account) -> list[dict[str, Any]]:
    """The reasons of the account's entry in the newest current run (default basis and level first)."""
    settings = portfolio_settings_get()
    entries = PortfolioEntry.objects.filter(account=account, run__kind=RunKind.CURRENT).select_related("run")
    preferred = [e for e in entries if e.run.basis == settings.default_basis and e.run.level == settings.default_level]
    chosen = sorted(preferred or list(entries), key=lambda e: (e.run.computed_at, e.run.pk), reverse=True)
    return list(chosen[0].reasons) if chosen else []


def _check_decision(*, decision: str, proposed_tier: str, comment: str, owner: User | None) -> None:
    _check_choice("decision", decision, NominationDecision.values)
    _check_choice("proposed_tier", proposed_tier, Tier.values)
    if decision == NominationDecision.DECLINED and not comment:
        raise ValidationError({"comment": _("Say why the candidate is declined.")})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": _("The owner must be an active user.")})


@transaction.atomic
def nomination_decide(
    *,
    account: Account,
    user: User,
    decision: str,
    proposed_tier: str,
    comment: str = "",
    owner: User | None = None,
) -> Nomination:
    """Record the head of KAM's decision on a candidate (head of KAM and admins only).

    Nominated: the account gets the proposed tier (logged as a tier change from the
    nomination, with the comment) and the owner when one is given. Declined: the tier
    stays, a comment saying why is required, and the candidate is not proposed again
    while its computed tier stays the same. The candidate's current reasons are copied.
    """
    _require_head(user)
    comment = comment.strip()
    _check_decision(decision=decision, proposed_tier=proposed_tier, comment=comment, owner=owner)
    from_tier = account.tier
    if decision == NominationDecision.NOMINATED:
        account_tier_change(
            account=account,
            tier=proposed_tier,
            changed_by=user,
            source=TierChangeSource.NOMINATION,
            comment=comment,
            owner=owner,
        )
    return Nomination.objects.create(
        account=account,
        from_tier=from_tier,
        proposed_tier=proposed_tier,
        decision=decision,
        comment=comment,
        reasons=_current_reasons(account),
        owner=owner if decision == NominationDecision.NOMINATED else None,
        decided_by=user,
        decided_at=timezone.now(),
    )
