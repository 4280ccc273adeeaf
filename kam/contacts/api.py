"""REST API of contacts: people at the accounts the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.routers import BaseRouter

from kam.accounts.access import can_edit_account
from kam.accounts.api import VisibleAccountField
from kam.accounts.models import Account
from kam.contacts.filters import ContactFilter
from kam.contacts.models import Contact
from kam.contacts.selectors import contact_list
from kam.contacts.services import contact_create, contact_delete, contact_update
from kam.core.api_views import KamModelViewSet
from kam.users.models import User


class VisibleContactField(serializers.PrimaryKeyRelatedField):
    """A contact id, valid only for contacts at accounts the requesting user may see."""

    def get_queryset(self) -> QuerySet[Contact]:
        request = self.context.get("request")
        return contact_list(user=request.user if request is not None else AnonymousUser())


class ContactSerializer(serializers.ModelSerializer[Contact]):
    """A person at an account, with their place in the buying centre."""

    account = VisibleAccountField(help_text=_("An account you may see."))
    account_name = serializers.CharField(source="account.name", read_only=True)
    full_name = serializers.CharField(read_only=True)
    reports_to = VisibleContactField(allow_null=True, required=False, help_text=_("A contact of the same account."))
    relationship_owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text=_("Who of us looks after the relationship: an active user."),
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "external_id",
            "account",
            "account_name",
            "first_name",
            "last_name",
            "full_name",
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
            "created_at",
            "updated_at",
        ]

    def validate_external_id(self, value: str | None) -> str | None:
        """An empty external id means none (several objects may have none)."""
        return value or None

    def create(self, validated_data: dict[str, Any]) -> Contact:
        return contact_create(**validated_data)

    def update(self, instance: Contact, validated_data: dict[str, Any]) -> Contact:
        return contact_update(contact=instance, **validated_data)


class ContactPermission(BasePermission):
    """Reading follows the account's visibility; changing needs the right to edit the account."""

    def has_object_permission(self, request: Request, view: Any, obj: Contact) -> bool:
        return request.method in SAFE_METHODS or can_edit_account(request.user, obj.account)


def _require_edit(request: Request, account: Account) -> None:
    if not can_edit_account(request.user, account):
        raise exceptions.PermissionDenied(_("You may not change contacts of this account."))


class ContactViewSet(KamModelViewSet):
    """Contacts at the accounts the user may see; KAMs, head of KAM and admins change them."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    permission_classes = [IsAuthenticated, ContactPermission]

    def get_queryset(self) -> QuerySet[Contact]:
        return contact_list(user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        _require_edit(self.request, serializer.validated_data["account"])
        serializer.save()

    def perform_update(self, serializer: Any) -> None:
        account = serializer.validated_data.get("account")
        if account is not None and account.pk != serializer.instance.account_id:
            _require_edit(self.request, account)
        serializer.save()

    def perform_destroy(self, instance: Contact) -> None:
        contact_delete(contact=instance)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("contacts", ContactViewSet, basename="contact")
