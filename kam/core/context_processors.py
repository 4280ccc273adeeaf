from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def kam(request: HttpRequest) -> dict[str, Any]:
    """Values every page template may use."""
    return {"KAM_CURRENCY": settings.CURRENCY, "KAM_VERSION": "0.1.0"}
