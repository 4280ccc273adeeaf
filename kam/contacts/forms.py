"""Forms of the contact pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kam.accounts.forms import editable_accounts, use_account_lookup
from kam.accounts.models import Account
from kam.contacts.models import Contact
from kam.contacts.services import CONTACT_EDITABLE_FIELDS
from kam.users.models import User

INFLUENCE_CHOICES = [
    ("", "–"),
    (1, _("1 – low")),
    (2, "2"),
    (3, _("3 – medium")),
    (4, "4"),
    (5, _("5 – high")),
]


STRENGTH_CHOICES = [
    ("", "–"),
    (1, _("1 – weak")),
    (2, "2"),
    (3, _("3 – medium")),
    (4, "4"),
    (5, _("5 – strong")),
]


class ContactAccountForm(forms.Form):
    """Step one of a new contact: the account it belongs to (only accounts the user may change)."""

    account = forms.ModelChoiceField(queryset=Account.objects.none(), label=_("Account"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        account_field = self.fields["account"]
        assert isinstance(account_field, forms.ModelChoiceField)
        account_field.queryset = editable_accounts(user)
        account_field.empty_label = _("Choose an account…")
        use_account_lookup(self, "account", "?editable=1")


class ContactForm(forms.ModelForm):  # type: ignore[type-arg]
    """A contact's data; "reports to" offers only contacts of the same account."""

    field_order = [
        "first_name",
        "last_name",
        "function",
        "department",
        "email",
        "phone",
        "buying_role",
        "attitude",
        "influence",
        "reports_to",
        "relationship_owner",
        "relationship_strength",
        "last_contact_date",
        "external_id",
    ]

    class Meta:
        model = Contact
        fields = CONTACT_EDITABLE_FIELDS
        widgets = {
            "last_contact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "influence": forms.Select(choices=INFLUENCE_CHOICES),
            "relationship_strength": forms.Select(choices=STRENGTH_CHOICES),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        colleagues = Contact.objects.filter(account=account)
        if self.instance.pk:
            colleagues = colleagues.exclude(pk=self.instance.pk)
        reports_to = self.fields["reports_to"]
        assert isinstance(reports_to, forms.ModelChoiceField)
        reports_to.queryset = colleagues.order_by("last_name", "first_name")
        reports_to.label_from_instance = self._colleague_label  # type: ignore[assignment,method-assign]
        owner = self.fields["relationship_owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        for name in ("first_name", "last_name", "email", "phone"):
            self.fields[name].col = "col-md-6"  # type: ignore[attr-defined]
        for name in (
            "buying_role",
            "attitude",
            "influence",
            "last_contact_date",
            "department",
            "external_id",
            "relationship_strength",
        ):
            self.fields[name].col = "col-md-4"  # type: ignore[attr-defined]
        self.fields["function"].col = "col-md-8"  # type: ignore[attr-defined]
        self.fields["reports_to"].col = "col-md-8"  # type: ignore[attr-defined]
        self.fields["relationship_owner"].col = "col-md-8"  # type: ignore[attr-defined]

    @staticmethod
    def _colleague_label(contact: Contact) -> str:
        return f"{contact.full_name} ({contact.function})" if contact.function else contact.full_name

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``contact_create``/``contact_update``."""
        data = {name: self.cleaned_data[name] for name in CONTACT_EDITABLE_FIELDS}
        if not data.get("external_id"):
            data["external_id"] = None
        return data
