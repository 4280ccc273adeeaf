"""Forms of the product pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms

from kam.products.models import Product

PRODUCT_FIELDS = ("sku", "name", "product_line", "list_price", "margin_percent", "active")


class ProductForm(forms.ModelForm):  # type: ignore[type-arg]
    """A product of the catalogue."""

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sku"].col = "col-md-4"  # type: ignore[attr-defined]
        self.fields["name"].col = "col-md-8"  # type: ignore[attr-defined]
        for name in ("list_price", "margin_percent"):
            self.fields[name].col = "col-md-3"  # type: ignore[attr-defined]
        self.fields["list_price"].widget.attrs["step"] = "0.01"
        self.fields["margin_percent"].widget.attrs["step"] = "0.01"

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``product_create``/``product_update``."""
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}
