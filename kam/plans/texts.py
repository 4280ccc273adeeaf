"""The words for the codes the pure analysis returns (gaps, progress, forecast method)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kam.contacts.choices import Attitude, BuyingRole
from kam.plans.analysis import Forecast, Gap

PROGRESS_LABELS = {
    "achieved": gettext_lazy("Achieved"),
    "on_track": gettext_lazy("On track"),
    "behind": gettext_lazy("Behind"),
    "missed": gettext_lazy("Missed"),
    "no_data": gettext_lazy("No value yet"),
}
PROGRESS_NOTES = {
    "past_target": gettext_lazy("past the target"),
    "below_baseline": gettext_lazy("below the baseline"),
    "target_equals_baseline": gettext_lazy("target equals baseline: a level to hold"),
}
RISK_LEVELS = {
    "low": gettext_lazy("Low"),
    "medium": gettext_lazy("Medium"),
    "high": gettext_lazy("High"),
    "critical": gettext_lazy("Critical"),
}


def _stance(params: dict[str, Any]) -> str:
    labels = []
    if params.get("role"):
        labels.append(str(BuyingRole(params["role"]).label))
    if params.get("attitude"):
        labels.append(str(Attitude(params["attitude"]).label))
    return ", ".join(labels)


def gap_text(gap: Gap) -> str:
    """One sentence for a stakeholder gap."""
    p = gap.params
    if gap.code == "no_contacts":
        return _("No contacts are recorded for this account.")
    if gap.code == "no_decision_maker":
        return _("Nobody in the role of decision maker.")
    if gap.code == "no_purchasing":
        return _("No contact in purchasing: no buyer, nobody in the purchasing department.")
    if gap.code == "decision_maker_without_owner":
        return _("The decision maker %(name)s has no relationship owner on our side.") % p
    if gap.code == "influential_opponent":
        return _("%(name)s stands against us (%(stance)s) with influence %(influence)s of 5.") % {
            "name": p["name"],
            "stance": _stance(p),
            "influence": p["influence"],
        }
    if gap.code == "weak_key_relationship":
        return _("The relationship with %(name)s, a key person, is weak (strength %(strength)s of 5).") % p
    if gap.code == "decision_maker_not_contacted":
        if p["days"] is None:
            return _("The decision maker %(name)s has never been contacted.") % p
        return _("The decision maker %(name)s was last contacted %(days)s days ago.") % p
    if gap.code == "no_champion":
        return _("Nobody champions us: no champion and no supporter in the buying centre.")
    if gap.code == "unknown_roles":
        return ngettext(
            "%(count)s contact has no buying-centre role yet.",
            "%(count)s contacts have no buying-centre role yet.",
            p["count"],
        ) % {"count": p["count"]}
    return gap.code


def forecast_method_text(forecast: Forecast) -> str:
    """How the forecast was made, for the page."""
    if forecast.method == "linear_trend" and forecast.history_start is not None:
        return _(
            "Linear trend: a least-squares line through the monthly revenue of the %(months)s months "
            "from %(start)s to %(end)s (the account and its subsidiaries; months without orders count as 0), "
            "continued month by month and never below 0. Months already complete count with their actual "
            "revenue. Plus the weighted pipeline (amount × probability) of open opportunities closing in the period."
        ) % {
            "months": forecast.months_used,
            "start": date_format(forecast.history_start, "YEAR_MONTH_FORMAT"),
            "end": date_format(forecast.history_end, "YEAR_MONTH_FORMAT"),
        }
    if forecast.method == "average" and forecast.history_start is not None:
        return _(
            "Fewer than 12 months of history: every future month is the average of the %(months)s months "
            "since %(start)s. Plus the weighted pipeline."
        ) % {"months": forecast.months_used, "start": date_format(forecast.history_start, "YEAR_MONTH_FORMAT")}
    return _("No revenue history: only the weighted pipeline counts.")
