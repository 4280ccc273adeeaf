"""The computations of a key account plan as pure Python (no Django import).

Selectors feed plain values in and put the results into words; ``docs/plans.md`` states
the formulas for users. Modules:

* :mod:`.progress` — goal progress against baseline and target, on/behind track by time;
* :mod:`.stakeholders` — the buying-centre gap rules (codes with parameters);
* :mod:`.revenue` — share of wallet per product line, the whitespace grid's cells;
* :mod:`.forecast` — revenue of the next periods from the monthly trend plus the weighted pipeline;
* :mod:`.risks` — the 5 × 5 risk matrix;
* :mod:`.compare` — field-level differences between two version snapshots.

Values of Django choices are repeated here as plain strings; a test checks that they agree.
"""

from __future__ import annotations

from .compare import Change, diff_snapshots
from .forecast import Forecast, PeriodForecast, PipelineItem, forecast_revenue
from .progress import GoalProgress, goal_progress, time_elapsed
from .revenue import WalletShare, WhitespaceCell, share_of_wallet, whitespace_cells
from .risks import RiskCell, risk_level, risk_matrix
from .stakeholders import GAP_CODES, Gap, Stakeholder, stakeholder_gaps

__all__ = [
    "GAP_CODES",
    "Change",
    "Forecast",
    "Gap",
    "GoalProgress",
    "PeriodForecast",
    "PipelineItem",
    "RiskCell",
    "Stakeholder",
    "WalletShare",
    "WhitespaceCell",
    "diff_snapshots",
    "forecast_revenue",
    "goal_progress",
    "risk_level",
    "risk_matrix",
    "share_of_wallet",
    "stakeholder_gaps",
    "time_elapsed",
    "whitespace_cells",
]
