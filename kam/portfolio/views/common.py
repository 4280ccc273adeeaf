"""What the portfolio pages share: the chosen run, who may decide, the sub-navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict

from kam.portfolio import page_selectors, selectors
from kam.portfolio.forms import RunChoiceForm
from kam.portfolio.models import PortfolioRun, PortfolioSettings

RUN_PARAMS = ("basis", "level", "snapshot")


def can_decide(user: Any) -> bool:
    """Head of KAM and administrators nominate, decline, refresh and take snapshots."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_accounts)


def can_change_settings(user: Any) -> bool:
    """Only administrators change the thresholds and weights."""
    return bool(user.is_authenticated and user.is_active and user.is_kam_admin)


@dataclass
class RunSelection:
    """The stored analysis a page shows, chosen by ``?basis=&level=&snapshot=`` (defaults from the settings)."""

    form: RunChoiceForm
    settings: PortfolioSettings
    basis: str
    level: str
    snapshot: str
    run: PortfolioRun | None
    outdated: bool

    def query(self, **extra: str) -> str:
        """The query string that selects this run again (plus ``extra`` parameters)."""
        params = QueryDict(mutable=True)
        params["basis"] = self.basis
        params["level"] = self.level
        if self.snapshot:
            params["snapshot"] = self.snapshot
        for key, value in extra.items():
            params[key] = value
        return params.urlencode()

    def other_params(self, request: HttpRequest) -> list[tuple[str, str]]:
        """The request's parameters besides the run choice and the page (kept when the run changes)."""
        return [
            (key, value)
            for key in request.GET
            if key not in (*RUN_PARAMS, "page")
            for value in request.GET.getlist(key)
            if value
        ]


def run_selection(request: HttpRequest, *, with_snapshot: bool = True) -> RunSelection:
    """Read the run choice of the request and look the run up (None when it was never computed)."""
    settings = selectors.portfolio_settings_get()
    labels = page_selectors.snapshot_labels(user=request.user) if with_snapshot else []
    asked = RunChoiceForm(request.GET, labels=labels, with_snapshot=with_snapshot)
    basis, level, snapshot = asked.chosen(settings.default_basis, settings.default_level)
    # The form shown holds what is in force (defaults filled in, invalid values replaced).
    form = RunChoiceForm(
        {"basis": basis, "level": level, "snapshot": snapshot}, labels=labels, with_snapshot=with_snapshot
    )
    run = page_selectors.run_select(user=request.user, basis=basis, level=level, snapshot=snapshot)
    outdated = run is None or page_selectors.run_is_outdated(run)
    return RunSelection(form, settings, basis, level, snapshot, run, outdated)


def run_context(request: HttpRequest, selection: RunSelection) -> dict[str, Any]:
    """The context every page with a run choice needs."""
    return {
        "selection": selection,
        "run": selection.run,
        "run_query": selection.query(),
        "run_hidden": selection.other_params(request),
        "can_decide": can_decide(request.user),
        "restricted": not request.user.sees_all_accounts,  # type: ignore[union-attr]
    }
