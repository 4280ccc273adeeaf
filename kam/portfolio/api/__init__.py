"""REST API of the portfolio analysis under /api/v1/portfolio/ (see kam.portfolio.api.viewsets)."""

from kam.portfolio.api.viewsets import register

__all__ = ["register"]
