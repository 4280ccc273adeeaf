"""Order line list: the ERP's invoiced lines, read-only, through the account access rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kam.accounts.access import visible_accounts
from kam.core.pagination import paginate_without_count
from kam.core.views import render_list
from kam.orders import selectors
from kam.orders.filters import OrderLineFilter
from kam.products.models import Product
from kam.products.selectors import product_line_list

LIST_FIELDS = "date_from date_to product_line document_number"


def _prepare_form(filterset: OrderLineFilter, request: HttpRequest) -> None:
    """Date pickers and a product line select instead of raw ids (before validation)."""
    fields = filterset.form.fields
    for name in ("date_from", "date_to"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    lines = [(line.pk, line.name) for line in product_line_list(user=request.user).only("pk", "name")]
    fields["product_line"] = forms.TypedChoiceField(
        choices=[("", ""), *lines], coerce=int, empty_value=None, required=False, label=_("Product line")
    )


def _chips(request: HttpRequest) -> dict[str, Any]:
    """Names for the account/product the list is narrowed to (links from other pages)."""
    chips: dict[str, Any] = {}
    account = request.GET.get("account", "")
    if account.isdigit():
        chips["account"] = visible_accounts(request.user).filter(pk=int(account)).only("pk", "name").first()
    product = request.GET.get("product", "")
    if product.isdigit():
        chips["product"] = Product.objects.filter(pk=int(product)).only("pk", "sku", "name").first()
    return chips


@login_required
@require_GET
def order_line_list(request: HttpRequest) -> HttpResponse:
    """Order lines of the accounts the user may see, 50 per page, newest first; never counted."""
    filterset = OrderLineFilter(request.GET, queryset=selectors.order_line_list(user=request.user), request=request)
    _prepare_form(filterset, request)
    page = paginate_without_count(request, filterset.qs)
    context = {
        "filter": filterset,
        "filter_fields": LIST_FIELDS,
        "page": page,
        "chips": _chips(request),
        "ordering": request.GET.get("ordering", ""),
    }
    return render_list(request, "orders/order_line_list.html", "orders/_order_line_results.html", context)
