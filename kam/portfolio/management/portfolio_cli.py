"""What ``kam portfolio`` prints: parsing its options and rendering runs as a table, CSV or JSON.

Reads go through :mod:`kam.portfolio.selectors` with the user whose access rule applies
(an in-memory administrator when no ``--user`` is given: the command runs on the server).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kam.core.cli_output import system_user, table
from kam.portfolio import selectors
from kam.portfolio.choices import Quadrant, RunKind
from kam.portfolio.models import PortfolioEntry, PortfolioRun
from kam.portfolio.reasons import reason_text
from kam.users.models import User

FORMATS = ("table", "csv", "json")
TABLE_LIMIT = 50
FIRST_YEAR = 1900
MAX_PERIOD_MONTHS = 60
NAME_WIDTH = 36
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:\.\.(\d{4})-(\d{2}))?$")

COLUMNS = [
    "rank", "account_id", "account", "value", "share", "cumulative_share", "abc", "xyz", "growth",
    "attractiveness", "relationship", "quadrant", "tier", "suggested_tier", "direction", "reasons",
]  # fmt: skip


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2025`` → the calendar year; ``2024-07..2025-06`` → July 2024 to June 2025; ``2025-03`` → one month."""
    match = PERIOD.match(text.strip())
    example = _("--period takes YYYY or YYYY-MM..YYYY-MM (e.g. 2025 or 2024-07..2025-06), not %(text)r.")
    if match is None or (match.group(3) is not None and match.group(2) is None):
        raise CommandError(example % {"text": text})
    first_year, first_month = int(match.group(1)), int(match.group(2) or 1)
    last_year = int(match.group(3) or first_year)
    last_month = int(match.group(4) or match.group(2) or 12)
    if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
        raise CommandError(_("%(text)r: a month is between 01 and 12.") % {"text": text})
    latest = dt.date.today().year + 1
    if not (FIRST_YEAR <= first_year <= latest and FIRST_YEAR <= last_year <= latest):
        raise CommandError(
            _("%(text)r: years from %(first)s to %(last)s.") % {"text": text, "first": FIRST_YEAR, "last": latest}
        )
    months = (last_year - first_year) * 12 + last_month - first_month + 1
    if months < 1:
        raise CommandError(_("%(text)r: the period ends before it starts.") % {"text": text})
    if months > MAX_PERIOD_MONTHS:
        raise CommandError(_("%(text)r: a period may be at most five years long.") % {"text": text})
    return dt.date(first_year, first_month, 1), _month_end(last_year, last_month)


def resolve_run(value: str, *, basis: str | None, level: str | None) -> PortfolioRun:
    """A run named by ``current``, a snapshot label (of the basis and level) or an id."""
    settings = selectors.portfolio_settings_get()
    basis, level = basis or settings.default_basis, level or settings.default_level
    runs = selectors.portfolio_run_list(user=system_user())
    if value == "current":
        run = selectors.portfolio_run_latest(basis=basis, level=level)
    else:
        run = runs.filter(kind=RunKind.SNAPSHOT, label=value, basis=basis, level=level).first()
        if run is None and value.isdigit() and len(value) < 10:
            run = runs.filter(pk=int(value)).first()
    if run is not None:
        return run
    labels = sorted(set(runs.filter(kind=RunKind.SNAPSHOT, basis=basis, level=level).values_list("label", flat=True)))
    raise CommandError(
        _("No run %(value)r for %(basis)s / %(level)s. Snapshots: %(labels)s; or current, or a run id.")
        % {"value": value, "basis": basis, "level": level, "labels": ", ".join(labels) or _("none")}
    )


# --- show ----------------------------------------------------------------------------------


class ReasonWords:
    """Reasons of entries in words, each distinct reason worded once (most entries share their reasons)."""

    def __init__(self, basis: str) -> None:
        self.basis = basis
        self.cache: dict[str, str] = {}

    def __call__(self, entry: PortfolioEntry) -> list[str]:
        words = []
        for reason in entry.reasons or []:
            key = repr(reason)  # stored JSON: the same reason decodes to the same dict, keys in the same order
            text = self.cache.get(key)
            if text is None:
                text = self.cache[key] = reason_text(reason, basis=self.basis)
            words.append(text)
        return words


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def entry_row(entry: PortfolioEntry, words: ReasonWords) -> dict[str, Any]:
    """One entry as plain values (the CSV and JSON columns)."""
    return {
        "rank": entry.rank,
        "account_id": entry.account_id,
        "account": entry.account.name,
        "value": _number(entry.value),
        "share": entry.share,
        "cumulative_share": entry.cumulative_share,
        "abc": entry.abc,
        "xyz": entry.xyz,
        "growth": entry.growth,
        "attractiveness": entry.attractiveness,
        "relationship": entry.relationship,
        "quadrant": entry.quadrant,
        "tier": entry.tier,
        "suggested_tier": entry.suggested_tier,
        "direction": entry.direction,
        "reasons": words(entry),
    }


def run_data(run: PortfolioRun) -> dict[str, Any]:
    """A run's metadata as plain values."""
    return {
        "id": run.pk,
        "kind": run.kind,
        "label": run.label,
        "basis": run.basis,
        "level": run.level,
        "period_start": run.period_start.isoformat(),
        "period_end": run.period_end.isoformat(),
        "computed_at": run.computed_at.isoformat(),
        "accounts": run.accounts_count,
        "total": float(run.total),
    }


#: The columns the output shows (the JSON columns of scores and parts are not read).
CHUNK = 2000
SHOWN_FIELDS = (
    "account_id", "tier", "suggested_tier", "direction", "account__name", *selectors.REASON_FIELDS,
)  # fmt: skip


def _entries(run: PortfolioRun, user: User, candidates: bool) -> Any:
    if candidates:
        qs = selectors.portfolio_candidate_list(user=user, run=run)
    else:
        qs = selectors.portfolio_entry_list(user=user, run=run)
    return qs.select_related(None).select_related("account").only(*SHOWN_FIELDS)


def _limited(qs: Any, limit: int | None, run: PortfolioRun) -> Iterator[PortfolioEntry]:
    """The entries (up to ``limit``), their reasons worded a chunk at a time."""
    rows = qs if not limit else qs[:limit]
    chunk: list[PortfolioEntry] = []
    for entry in rows.iterator(chunk_size=CHUNK):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            selectors.portfolio_entry_reasons_attach(chunk, run=run)
            yield from chunk
            chunk = []
    selectors.portfolio_entry_reasons_attach(chunk, run=run)
    yield from chunk


def show_output(run: PortfolioRun, *, user: User, options: dict[str, Any]) -> Iterator[str]:
    """The run's entries (or candidates) as the chosen format, in chunks of text."""
    fmt = options.get("format") or "table"
    candidates = bool(options.get("candidates"))
    qs = _entries(run, user, candidates)
    words = ReasonWords(run.basis)
    if fmt == "csv":
        yield from _csv(COLUMNS, (entry_row(e, words) for e in _limited(qs, options.get("limit"), run)))
        return
    if fmt == "json":
        overview = selectors.portfolio_overview(user=user, run=run)
        document = {
            "run": {**run_data(run), "restricted": overview.restricted, "summary": overview.summary},
            "candidates_only": candidates,
            "entries": [entry_row(e, words) for e in _limited(qs, options.get("limit"), run)],
        }
        yield json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return
    limit = TABLE_LIMIT if options.get("limit") is None else options["limit"]
    yield from _show_table(run, user, qs, limit, candidates)


def _csv(columns: Sequence[str], rows: Any) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for count, row in enumerate(rows, 1):
        cells = {k: "; ".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()}
        writer.writerow(cells)
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:+.1f} %" if signed else f"{value * 100:.1f} %"


def _heading(run: PortfolioRun, user: User) -> str:
    overview = selectors.portfolio_overview(user=user, run=run)
    summary = overview.summary
    name = run.label if run.kind == RunKind.SNAPSHOT else _("current")
    text = _(
        "Portfolio analysis %(name)s (run %(id)s): %(basis)s, %(level)s, %(start)s to %(end)s, computed %(at)s."
    ) % {
        "name": name,
        "id": run.pk,
        "basis": run.get_basis_display(),
        "level": run.get_level_display(),
        "start": run.period_start,
        "end": run.period_end,
        "at": run.computed_at.strftime("%Y-%m-%d %H:%M"),
    }
    classes = summary.get("classes") or {}
    counts = ", ".join(f"{name} {int(values.get('count', 0)):,}" for name, values in sorted(classes.items()))
    text += "\n" + _("%(accounts)s accounts, total %(total)s; ABC: %(counts)s.") % {
        "accounts": f"{int(summary.get('accounts', 0)):,}",
        "total": f"{float(summary.get('total', 0)):,.0f}",
        "counts": counts or "–",
    }
    if overview.restricted:
        text += "\n" + _("Only the accounts %(user)s may see.") % {"user": user.username}
    return text + "\n\n"


def _show_table(run: PortfolioRun, user: User, qs: Any, limit: int, candidates: bool) -> Iterator[str]:
    yield _heading(run, user)
    total = qs.count()
    entries = list(_limited(qs, limit, run))
    words = ReasonWords(run.basis)
    if candidates:
        header = [_("#"), _("Account"), _("Value"), _("ABC"), _("Tier"), _("Computed tier"), _("Reasons")]
        rows = [
            [str(e.rank), e.account.name[:NAME_WIDTH], f"{e.value:,.0f}", e.abc, e.get_tier_display(),
             e.get_suggested_tier_display(), "; ".join(words(e))]
            for e in entries
        ]  # fmt: skip
    else:
        header = [_("#"), _("Account"), _("Value"), _("Share"), _("Cum. share"), _("ABC"), _("XYZ"), _("Growth"),
                  _("Attract."), _("Relation."), _("Quadrant"), _("Tier"), _("Computed tier")]  # fmt: skip
        rows = [
            [str(e.rank), e.account.name[:NAME_WIDTH], f"{e.value:,.0f}", _percent(e.share),
             _percent(e.cumulative_share), e.abc, e.xyz or "–", _percent(e.growth, signed=True),
             f"{e.attractiveness:.0f}", f"{e.relationship:.0f}", e.get_quadrant_display(), e.get_tier_display(),
             e.get_suggested_tier_display()]
            for e in entries
        ]  # fmt: skip
    yield table(header, rows, left={1, 4, 5, 6} if candidates else {1, 10, 11, 12})
    if not entries:
        yield (_("No candidates.") if candidates else _("No accounts.")) + "\n"
    if len(entries) < total:
        yield _("… %(more)s more rows (--limit 0 shows all).") % {"more": f"{total - len(entries):,}"} + "\n"


# --- compare -------------------------------------------------------------------------------


def _move(entry: PortfolioEntry | None, attr: str) -> str | None:
    return None if entry is None else getattr(entry, attr)


def compare_output(old: PortfolioRun, new: PortfolioRun, *, user: User, options: dict[str, Any]) -> Iterator[str]:
    """Who moved where between ``old`` and ``new`` as the chosen format."""
    comparison = selectors.portfolio_compare(user=user, old=old, new=new)
    fmt = options.get("format") or "table"
    limit = options.get("limit")
    if fmt == "table" and limit is None:
        limit = TABLE_LIMIT
    moved = comparison.rows if not limit else comparison.rows[:limit]
    rows = [
        {
            "account_id": account.pk,
            "account": account.name,
            "old_rank": _move(before, "rank"),
            "new_rank": _move(after, "rank"),
            "old_abc": _move(before, "abc"),
            "new_abc": _move(after, "abc"),
            "old_quadrant": _move(before, "quadrant"),
            "new_quadrant": _move(after, "quadrant"),
        }
        for account, before, after in moved
    ]
    if fmt == "csv":
        yield from _csv(list(rows[0]) if rows else ["account_id", "account"], rows)
    elif fmt == "json":
        document = {
            "old": run_data(old),
            "new": run_data(new),
            "abc_moves": comparison.abc_moves,
            "quadrant_moves": comparison.quadrant_moves,
            "rows": rows,
        }
        yield json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        yield from _compare_table(old, new, comparison, rows, total=len(comparison.rows))


def _label(run: PortfolioRun) -> str:
    return run.label or _("run %(id)s of %(date)s") % {"id": run.pk, "date": run.computed_at.date()}


def _compare_table(
    old: PortfolioRun, new: PortfolioRun, comparison: Any, rows: list[dict[str, Any]], total: int
) -> Iterator[str]:
    yield (
        _("From %(old)s (%(old_start)s to %(old_end)s) to %(new)s (%(new_start)s to %(new_end)s).")
        % {
            "old": _label(old),
            "old_start": old.period_start,
            "old_end": old.period_end,
            "new": _label(new),
            "new_start": new.period_start,
            "new_end": new.period_end,
        }
        + "\n\n"
    )
    olds, news = ["A", "B", "C", "new"], ["A", "B", "C", "gone"]
    grid = [[name, *(str(comparison.abc_moves.get(f"{name}→{to}", 0)) for to in news)] for name in olds]
    yield _("ABC classes (rows: before, columns: after)") + "\n"
    yield table(["", *news], grid, left={0}) + "\n"
    quadrants = [*Quadrant.values]
    labels = {q.value: str(q.label) for q in Quadrant}
    grid = [
        [labels.get(q, q), *(str(comparison.quadrant_moves.get(f"{q}→{to}", 0)) for to in [*quadrants, "gone"])]
        for q in [*quadrants, "new"]
    ]
    yield _("Quadrants (rows: before, columns: after)") + "\n"
    yield table(["", *(labels[q] for q in quadrants), "gone"], grid, left={0}) + "\n"
    header = [_("Account"), _("Rank before"), _("Rank now"), _("ABC"), _("Quadrant")]
    cells = [
        [
            str(r["account"])[:NAME_WIDTH],
            str(r["old_rank"] or "–"),
            str(r["new_rank"] or "–"),
            f"{r['old_abc'] or 'new'} → {r['new_abc'] or 'gone'}",
            f"{r['old_quadrant'] or 'new'} → {r['new_quadrant'] or 'gone'}",
        ]
        for r in rows
    ]
    yield _("%(count)s accounts changed class or quadrant.") % {"count": f"{total:,}"} + "\n"
    if cells:
        yield table(header, cells, left={0, 3, 4})
    if len(rows) < total:
        yield _("… %(more)s more rows (--limit 0 shows all).") % {"more": f"{total - len(rows):,}"} + "\n"
