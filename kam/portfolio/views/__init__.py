"""The portfolio pages: overview, analysed accounts, matrix, candidates, ratings, comparison, settings."""

from kam.portfolio.views.account import account_card, account_ratings
from kam.portfolio.views.candidates import candidate_decide, candidate_list
from kam.portfolio.views.compare import portfolio_compare, portfolio_settings, snapshot_create
from kam.portfolio.views.entries import entry_export, entry_list, entry_matrix
from kam.portfolio.views.overview import portfolio_overview, portfolio_refresh

__all__ = [
    "account_card",
    "account_ratings",
    "candidate_decide",
    "candidate_list",
    "entry_export",
    "entry_list",
    "entry_matrix",
    "portfolio_compare",
    "portfolio_overview",
    "portfolio_refresh",
    "portfolio_settings",
    "snapshot_create",
]
