"""A plan as a :class:`~kam.plans.exports.blocks.PlanDocument`: the plan page's sections in words.

Reads go through :func:`kam.plans.selectors.plan_sections` (which applies the access rule);
this module only words and formats what the selectors computed, in the active language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from kam.contacts.choices import Attitude, BuyingRole
from kam.core.templatetags.kam_format import format_money, format_number, pct
from kam.plans import selectors
from kam.plans.choices import GoalMetric, MeasureStatus, SwotKind, WhitespaceStatus
from kam.plans.exports import charts
from kam.plans.exports.blocks import (
    Bar,
    Block,
    Bullets,
    Facts,
    MatrixCell,
    OrgChart,
    Person,
    PlanDocument,
    ProgressBars,
    RiskMatrix,
    Section,
    Table,
    Text,
)
from kam.plans.texts import PROGRESS_LABELS, PROGRESS_NOTES, RISK_LEVELS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kam.plans.models import AccountPlan
    from kam.plans.sections import OrgNode
    from kam.users.models import User

DASH = "–"


def _date(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else DASH


def _share(value: float | None) -> str:
    return DASH if value is None else pct(value * 100)


def _text(value: Any) -> str:
    return str(value) if value not in (None, "") else DASH


def plan_document(
    *, user: User | AnonymousUser, plan: AccountPlan, today: datetime.date, now: datetime.datetime
) -> PlanDocument:
    """Every section of ``plan`` as the user may see it, ready for a renderer."""
    data = selectors.plan_sections(user=user, plan=plan, today=today)
    sections = [
        Section("basics", _("Basics"), _basics(plan, data)),
        Section("stakeholders", _("Stakeholder map"), _stakeholders(data["stakeholders"])),
        Section("revenue", _("Revenue and potential"), _revenue(data["revenue"])),
        Section("whitespace", _("Whitespace"), _whitespace(data["whitespace"])),
        Section("situation", _("Situation"), _situation(plan, data["swot"])),
        Section("goals", _("Goals"), _goals(data["goals"])),
        Section("measures", _("Measures"), _measures(data["measures"], today)),
        Section("risks", _("Risks"), _risks(data["risks"])),
        Section("forecast", _("Forecast"), _forecast(data["forecast"])),
        Section("review", _("Review and versions"), _review(data["reviews"], data["versions"])),
    ]
    return PlanDocument(
        title=_("Account plan %(name)s %(period)s") % {"name": plan.account.name, "period": plan.period_label},
        subtitle=plan.title,
        facts=_title_facts(plan, data["versions"]),
        sections=sections,
        generated=_("Generated %(when)s by KAM") % {"when": date_format(now, "SHORT_DATETIME_FORMAT")},
        page_label=_("Page %(page)s of %(pages)s"),
        running_head=f"{plan.account.name} · {plan.period_label}",
    )


def _title_facts(plan: AccountPlan, versions: list[Any]) -> list[tuple[str, str]]:
    own = [v for v in versions if v.plan_id == plan.pk]
    if own:
        version = _("Version %(number)s of %(date)s") % {"number": own[0].number, "date": _date(own[0].approved_at)}
    else:
        version = _("Not approved yet")
    approval = DASH
    if plan.approved_at:
        approval = _("Approved by %(who)s on %(date)s") % {
            "who": _text(plan.approved_by),
            "date": _date(plan.approved_at),
        }
    return [
        (_("Account"), plan.account.name),
        (_("Period"), f"{_date(plan.period_start)} – {_date(plan.period_end)}"),
        (_("Status"), str(plan.get_status_display())),
        (_("Version"), version),
        (_("Responsible key account manager"), _text(plan.owner)),
        (_("Approval"), approval),
        (_("Started from"), plan.based_on.period_label if plan.based_on else DASH),
    ]


def _basics(plan: AccountPlan, data: dict[str, Any]) -> list[Block]:
    basics = data["basics"]
    facts = [
        (_("Account"), plan.account.name),
        (_("Key account manager"), _text(plan.account.owner)),
        (_("Part of"), " › ".join(a.name for a in basics["ancestors"]) or DASH),
        (_("Contacts"), str(len(data["stakeholders"]["contacts"]))),
    ]
    units = [("", ", ".join(filter(None, [u.name, u.city, str(u.country.name or "")]))) for u in basics["units"]]
    if basics["hidden_units"]:
        units.append(("", _("%(count)s further subsidiaries you cannot see") % {"count": basics["hidden_units"]}))
    team = [("", f"{m.user} · {m.get_department_display()}") for m in basics["team"]]
    return [
        Facts(facts),
        Bullets(units, title=_("Units and locations")),
        Bullets(team, title=_("Account team"), empty=_("No team members yet.")),
    ]


def _person(node: OrgNode) -> Person:
    contact = node.contact
    parts = [str(contact.get_buying_role_display()) if contact.buying_role else _("no buying-centre role")]
    if contact.attitude:
        parts.append(str(Attitude(contact.attitude).label))
    if contact.influence:
        parts.append(_("influence %(value)s/5") % {"value": contact.influence})
    if contact.relationship_owner:
        owner = str(contact.relationship_owner)
        if contact.relationship_strength:
            owner += f" ({contact.relationship_strength}/5)"
        parts.append(_("relationship: %(owner)s") % {"owner": owner})
    name = contact.full_name + (f", {contact.function}" if contact.function else "")
    return Person(name, " · ".join(parts), list(node.gaps), [_person(child) for child in node.children])


def _stakeholders(data: dict[str, Any]) -> list[Block]:
    gaps = [(gap["severity"], gap["text"]) for gap in data["gaps"]]
    return [
        Bullets(gaps, title=_("Gaps"), empty=_("No gaps in the buying centre.")),
        OrgChart([_person(node) for node in data["org_chart"]], empty=_("No contacts yet.")),
        Text(_("Roles: %(roles)s.") % {"roles": ", ".join(str(label) for label in BuyingRole.labels)}, muted=True),
    ]


def _revenue(data: dict[str, Any]) -> list[Block]:
    years = data["years"]
    header = [_("Product line")] + [_("Revenue"), _("Est. spend"), _("Share")] * len(years)
    groups = [("", 1), *((str(year), 3) for year in years)]
    rows: list[list[str]] = []
    styles: list[list[str | None]] = []
    for row in data["rows"]:
        cells: list[str] = [row["line"].name if row["line"] else DASH]
        marks: list[str | None] = [None]
        for cell in row["cells"]:
            if cell is None:
                cells += [DASH, DASH, DASH]
                marks += [None, None, None]
                continue
            estimate = format_money(cell.estimate) if cell.estimate is not None else DASH
            cells += [format_money(cell.revenue), estimate, _share(cell.share)]
            marks += [None, None, "warn" if cell.over_estimate else None]
        rows.append(cells)
        styles.append(marks)
    footer = [_("Total")]
    for total in data["totals"]:
        estimate = total["share"].estimate
        footer += [format_money(total["revenue"]), format_money(estimate) if estimate is not None else DASH]
        footer.append(_share(total["share"].share))
    note = _(
        "Revenue of the account and its subsidiaries by product line (from the order lines); the customer's "
        "estimated total spend entered per year; share of wallet = revenue ÷ estimated spend. Shares above 100 % "
        "are marked: the estimate is too low."
    )
    widths = [2.0] + [1.5, 1.5, 1.1] * len(years)
    empty = _("No order lines in these years.")
    table = Table(header, rows, "l" + "r" * 3 * len(years), widths, footer, styles, empty=empty, groups=groups)
    return [Text(note, muted=True), table]


def _whitespace(data: dict[str, Any]) -> list[Block]:
    header = [_("Unit"), *(line.name for line in data["lines"])]
    rows: list[list[str]] = []
    styles: list[list[str | None]] = []
    for row in data["rows"]:
        cells: list[str] = [row["unit"].name]
        marks: list[str | None] = [None]
        for cell in row["cells"]:
            if cell.status == "bought":
                text = format_money(cell.revenue)
            elif cell.status == "competitor":
                text = cell.competitor or str(WhitespaceStatus.COMPETITOR.label)
            else:
                text = str(WhitespaceStatus(cell.status).label)
            if cell.entered:
                text += " †"
            if cell.contradicts_data:
                text += " ⚠"
            cells.append(text)
            marks.append(cell.status)
        rows.append(cells)
        styles.append(marks)
    legend = _(
        "Bought: revenue since %(date)s. † entered by people, overriding the order lines; ⚠ the order lines say "
        "otherwise."
    ) % {"date": _date(data["since"])}
    count = data["open_cells"]
    legend += " " + ngettext("%(count)s open cell.", "%(count)s open cells.", count) % {"count": count}
    widths = [2.0] + [1.0] * len(data["lines"])
    table = Table(header, rows, "l" * len(header), widths, styles=styles, empty=_("No product lines yet."))
    return [Text(legend, muted=True), table]


def _situation(plan: AccountPlan, swot: dict[str, list[Any]]) -> list[Block]:
    texts = [
        (_("Customer's strategy"), plan.customer_strategy),
        (_("Customer's needs"), plan.customer_needs),
        (_("Market trends"), plan.market_trends),
        (_("Competitors"), plan.competitors),
    ]
    blocks: list[Block] = [Facts([(label, value or DASH) for label, value in texts])]
    titles = {
        SwotKind.STRENGTH: _("Strengths"),
        SwotKind.WEAKNESS: _("Weaknesses"),
        SwotKind.OPPORTUNITY: pgettext("SWOT", "Opportunities"),
        SwotKind.THREAT: _("Threats"),
    }
    for kind, title in titles.items():
        blocks.append(Bullets([("", item.text) for item in swot.get(kind, [])], title=f"SWOT · {title}"))
    return blocks


def _goal_value(metric: str, value: Decimal | None) -> str:
    if value is None:
        return DASH
    if metric in (GoalMetric.REVENUE, GoalMetric.PRODUCT_LINE_REVENUE):
        return format_money(value)
    if metric == GoalMetric.SHARE_OF_WALLET:
        return pct(value)
    return format_number(value, 0 if value == value.to_integral_value() else 1)


SOURCES = {
    "measured": gettext_lazy("measured, last 12 months"),
    "entered": gettext_lazy("entered"),
    "no_estimate": gettext_lazy("no wallet estimate"),
    "not_entered": gettext_lazy("not entered"),
}


def _progress_text(progress: Any) -> str:
    text = str(PROGRESS_LABELS.get(progress.status, progress.status))
    if progress.percent is not None:
        text += f" · {progress.percent} %"
    return " · ".join([text, *(str(PROGRESS_NOTES.get(n, n)) for n in progress.notes)])


def _goals(goals: list[Any]) -> list[Block]:
    header = [_("Goal"), _("Metric"), _("Baseline"), _("Current"), _("Target"), _("Due"), _("Progress")]
    rows, bars = [], []
    for measured in goals:
        goal, progress = measured.goal, measured.progress
        metric = str(goal.get_metric_display()) + (f" · {goal.product_line}" if goal.product_line else "")
        current = _goal_value(goal.metric, measured.current) + f" ({SOURCES[measured.source]})"
        text = _progress_text(progress)
        rows.append(
            [
                goal.title,
                metric,
                _goal_value(goal.metric, goal.baseline),
                current,
                _goal_value(goal.metric, goal.target),
                _date(goal.due_date),
                text,
            ]
        )
        bars.append(Bar(goal.title, progress.percent, progress.expected, progress.status, text))
    legend = _(
        "Progress = (current − baseline) ÷ (target − baseline); the tick marks the share of the time to the due date "
        "already passed. On track while progress is at most 10 points behind it."
    )
    table = Table(header, rows, "llrrrll", [2.2, 1.5, 1.1, 1.5, 1.1, 1.25, 1.6], empty=_("No goals yet."))
    return [table, ProgressBars(bars, legend)] if bars else [table]


def _measures(measures: list[Any], today: datetime.date) -> list[Block]:
    header = [_("What"), _("Who"), _("Due"), _("Status"), _("Goal")]
    rows: list[list[str]] = []
    styles: list[list[str | None]] = []
    for m in measures:
        who = " · ".join(filter(None, [str(m.assignee or ""), str(m.get_department_display() or "")])) or DASH
        overdue = m.due_date is not None and m.due_date < today and m.status == MeasureStatus.OPEN
        due = _date(m.due_date) + (f" ({_('overdue')})" if overdue else "")
        what = m.title + (f"\n{m.description}" if m.description else "")
        rows.append([what, who, due, str(m.get_status_display()), _text(m.goal)])
        styles.append([None, None, "warn" if overdue else None, None, None])
    return [Table(header, rows, "lllll", [3.0, 1.6, 1.1, 1.0, 1.8], styles=styles, empty=_("No measures yet."))]


def _risks(data: dict[str, Any]) -> list[Block]:
    levels = {key: str(label) for key, label in RISK_LEVELS.items()}
    matrix = [[MatrixCell(c.level, levels[c.level], len(c.risk_ids)) for c in row] for row in data["matrix"]]
    header = [_("Risk"), _("P × I"), _("Level"), _("Mitigation"), _("Owner")]
    rows = [
        [r.description, f"{r.probability} × {r.impact}", levels[r.level], r.mitigation or DASH, _text(r.owner)]
        for r in data["items"]
    ]
    styles: list[list[str | None]] = [[None, None, r.level, None, None] for r in data["items"]]
    return [
        RiskMatrix(matrix, _("Impact"), _("Probability"), list(levels.items())),
        Table(header, rows, "lclll", [2.6, 0.7, 0.9, 2.6, 1.2], styles=styles, empty=_("No risks recorded.")),
    ]


def _forecast(data: dict[str, Any]) -> list[Block]:
    result = data["result"]
    header = [_("Period"), _("Actual"), _("Trend"), _("Pipeline"), _("Expected")]
    rows = [
        [p.label, format_money(p.actual), format_money(p.trend), format_money(p.pipeline), format_money(p.total)]
        for p in result.periods
    ]
    table = Table(header, rows, "lrrrr", [1.6, 1.3, 1.3, 1.3, 1.3])
    return [
        charts.forecast_chart(result, data["monthly"]),
        table,
        Text(_("Method: %(method)s") % {"method": data["method"]}, muted=True),
    ]


def _review(reviews: list[Any], versions: list[Any]) -> list[Block]:
    steps = []
    for r in reversed(reviews):
        text = f"{r.get_action_display()} · {_text(r.reviewer)} · {_date(r.created_at)}"
        steps.append(("", text + (f": {r.comment}" if r.comment else "")))
    approved = [
        ("", f"{v.plan.period_label} · v{v.number} · {_text(v.approved_by)} · {_date(v.approved_at)}") for v in versions
    ]
    return [
        Bullets(steps, title=_("Review steps"), empty=_("No review steps yet.")),
        Bullets(approved, title=_("Approved versions of this account's plans"), empty=_("No approved versions yet.")),
    ]
