"""The rows of the plan page's sections, rendered in Python.

As on the 360° page (:mod:`kam.accounts.account_tables`), a template loop costs a node
render per value, a translation lookup per label, a ``get_FOO_display`` per choice and a
``reverse()`` per link; with the org chart drawn by a recursive include and the edit links
of every goal, measure, risk and SWOT item, the plan page's templates cost more than its
SQL. Here each row is one f-string with every value passed through ``html.escape`` (what
Django's ``escape`` uses); choice labels are looked up once per language, links are
reversed once per page. The HTML is the one the templates gave; headings, forms and
everything around the rows stay in the templates.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import is_aware, localtime
from django.utils.translation import get_language, gettext, pgettext

from kam.accounts import account_tables
from kam.contacts.choices import Attitude, BuyingRole
from kam.core.templatetags.kam_format import format_number, money_formatter
from kam.plans import texts
from kam.plans.choices import GoalMetric, MeasureStatus, ReviewAction
from kam.plans.forms import CommentForm
from kam.plans.templatetags.plans_ui import share
from kam.users.choices import Department

DASH = "–"
NO_VALUE = f'<span class="text-body-secondary">{DASH}</span>'
PK = 987654321  # reverse() once per page; each row puts its id in place of this number
KIND = "kindplaceholder"
EMPTY_ITEM = f'<li class="list-unstyled text-body-secondary">{DASH}</li>'


@dataclass(frozen=True)
class Labels:
    """Choice labels and fixed texts of the plan page in one language, escaped."""

    buying_roles: dict[str, str]
    attitudes: dict[str, str]
    departments: dict[str, str]
    metrics: dict[str, str]
    measure_statuses: dict[str, str]
    review_actions: dict[str, str]
    progress: dict[str, str]
    notes: dict[str, str]
    risk_levels: dict[str, str]
    sources: dict[str, str]
    influence: tuple[str, ...]
    words: dict[str, str]


def _escaped(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    return {str(value): escape(str(label)) for value, label in choices}


def _influence_cells() -> tuple[str, ...]:
    """The influence cell for 0–5 (what ``{% influence_dots %}`` renders)."""
    cells = [NO_VALUE]
    for value in range(1, 6):
        title = escape(gettext("Influence %(value)s of 5") % {"value": value})
        cells.append(
            f'<span class="kam-influence" title="{title}" aria-label="{title}">'
            f'<span class="on">{"●" * value}</span>{"●" * (5 - value)}</span>'
        )
    return tuple(cells)


def _words() -> dict[str, str]:
    # Our own texts, trusted as a template's {% translate "…" %} is (not escaped).
    return {
        "edit": gettext("Edit"),
        "remove": gettext("Remove"),
        "remove_confirm": gettext("Remove this entry?"),
        "overdue": gettext("overdue"),
        "over_estimate": gettext("Revenue exceeds the estimate: the estimate is too low."),
        "says_otherwise": gettext("the order lines say otherwise"),
        "compare_now": gettext("compare with this plan now"),
        "no_reviews": gettext("No review steps yet."),
        "strength": gettext("Strengths"),
        "weakness": gettext("Weaknesses"),
        "opportunity": pgettext("SWOT", "Opportunities"),
        "threat": gettext("Threats"),
    }


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> Labels:
    return Labels(
        buying_roles=_escaped(BuyingRole.choices),
        attitudes=_escaped(Attitude.choices),
        departments=_escaped(Department.choices),
        metrics=_escaped(GoalMetric.choices),
        measure_statuses=_escaped(MeasureStatus.choices),
        review_actions=_escaped(ReviewAction.choices),
        progress=_escaped(texts.PROGRESS_LABELS.items()),
        notes=_escaped(texts.PROGRESS_NOTES.items()),
        risk_levels=_escaped(texts.RISK_LEVELS.items()),
        sources={
            "measured": gettext("measured, last 12 months"),
            "entered": gettext("entered"),
            "no_estimate": gettext("no wallet estimate"),
            "not_entered": gettext("not entered"),
        },
        influence=_influence_cells(),
        words=_words(),
    )


def _local(value: Any) -> Any:
    """An aware date and time in the current time zone, as the ``date`` filter shows it; dates as they are."""
    return localtime(value) if isinstance(value, datetime.datetime) and is_aware(value) else value


def _person(user: Any) -> str:
    """A user as ``User.__str__`` names them, escaped; empty for nobody."""
    return "" if user is None else escape(str(user))


class PlanRows:
    """The rows of one plan page: labels of the active language, links of this plan, the CSRF field."""

    def __init__(self, plan: Any, *, can_edit: bool, can_plan_account: bool, csrf_token: Any) -> None:
        self.plan = plan
        self.can_edit = can_edit
        self.can_plan_account = can_plan_account
        self.labels = _labels(get_language())
        self.money = money_formatter()
        self.date_format = formats.get_format("SHORT_DATE_FORMAT")
        self.datetime_format = formats.get_format("SHORT_DATETIME_FORMAT")
        self.csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">' if csrf_token else ""
        )
        self._edit_url = reverse("plans:item_edit", args=[plan.pk, KIND, PK])
        self._delete_url = reverse("plans:item_delete", args=[plan.pk, KIND, PK])
        self._contact_url = reverse("contacts:detail", args=[PK])
        self._dates: dict[Any, str] = {}

    def date(self, value: Any) -> str:
        """What ``{{ value|date:"SHORT_DATE_FORMAT" }}`` renders (times in the current time zone)."""
        if not value:
            return ""
        if value not in self._dates:
            self._dates[value] = escape(dateformat.format(_local(value), self.date_format))
        return self._dates[value]

    def item_actions(self, kind: str, pk: int, target: str) -> str:
        """The edit link and the remove button of an item (what ``plans/_item_actions.html`` rendered)."""
        words = self.labels.words
        edit = escape(self._edit_url.replace(KIND, kind).replace(str(PK), str(pk)))
        delete = escape(self._delete_url.replace(KIND, kind).replace(str(PK), str(pk)))
        return (
            '\n<span class="text-nowrap">\n'
            f'<a class="btn btn-link btn-sm p-0 me-2" href="{edit}" hx-get="{edit}" hx-target="#{target}" '
            f'hx-swap="innerHTML">{words["edit"]}</a>\n'
            f'<form method="post" action="{delete}" class="d-inline">{self.csrf}<button type="submit" '
            f'class="btn btn-link btn-sm p-0 text-danger" data-confirm="{words["remove_confirm"]}">'
            f"{words['remove']}</button></form>\n</span>\n"
        )

    # Basics --------------------------------------------------------------------------------

    def unit_items(self, units: list[Any]) -> SafeString:
        """The units and their locations: the planned account in bold, its subsidiaries linked."""
        url = reverse("accounts:detail", args=[PK])
        countries = account_tables.labels().countries
        items = []
        for unit in units:
            name = escape(unit.name)
            if unit.pk == self.plan.account_id:
                name = f"<strong>{name}</strong>"
            else:
                name = f'<a href="{escape(url.replace(str(PK), str(unit.pk)))}">{name}</a>'
            city, code = unit.city or "", str(unit.country or "")
            separator = ", " if city and code else ""
            items.append(
                f'<li>{name} <span class="text-body-secondary">{escape(city)}{separator}'
                f"{escape(countries.get(code, ''))}</span></li>"
            )
        return mark_safe("".join(items))  # noqa: S308 - every value escaped above

    def team_items(self, team: list[Any]) -> SafeString:
        """The account team: each member's name and department."""
        departments = self.labels.departments
        return mark_safe(  # noqa: S308 - every value escaped here
            "".join(
                f'<li>{_person(member.user)} <span class="text-body-secondary">· '
                f"{departments.get(member.department, escape(member.department))}</span></li>"
                for member in team
            )
        )

    # Stakeholder map -----------------------------------------------------------------------

    def _person_card(self, node: Any) -> str:
        contact, labels = node.contact, self.labels
        link = escape(self._contact_url.replace(str(PK), str(contact.pk)))
        function = (
            f' <span class="small text-body-secondary">· {escape(contact.function)}</span>' if contact.function else ""
        )
        role = labels.buying_roles.get(contact.buying_role, escape(contact.buying_role)) or DASH
        attitude = (
            f'<span class="kam-attitude kam-attitude-{escape(contact.attitude)}">'
            f"{labels.attitudes.get(contact.attitude, escape(contact.attitude))}</span>"
            if contact.attitude
            else NO_VALUE
        )
        dots = labels.influence[contact.influence] if contact.influence in range(1, 6) else NO_VALUE
        owner = ""
        if contact.relationship_owner_id is not None:
            strength = f" ({contact.relationship_strength}/5)" if contact.relationship_strength else ""
            owner = f" <span>↔ {_person(contact.relationship_owner)}{strength}</span>"
        gaps = "".join(f'<div class="small plan-gap-high">⚠ {escape(gap)}</div>' for gap in node.gaps)
        return (
            f'<div class="plan-person{" plan-person-gap" if node.gaps else ""}">\n'
            f'<a class="fw-semibold" href="{link}">{escape(contact.full_name)}</a>{function}\n'
            f'<div class="role d-flex flex-wrap gap-2 align-items-center">\n'
            f"<span>{role}</span> {attitude} {dots}{owner}\n"
            f"</div>\n{gaps}</div>"
        )

    def org_chart(self, nodes: list[Any]) -> SafeString:
        """The ``<li>`` of the org chart, people under whom they report to (what ``_org_nodes.html`` drew)."""
        parts: list[str] = []
        # Depth first without recursion: a stack of (node, closing) items.
        stack: list[Any] = list(reversed(nodes))
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
                continue
            parts.append(f"\n<li>\n{self._person_card(item)}\n")
            if item.children:
                parts.append("<ul>")
                stack.append("</ul>\n</li>")
                stack.extend(reversed(item.children))
            else:
                stack.append("</li>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above

    # Revenue and whitespace ----------------------------------------------------------------

    def _share_cells(self, cell: Any) -> str:
        if not cell:
            return '<td class="num">–</td><td class="num">–</td><td class="num">–</td>'
        estimate = escape(self.money(cell.estimate)) if cell.estimate is not None else DASH
        over = cell.over_estimate
        title = f' title="{self.labels.words["over_estimate"]}"' if over else ""
        return (
            f'<td class="num">{escape(self.money(cell.revenue))}</td><td class="num">{estimate}</td>'
            f'<td class="num{" text-danger" if over else ""}"{title}>{escape(share(cell.share)) or DASH}</td>'
        )

    def revenue_rows(self, rows: list[dict[str, Any]]) -> SafeString:
        """The revenue by product line table's rows: per year revenue, estimated spend and share."""
        html = [
            f"<tr><td>{escape(row['line'].name) if row['line'] and row['line'].name else DASH}</td>\n"
            + "".join(self._share_cells(cell) for cell in row["cells"])
            + "\n</tr>"
            for row in rows
        ]
        return mark_safe("\n".join(html))  # noqa: S308 - every value escaped above

    def revenue_totals(self, totals: list[dict[str, Any]]) -> SafeString:
        """The cells of the revenue table's total row, three per year."""
        cells = []
        for total in totals:
            estimate = total["share"].estimate
            spend = escape(self.money(estimate)) if estimate is not None else DASH
            cells.append(
                f'<td class="num">{escape(self.money(total["revenue"]))}</td><td class="num">{spend}</td>'
                f'<td class="num">{escape(share(total["share"].share)) or DASH}</td>'
            )
        return mark_safe("".join(cells))  # noqa: S308 - every value escaped above

    def _whitespace_cell(self, cell: Any, url: str) -> str:
        money = escape(self.money(cell.revenue))
        status = escape(cell.status)
        warning = f" · {self.labels.words['says_otherwise']}" if cell.contradicts_data else ""
        title = f"{escape(cell.competitor) + ' · ' if cell.competitor else ''}{money}{warning}"
        if status == "bought":
            text = money
        elif status == "competitor":
            text = escape(Truncator(cell.competitor).chars(14))
        else:
            text = DASH if status == "no_need" else "○"
        text += " ⚠" if cell.contradicts_data else ""
        css = f'class="plan-ws-cell plan-ws-{status}{" plan-ws-entered" if cell.entered else ""}" title="{title}"'
        if not url:
            return f"<td><span {css}>\n{text}\n</span></td>"
        link = f"{url}?unit={cell.unit}&amp;line={cell.product_line}"
        return f'<td><a href="{link}" hx-get="{link}" hx-target="#whitespace-form" {css}>\n{text}\n</a></td>'

    def whitespace_rows(self, rows: list[dict[str, Any]]) -> SafeString:
        """The whitespace grid's rows: the unit, then a cell per product line (a link for who may plan)."""
        url = escape(reverse("plans:whitespace", args=[self.plan.pk])) if self.can_plan_account else ""
        html = [
            f'<tr><th scope="row">{escape(row["unit"].name)}</th>\n'
            + "\n".join(self._whitespace_cell(cell, url) for cell in row["cells"])
            + "\n</tr>"
            for row in rows
        ]
        return mark_safe("\n".join(html))  # noqa: S308 - every value escaped above

    # Situation, goals, measures, risks -----------------------------------------------------

    def swot_cards(self, swot: dict[str, list[Any]]) -> SafeString:
        """The four SWOT quadrants with their items (and edit links for who may change the plan)."""
        words, cards = self.labels.words, []
        for kind, items in swot.items():
            entries = "".join(
                f"<li>{escape(item.text)} {self.item_actions('swot', item.pk, 'swot-form') if self.can_edit else ''}"
                "</li>"
                for item in items
            )
            cards.append(
                f'\n<div class="col-md-6 col-xl-3"><div class="card plan-swot plan-swot-{escape(kind)} h-100">'
                f'<div class="card-body p-2">\n<div class="fw-semibold small mb-1">{words.get(kind, words["threat"])}'
                f'</div>\n<ul class="small mb-0 ps-3">'
                f"{entries or EMPTY_ITEM}</ul>\n</div></div></div>\n"
            )
        return mark_safe("".join(cards))  # noqa: S308 - every value escaped above

    def _goal_row(self, measured: Any) -> str:
        goal, progress, labels = measured.goal, measured.progress, self.labels
        line = (
            f' <span class="text-body-secondary">· {escape(str(goal.product_line))}</span>' if goal.product_line else ""
        )
        current = escape(format_number(measured.current, 0)) if measured.current is not None else DASH
        source = labels.sources.get(measured.source, labels.sources["not_entered"])
        percent = f" · {progress.percent} %" if progress.percent is not None else ""
        notes = "".join(f" · {labels.notes.get(note, escape(note))}" for note in progress.notes)
        status = labels.progress.get(progress.status, escape(progress.status))
        bar = self._progress_bar(progress.percent, progress.expected, progress.status)
        actions = f"\n<td>{self.item_actions('goal', goal.pk, 'goal-form')}</td>" if self.can_edit else ""
        return (
            f"<tr>\n<td>{escape(goal.title)}</td>\n"
            f"<td>{labels.metrics.get(goal.metric, escape(goal.metric))}{line}</td>\n"
            f'<td class="num">{escape(format_number(goal.baseline, 0))}</td>\n'
            f'<td class="num">{current}<div class="small text-body-secondary">{source}</div></td>\n'
            f'<td class="num">{escape(format_number(goal.target, 0))}</td>\n<td>{self.date(goal.due_date)}</td>\n'
            f'<td>{bar}<div class="small plan-progress-{escape(progress.status)}">{status}{percent}{notes}</div></td>'
            f"{actions}\n</tr>"
        )

    def _progress_bar(self, percent: int | None, expected: float, status: str) -> str:
        """What ``{% progress_bar %}`` draws, with the label of the language looked up once."""
        width = 0 if percent is None else max(0, min(100, percent))
        tick = round(max(0.0, min(1.0, expected)) * 100, 1)
        label = self.labels.progress.get(status, escape(status))
        return (
            f'<svg class="plan-bar plan-bar-{escape(status)}" viewBox="0 0 100 8" preserveAspectRatio="none" '
            f'role="img" aria-label="{label} {width}%">'
            '<rect class="plan-bar-track" x="0" y="0" width="100" height="8" rx="2"></rect>'
            f'<rect class="plan-bar-fill" x="0" y="0" width="{width}" height="8" rx="2"></rect>'
            f'<line class="plan-bar-tick" x1="{tick}" x2="{tick}" y1="0" y2="8"></line></svg>'
        )

    def goal_rows(self, goals: list[Any]) -> SafeString:
        """The goals table's rows: goal, metric, baseline, current value and its source, target, due, progress."""
        return mark_safe("\n".join(self._goal_row(measured) for measured in goals))  # noqa: S308 - escaped

    def _measure_row(self, measure: Any, today: Any) -> str:
        labels = self.labels
        description = (
            f'<div class="small text-body-secondary">{escape(Truncator(measure.description).chars(120))}</div>'
            if measure.description
            else ""
        )
        assignee = _person(measure.assignee)
        separator = " · " if assignee and measure.department else ""
        department = labels.departments.get(measure.department, escape(measure.department))
        overdue = (
            f' <span class="text-danger small">{labels.words["overdue"]}</span>'
            if measure.due_date and measure.due_date < today and measure.status == MeasureStatus.OPEN
            else ""
        )
        goal = escape(str(measure.goal)) if measure.goal is not None else DASH
        actions = f"\n<td>{self.item_actions('measure', measure.pk, 'measure-form')}</td>" if self.can_edit else ""
        return (
            f"<tr>\n<td>{escape(measure.title)}{description}</td>\n<td>{assignee}{separator}{department}</td>\n"
            f"<td>{self.date(measure.due_date) or DASH}{overdue}</td>\n"
            f"<td>{labels.measure_statuses.get(measure.status, escape(measure.status))}</td>\n"
            f"<td>{goal or DASH}</td>{actions}\n</tr>"
        )

    def measure_rows(self, measures: list[Any], today: Any) -> SafeString:
        """The measures table's rows: what, who, due (overdue when open), status, goal."""
        return mark_safe("\n".join(self._measure_row(measure, today) for measure in measures))  # noqa: S308

    def risk_matrix(self, matrix: list[list[Any]]) -> SafeString:
        """The risk matrix's rows of cells, impact 5 down to 1 (the number of risks in each cell)."""
        levels, rows = self.labels.risk_levels, []
        for row in matrix:
            cells = "".join(
                f'<td class="plan-risk-{cell.level}" title="{levels.get(cell.level, escape(cell.level))} · '
                f'{cell.score}">{len(cell.risk_ids) if cell.risk_ids else ""}</td>'
                for cell in row
            )
            rows.append(f'<tr><th scope="row">{row[0].impact}</th>{cells}</tr>')
        return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above

    def risk_rows(self, risks: list[Any]) -> SafeString:
        """The risks table's rows: risk, probability × impact coloured by level, mitigation, owner."""
        rows = []
        for risk in risks:
            actions = f"\n<td>{self.item_actions('risk', risk.pk, 'risk-form')}</td>" if self.can_edit else ""
            rows.append(
                f"<tr>\n<td>{escape(risk.description)}</td>\n"
                f'<td><span class="plan-status plan-risk-{escape(risk.level)}">{risk.probability} × {risk.impact}'
                f'</span></td>\n<td class="small">{escape(risk.mitigation) or DASH}</td>\n'
                f"<td>{_person(risk.owner) or DASH}</td>{actions}\n</tr>"
            )
        return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above

    # Review ----------------------------------------------------------------------------------

    def review_items(self, reviews: list[Any]) -> SafeString:
        """The review log's entries, newest first: action, who, when, the comment."""
        labels, items = self.labels, []
        for review in reviews:
            comment = f'<div class="plan-text">{escape(review.comment)}</div>' if review.comment else ""
            when = escape(dateformat.format(_local(review.created_at), self.datetime_format))
            items.append(
                f'<li class="mb-2"><span class="fw-semibold">'
                f"{labels.review_actions.get(review.action, escape(review.action))}</span> · "
                f"{_person(review.reviewer) or DASH} · "
                f'<span class="text-body-secondary">{when}</span>{comment}</li>'
            )
        empty = f'<li class="text-body-secondary">{labels.words["no_reviews"]}</li>'
        return mark_safe("".join(items) or empty)  # noqa: S308 - every value escaped above

    def version_items(self, versions: list[Any]) -> SafeString:
        """The approved versions of the account's plans, each with a link comparing it with this plan now."""
        url = escape(reverse("plans:compare", args=[self.plan.pk]))
        words = self.labels.words
        return mark_safe(  # noqa: S308 - every value escaped here
            "".join(
                f"<li>{escape(v.plan.period_label)} · v{v.number} · {_person(v.approved_by) or DASH} · "
                f'{self.date(v.approved_at)} · <a href="{url}?old={v.pk}&amp;new=current">{words["compare_now"]}</a>'
                "</li>"
                for v in versions
            )
        )


def plan_page_rows(context: dict[str, Any], csrf_token: Any) -> dict[str, SafeString]:
    """The rendered rows of every section of the plan page, from the page's context
    (:func:`kam.plans.selectors.plan_sections` with ``plan``, ``can`` and ``today``)."""
    can = context["can"]
    rows = PlanRows(context["plan"], can_edit=can.edit, can_plan_account=can.plan_account, csrf_token=csrf_token)
    return {
        "units": rows.unit_items(context["basics"]["units"]),
        "team": rows.team_items(context["basics"]["team"]),
        "org_chart": rows.org_chart(context["stakeholders"]["org_chart"]),
        "revenue": rows.revenue_rows(context["revenue"]["rows"]),
        "revenue_totals": rows.revenue_totals(context["revenue"]["totals"]),
        "whitespace": rows.whitespace_rows(context["whitespace"]["rows"]),
        "swot": rows.swot_cards(context["swot"]),
        "goals": rows.goal_rows(context["goals"]),
        "measures": rows.measure_rows(context["measures"], context["today"]),
        "risk_matrix": rows.risk_matrix(context["risks"]["matrix"]),
        "risks": rows.risk_rows(context["risks"]["items"]),
        "reviews": rows.review_items(context["reviews"]),
        "versions": rows.version_items(context["versions"]),
    }


STATIC_PARTS = (
    "nav",
    "goals_head",
    "measures_head",
    "risks_head",
    "forecast_head",
    "whitespace_legend",
    "revenue_head",
    "comment_widget",
)


@functools.lru_cache(maxsize=64)
def _static_part(language: str | None, part: str, edit: bool, years: int) -> SafeString:
    # Rendered by the template engine once per language, rights and number of years (all it depends on).
    context = {"part": part, "edit": edit, "years": range(years), "comment_form": CommentForm()}
    html = render_to_string("plans/_page_static.html", context)
    return mark_safe(html.strip())  # noqa: S308 - the template escaped what it had to


def static_parts(*, can_edit: bool, years: int) -> dict[str, SafeString]:
    """The plan page's parts that depend only on the language, whether the user may change the plan and
    the number of revenue years: the section navigation, the tables' heads, the whitespace legend and the
    (empty) comment field of the review."""
    language = get_language()
    return {part: _static_part(language, part, can_edit, years) for part in STATIC_PARTS}
