"""Writes on contacts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kam.accounts.models import Account
from kam.contacts.models import Contact

CONTACT_EDITABLE_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "function",
    "department",
    "email",
    "phone",
    "reports_to",
    "buying_role",
    "attitude",
    "influence",
    "last_contact_date",
    "relationship_owner",
    "relationship_strength",
)


def _check_relationship_owner(contact: Contact) -> None:
    owner = contact.relationship_owner
    if owner is not None and not owner.is_active:
        raise ValidationError({"relationship_owner": _("The relationship owner must be an active user.")})


def _check_reports_to(contact: Contact, reports_to: Contact | None) -> None:
    if reports_to is None:
        return
    if reports_to.account_id != contact.account_id:
        raise ValidationError({"reports_to": _("A contact can only report to a contact of the same account.")})
    seen: set[int] = set()
    node: Contact | None = reports_to
    while node is not None and node.pk not in seen:
        if contact.pk is not None and node.pk == contact.pk:
            raise ValidationError({"reports_to": _("Reporting lines cannot form a circle.")})
        seen.add(node.pk)
        node = node.reports_to


@transaction.atomic
def contact_create(*, account: Account, last_name: str, **fields: Any) -> Contact:
    """Create a contact at ``account``."""
    unknown = set(fields) - set(CONTACT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    contact = Contact(account=account, last_name=last_name, **fields)
    _check_reports_to(contact, contact.reports_to)
    _check_relationship_owner(contact)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, **fields: Any) -> Contact:
    """Change a contact; a history record is written."""
    unknown = set(fields) - set(CONTACT_EDITABLE_FIELDS) - {"account"}
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(contact, key, value)
    _check_reports_to(contact, contact.reports_to)
    if "relationship_owner" in fields:
        _check_relationship_owner(contact)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete a contact; contacts reporting to them keep no manager."""
    contact.delete()
