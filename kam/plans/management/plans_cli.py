"""What ``kam plans`` prints and writes: the plans list as a table, CSV or JSON, and plan exports.

Reads apply the access rule of ``--user``; without it an in-memory administrator (the
command runs on the server) sees every plan.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _

from kam.core.cli_output import table
from kam.plans.exports.listing import PlanRow

LIST_FORMATS = ("table", "csv", "json")
COLUMNS = ["plan_id", "account_id", "account", "period", "status", "responsible", "goals", "behind", "missed"]
NAME_WIDTH = 36


def row_data(row: PlanRow) -> dict[str, Any]:
    """One plan as plain values (the CSV and JSON columns; JSON lists the goals' titles)."""
    plan = row.plan
    return {
        "plan_id": plan.pk,
        "account_id": plan.account_id,
        "account": plan.account.name,
        "period": plan.period_label,
        "status": plan.status,
        "responsible": plan.owner.username if plan.owner else "",
        "goals": row.goals,
        "behind": row.behind,
        "missed": row.missed,
    }


def list_output(rows: list[PlanRow], fmt: str) -> str:
    """The plans as a table, CSV (behind and missed counted) or JSON (with the goals' titles)."""
    if fmt == "json":
        return json.dumps([row_data(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({**row_data(r), "behind": len(r.behind), "missed": len(r.missed)})
        return buffer.getvalue()
    header = [_("ID"), _("Account"), _("Period"), _("Status"), _("Responsible"), _("Goals"), _("Behind"), _("Missed")]
    cells = [
        [str(r.plan.pk), r.plan.account.name[:NAME_WIDTH], r.plan.period_label, str(r.plan.get_status_display()),
         str(r.plan.owner or "–"), str(r.goals), str(len(r.behind)), str(len(r.missed))]
        for r in rows
    ]  # fmt: skip
    text = table(header, cells, left={1, 2, 3, 4})
    return text if rows else text + _("No plans.") + "\n"
