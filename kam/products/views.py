"""Product pages: catalogue list, detail with revenue, create/edit, product lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kam.accounts.access import can_manage_master_data
from kam.core.pagination import paginate
from kam.core.views import apply_service_errors, render_list
from kam.products import selectors, services
from kam.products.filters import ProductFilter
from kam.products.forms import ProductForm

LIST_FIELDS = "q product_line active"
REVENUE_YEARS = 3


def _active_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("", ""), ("true", gettext_lazy("Active")), ("false", gettext_lazy("Inactive"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        label=gettext_lazy("Status"),
    )


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    """The product catalogue: search, product line, status, sorting, 50 per page."""
    filterset = ProductFilter(request.GET, queryset=selectors.product_list(user=request.user), request=request)
    filterset.form.fields["active"] = _active_field()
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "filter_fields": LIST_FIELDS,
        "page": page,
        "can_manage": can_manage_master_data(request.user),
        "ordering": request.GET.get("ordering", ""),
    }
    return render_list(request, "products/product_list.html", "products/_product_results.html", context)


@login_required
@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product with its revenue across the accounts the user may see."""
    product = selectors.product_get(user=request.user, pk=pk)
    year = datetime.date.today().year
    years = list(range(year - REVENUE_YEARS + 1, year + 1))
    rows = {
        row["year"]: row for row in selectors.product_revenue_by_year(user=request.user, product=product, years=years)
    }
    revenue = [
        {
            "year": y,
            "revenue": rows.get(y, {}).get("revenue") or Decimal("0"),
            "margin": rows.get(y, {}).get("margin"),
            "quantity": rows.get(y, {}).get("quantity") or Decimal("0"),
            "accounts": rows.get(y, {}).get("accounts") or 0,
        }
        for y in reversed(years)
    ]
    since = datetime.date(years[0], 1, 1)
    chart = {
        "labels": [str(y) for y in years],
        "datasets": [{"label": _("Revenue"), "data": [float(r["revenue"]) for r in reversed(revenue)]}],
    }
    context = {
        "product": product,
        "revenue": revenue,
        "chart": chart,
        "has_revenue": any(r["revenue"] for r in revenue),
        "top_accounts": selectors.product_top_accounts(user=request.user, product=product, since=since),
        "since": since,
        "can_manage": can_manage_master_data(request.user),
        "sees_all": getattr(request.user, "sees_all_accounts", False),
    }
    return render(request, "products/product_detail.html", context)


def _require_master_data(request: HttpRequest) -> None:
    if not can_manage_master_data(request.user):
        raise PermissionDenied(_("Only the head of key account management and administrators change products."))


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponse:
    """A new product (head of KAM and administrators)."""
    _require_master_data(request)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(**form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Product “%(name)s” created.") % {"name": product})
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/product_form.html", {"form": form, "product": None})


@login_required
@require_http_methods(["GET", "POST"])
def product_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a product (head of KAM and administrators)."""
    product = selectors.product_get(user=request.user, pk=pk)
    _require_master_data(request)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        product.refresh_from_db()
        try:
            services.product_update(product=product, **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": product})
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/product_form.html", {"form": form, "product": product})


@login_required
@require_GET
def product_line_list(request: HttpRequest) -> HttpResponse:
    """Product lines with the number of (active) products in each."""
    lines = selectors.product_line_list(user=request.user).annotate(
        product_count=Count("products"),
        active_count=Count("products", filter=Q(products__active=True)),
    )
    return render(request, "products/product_line_list.html", {"lines": lines.order_by("name")})
