"""Exports of a key account plan for the annual review: PDF (fpdf2, charts drawn) and Markdown.

:func:`plan_document` puts the plan page's sections (read through the selectors, with the
access rule) into words and figures; :mod:`.pdf` and :mod:`.markdown` only lay them out.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kam.plans.exports.document import plan_document
from kam.plans.exports.markdown import render_markdown
from kam.plans.exports.pdf import render_pdf

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.plans.models import AccountPlan
    from kam.users.models import User


@dataclass(frozen=True)
class ExportFormat:
    """A format a plan is exported in: file suffix and media type."""

    suffix: str
    content_type: str


FORMATS = {
    "pdf": ExportFormat("pdf", "application/pdf"),
    "md": ExportFormat("md", "text/markdown; charset=utf-8"),
}


def export_filename(plan: AccountPlan, fmt: str) -> str:
    """``account-plan-acme-maschinenbau-gmbh-2026.pdf``: ASCII, safe in a Content-Disposition header."""
    text = unicodedata.normalize("NFKD", f"{plan.account.name} {plan.period_label}").encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", text.decode().lower()).strip("-")[:80] or str(plan.pk)
    return f"account-plan-{slug}.{FORMATS[fmt].suffix}"


def plan_export(
    *, user: User | AnonymousUser, plan: AccountPlan, fmt: str, today: datetime.date, now: datetime.datetime
) -> bytes:
    """The plan as the user may see it, as the bytes of a PDF or Markdown (UTF-8) file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    document = plan_document(user=user, plan=plan, today=today, now=now)
    if fmt == "pdf":
        return render_pdf(document)
    return render_markdown(document).encode("utf-8")


__all__ = [
    "FORMATS",
    "ExportFormat",
    "export_filename",
    "plan_document",
    "plan_export",
    "render_markdown",
    "render_pdf",
]
