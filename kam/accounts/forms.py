"""Forms of the account pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kam.accounts.access import visible_accounts
from kam.accounts.models import Account
from kam.accounts.services import ACCOUNT_EDITABLE_FIELDS
from kam.users.choices import Department, Role
from kam.users.models import User

# Above this many choices a select shows only the chosen account plus a search box.
LOOKUP_THRESHOLD = 300


def editable_accounts(user: User | Any) -> QuerySet[Account]:
    """Accounts ``user`` may change (the same rule as ``can_edit_account``, as a queryset)."""
    if not user.is_authenticated or not user.is_active:
        return Account.objects.none()
    if user.sees_all_accounts or user.role == Role.KAM:
        return visible_accounts(user)
    return Account.objects.none()


def account_owner_choices() -> QuerySet[User]:
    """Users who can own accounts: active key account managers and heads of KAM."""
    return User.objects.filter(is_active=True, role__in=[Role.KAM, Role.HEAD_OF_KAM])


def use_account_lookup(form: forms.BaseForm, name: str, url_params: str = "") -> None:
    """Turn the account select ``name`` into a search-as-you-type select when it is long.

    Validation still uses the field's whole queryset; only the rendered options shrink.
    """
    form_field = form.fields[name]
    assert isinstance(form_field, forms.ModelChoiceField)
    queryset = form_field.queryset
    assert queryset is not None
    if queryset.count() <= LOOKUP_THRESHOLD:
        return
    raw = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    current = getattr(raw, "pk", raw)
    choices: list[tuple[Any, str]] = [("", "---------")]
    if current not in (None, ""):
        chosen = queryset.filter(pk=current).values_list("pk", "name").first()
        if chosen:
            choices.append(chosen)
    form_field.widget.choices = choices  # type: ignore[attr-defined]
    form_field.lookup_url = reverse("accounts:lookup") + url_params  # type: ignore[attr-defined]


# Field order and grid width (of 12) on the form.
FORM_LAYOUT = {
    "name": 8,
    "legal_form": 4,
    "tier": 4,
    "owner": 4,
    "industry": 4,
    "parent": 8,
    "external_id": 4,
    "street": 8,
    "postal_code": 4,
    "city": 6,
    "country": 6,
    "website": 8,
    "employees": 4,
}


class AccountForm(forms.ModelForm):  # type: ignore[type-arg]
    """Master data of an account."""

    field_order = list(FORM_LAYOUT)

    website = forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Account
        fields = ACCOUNT_EDITABLE_FIELDS

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = account_owner_choices()  # type: ignore[attr-defined]
        parents = visible_accounts(user)
        if self.instance.parent_id:
            # Keep a parent the user cannot see, so that saving does not silently drop it.
            parents = parents | Account.objects.filter(pk=self.instance.parent_id)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        for name, width in FORM_LAYOUT.items():
            self.fields[name].col = f"col-md-{width}"  # type: ignore[attr-defined]
        use_account_lookup(self, "parent")

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``account_create``/``account_update``."""
        data = {name: self.cleaned_data[name] for name in ACCOUNT_EDITABLE_FIELDS}
        if not data.get("external_id"):
            data["external_id"] = None
        return data


class TeamMemberForm(forms.Form):
    """Put a user on an account team in a department role."""

    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("User"))
    department = forms.ChoiceField(
        choices=[("", _("Role in the team…")), *Department.choices], label=_("Role in the team")
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(is_active=True).exclude(account_memberships__account=account)
        user_field.empty_label = _("Choose a person…")
