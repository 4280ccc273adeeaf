"""REST API of key account plans under /api/v1/plans/ and /api/v1/plan-*/ (see kam.plans.api.viewsets)."""

from kam.plans.api.viewsets import register

__all__ = ["register"]
