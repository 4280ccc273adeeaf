"""Plan pages: list, new plan, the plan page with its sections, inline editing, review, versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kam.accounts.access import visible_accounts
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, is_partial, render_list
from kam.plans import children, exports, forms, overview, page_rows, selectors, services
from kam.plans.access import can_plan_account
from kam.plans.filters import PlanFilter
from kam.plans.models import AccountPlan, Goal, Measure, PlanVersion, Risk, SwotItem
from kam.plans.sections import plan_units

# kind in the URL → (model, form, section anchor, title)
ITEMS: dict[str, tuple[type[models.Model], type[forms.forms.ModelForm], str]] = {  # type: ignore[type-arg]
    "goal": (Goal, forms.GoalForm, "goals"),
    "measure": (Measure, forms.MeasureForm, "measures"),
    "risk": (Risk, forms.RiskForm, "risks"),
    "swot": (SwotItem, forms.SwotForm, "situation"),
}


def _detail_url(plan: AccountPlan, anchor: str = "") -> str:
    return reverse("plans:detail", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


LIST_FIELDS = "q status tier owner year"


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """The overview of all plans the user may see: plans by status, accounts without an active plan,
    goals behind schedule, and the plans list (filters, paging, CSV/Excel export)."""
    filterset = PlanFilter(request.GET, queryset=overview.plan_rows(user=request.user), request=request)
    if not filterset.is_valid():
        context = {"filter": filterset, "filter_fields": LIST_FIELDS, "invalid": True, "page": None}
        return render_list(request, "plans/plan_list.html", "plans/_plan_results.html", context, status=400)
    data = filterset.form.cleaned_data
    plans = filterset.qs
    account = visible_accounts(request.user).filter(pk=data["account"]).first() if data.get("account") else None
    today = timezone.localdate()
    context = {
        "filter": filterset,
        "filter_fields": LIST_FIELDS,
        "page": paginate(request, plans),
        "ordering": request.GET.get("ordering", ""),
        "statuses": overview.status_counts(_but_status(request)),
        "status": data.get("status") or [],
        "without_plan": overview.accounts_without_active_plan(
            user=request.user,
            tiers=data.get("tier") or None,
            owner=data.get("owner"),
            search=data.get("q") or "",
        )
        if account is None
        else None,
        "behind": overview.goals_behind(plans=plans, today=today),
        "account": account,
        "can_create": account is not None and can_plan_account(request.user, account),
        "today": today,
    }
    return render_list(request, "plans/plan_list.html", "plans/_plan_results.html", context)


def _but_status(request: HttpRequest) -> Any:
    """The user's plans filtered like the list but for the status (the status cards count every status)."""
    params = request.GET.copy()
    params.pop("status", None)
    params.pop("ordering", None)
    return PlanFilter(params, queryset=selectors.plans_for_user(user=request.user), request=request).qs


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new draft plan for ``?account=<id>`` (who may write the account's plans)."""
    raw = request.GET.get("account", "")
    account = visible_accounts(request.user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if account is None:
        raise Http404("No such account.")
    if not can_plan_account(request.user, account):
        raise PermissionDenied(_("You may not write plans for this account."))
    today = timezone.localdate()
    initial = {"period_start": today.replace(month=1, day=1), "period_end": today.replace(month=12, day=31)}
    form = forms.PlanCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, account=account, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Plan created as a draft."))
            return redirect(_detail_url(plan))
    return render(request, "plans/plan_form.html", {"form": form, "account": account, "plan": None})


@login_required
@require_POST
def plan_next(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the plan of the next period from this one."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    start, end = services.next_period(plan)
    try:
        new = services.plan_create(
            user=request.user,  # type: ignore[arg-type]
            account=plan.account,
            period_start=start,
            period_end=end,
            based_on=plan,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(plan))
    messages.success(request, _("Plan for %(period)s started from this one.") % {"period": new.period_label})
    return redirect(_detail_url(new))


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan page: every section, the review and the versions."""
    plan = selectors.plan_get_for_page(user=request.user, pk=pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "plan": plan,
        "account": plan.account,
        "today": today,
    }
    context.update(selectors.plan_sections(user=request.user, plan=plan, today=today))
    context["can"] = selectors.plan_permissions(user=request.user, plan=plan, reviews=context["reviews"])
    context["rows"] = page_rows.plan_page_rows(context, get_token(request))
    context["static"] = page_rows.static_parts(can_edit=context["can"].edit, years=len(context["revenue"]["years"]))
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the plan's period, title and situation texts."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    children.require_edit(request.user, plan)
    form = forms.SituationForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plan.refresh_from_db()
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(_detail_url(plan, "situation"))
    return render(request, "plans/plan_form.html", {"form": form, "account": plan.account, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never approved."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    children.require_edit(request.user, plan)
    if request.method == "POST":
        try:
            services.plan_delete(user=request.user, plan=plan)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_detail_url(plan))
        messages.success(request, _("Plan deleted."))
        return redirect("accounts:detail", pk=plan.account_id)
    context = {
        "object": plan,
        "list_url": reverse("plans:list"),
        "list_label": _("Plans"),
        "cancel_url": _detail_url(plan),
        "warning": _("The draft plan with its goals, measures, risks and SWOT will be deleted."),
        "consequences": [],
    }
    return render(request, "core/confirm_delete.html", context)


REVIEW_ACTIONS = {
    "submit": (services.plan_submit, _("Plan submitted for review.")),
    "approve": (services.plan_approve, _("Plan approved; a version was frozen.")),
    "request_changes": (services.plan_request_changes, _("Plan sent back with your comment.")),
    "comment": (services.plan_comment, _("Comment added.")),
}


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, approve, request changes or comment (the services check who may)."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    if action not in REVIEW_ACTIONS:
        raise Http404("No such review action.")
    service, done = REVIEW_ACTIONS[action]
    form = forms.CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        service(user=request.user, plan=plan, comment=comment)  # type: ignore[operator]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(plan, "review"))
    messages.success(request, str(done))
    return redirect(_detail_url(plan, "review"))


def _item_form(kind: str, plan: AccountPlan, data: Any = None, instance: Any = None) -> Any:
    form_class = ITEMS[kind][1]
    kwargs: dict[str, Any] = {"instance": instance}
    if form_class is forms.MeasureForm:
        kwargs["plan"] = plan
    return form_class(data, **kwargs)


def _render_item_form(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    template = "plans/_item_form.html" if is_partial(request) else "plans/item_form.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, kind: str, item_pk: int | None = None) -> HttpResponse:
    """Add (``item_pk`` None) or change a goal, measure, risk or SWOT item; htmx loads the form inline."""
    if kind not in ITEMS:
        raise Http404("No such section.")
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    children.require_edit(request.user, plan)
    model, _form_class, anchor = ITEMS[kind]
    item = get_object_or_404(model, pk=item_pk, plan=plan) if item_pk is not None else None
    form = _item_form(kind, plan, request.POST or None, item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in children.FIELDS[model]}
        try:
            if item is None:
                children.plan_item_create(user=request.user, plan=plan, model=model, **fields)  # type: ignore[arg-type,type-var]
            else:
                item.refresh_from_db()
                children.plan_item_update(user=request.user, item=item, **fields)  # type: ignore[arg-type,type-var]
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(plan, anchor))
    context = {"plan": plan, "form": form, "kind": kind, "item": item, "anchor": anchor}
    return _render_item_form(request, context)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    """Remove a goal, measure, risk or SWOT item."""
    if kind not in ITEMS:
        raise Http404("No such section.")
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    model, _form_class, anchor = ITEMS[kind]
    item = get_object_or_404(model, pk=item_pk, plan=plan)
    children.plan_item_delete(user=request.user, item=item)  # type: ignore[arg-type]
    messages.success(request, _("Removed."))
    return redirect(_detail_url(plan, anchor))


def _require_planner(request: HttpRequest, plan: AccountPlan) -> None:
    if not can_plan_account(request.user, plan.account):
        raise PermissionDenied(_("You may not change the planning data of this account."))


@login_required
@require_http_methods(["GET", "POST"])
def wallet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the customer's estimated spend of a year (per product line or in total)."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    _require_planner(request, plan)
    form = forms.WalletForm(request.POST or None, initial={"year": plan.period_start.year})
    if request.method == "POST" and form.is_valid():
        try:
            children.wallet_estimate_set(user=request.user, account=plan.account, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Estimate saved."))
            return redirect(_detail_url(plan, "revenue"))
    context = {"plan": plan, "form": form, "kind": "wallet", "item": None, "anchor": "revenue"}
    return _render_item_form(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def whitespace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what a unit does about a product line, or go back to the computed cell."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    _require_planner(request, plan)
    units = plan_units(request.user, plan).shown
    initial = {"unit": request.GET.get("unit"), "product_line": request.GET.get("line")}
    form = forms.WhitespaceForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["clear"]:
                children.whitespace_entry_clear(
                    user=request.user,  # type: ignore[arg-type]
                    account=plan.account,
                    unit=data["unit"],
                    product_line=data["product_line"],
                )
            else:
                if not data["status"]:
                    raise ValidationError({"status": _("Choose a status.")})
                children.whitespace_entry_set(
                    user=request.user,  # type: ignore[arg-type]
                    account=plan.account,
                    unit=data["unit"],
                    product_line=data["product_line"],
                    status=data["status"],
                    competitor=data["competitor"],
                    note=data["note"],
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Whitespace saved."))
            return redirect(_detail_url(plan, "whitespace"))
    context = {"plan": plan, "form": form, "kind": "whitespace", "item": None, "anchor": "whitespace"}
    return _render_item_form(request, context)


@login_required
@require_GET
def plan_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Differences between two approved versions of the account's plans, or a version and this plan now."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    versions = selectors.plan_versions(user=request.user, plan=plan)
    if not versions:
        raise Http404("The account has no approved versions yet.")
    by_pk = {str(v.pk): v for v in versions}
    old_raw = request.GET.get("old", str(versions[0].pk))
    new_raw = request.GET.get("new", "current")
    if old_raw not in by_pk or (new_raw != "current" and new_raw not in by_pk):
        raise Http404("No such version.")
    old = selectors.version_get(user=request.user, pk=int(old_raw))
    new: PlanVersion | AccountPlan = (
        plan if new_raw == "current" else selectors.version_get(user=request.user, pk=int(new_raw))
    )
    changes = selectors.version_compare(user=request.user, old=old, new=new, today=timezone.localdate())
    context = {
        "plan": plan,
        "account": plan.account,
        "versions": versions,
        "old": old,
        "new": new,
        "old_raw": old_raw,
        "new_raw": new_raw,
        "changes": changes,
    }
    return render(request, "plans/plan_compare.html", context)


@login_required
@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan as a PDF or Markdown file for the review meeting (whoever may see the plan)."""
    if fmt not in exports.FORMATS:
        raise Http404("No such export format.")
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    data = exports.plan_export(
        user=request.user, plan=plan, fmt=fmt, today=timezone.localdate(), now=timezone.localtime()
    )
    response = HttpResponse(data, content_type=exports.FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(plan, fmt)}"'
    return response
