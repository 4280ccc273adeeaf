"""REST API of accounts and their account team."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from kam.accounts.access import can_create_account, can_edit_account, visible_accounts
from kam.accounts.filters import AccountFilter
from kam.accounts.models import Account, AccountRevenueYear, AccountTeamMember
from kam.accounts.selectors import account_list
from kam.accounts.services import (
    account_create,
    account_delete,
    account_team_member_add,
    account_team_member_remove,
    account_update,
)
from kam.core.api import Conflict
from kam.core.api_views import KamModelViewSet
from kam.users.choices import Department, Role
from kam.users.models import User


class VisibleAccountField(serializers.PrimaryKeyRelatedField):
    """An account id, valid only for accounts the requesting user may see.

    An account the user may not see gets the same error as one that does not exist.
    """

    def get_queryset(self) -> QuerySet[Account]:
        request = self.context.get("request")
        return visible_accounts(request.user if request is not None else AnonymousUser())


class AccountTeamMemberSerializer(serializers.ModelSerializer[AccountTeamMember]):
    """One member of an account team, as shown inside an account."""

    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.SerializerMethodField()

    class Meta:
        model = AccountTeamMember
        fields = ["user", "username", "full_name", "department", "added_at"]
        read_only_fields = fields

    def get_full_name(self, member: AccountTeamMember) -> str:
        return str(member.user)


class AccountTeamMemberWriteSerializer(serializers.Serializer):
    """Put a user on an account team (or change their role on it)."""

    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    department = serializers.ChoiceField(choices=Department.choices)


class AccountSerializer(CountryFieldMixin, serializers.ModelSerializer[Account]):
    """An account with its owner, parent, team and the stored revenue of last and this year."""

    parent = VisibleAccountField(allow_null=True, required=False)  # type: ignore[assignment]
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, role__in=[Role.KAM, Role.HEAD_OF_KAM]),
        allow_null=True,
        required=False,
        help_text=_("The key account manager: an active user with the role KAM or head of KAM."),
    )
    team = AccountTeamMemberSerializer(many=True, read_only=True)
    revenue_last_year = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    revenue_this_year = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Account
        fields = [
            "id",
            "external_id",
            "name",
            "legal_form",
            "parent",
            "industry",
            "employees",
            "street",
            "postal_code",
            "city",
            "country",
            "website",
            "tier",
            "owner",
            "team",
            "revenue_last_year",
            "revenue_this_year",
            "created_at",
            "updated_at",
        ]

    def validate_external_id(self, value: str | None) -> str | None:
        """An empty external id means none (several objects may have none)."""
        return value or None

    def create(self, validated_data: dict[str, Any]) -> Account:
        return account_create(**validated_data)

    def update(self, instance: Account, validated_data: dict[str, Any]) -> Account:
        return account_update(account=instance, changed_by=self.context["request"].user, **validated_data)


class AccountPermission(BasePermission):
    """Head of KAM and admins create and delete accounts; who may edit follows the access rule."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if view.action == "create":
            return can_create_account(request.user)
        return True

    def has_object_permission(self, request: Request, view: Any, obj: Account) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action == "destroy":
            return can_create_account(request.user)
        return can_edit_account(request.user, obj)


def _revenue_fallback(account: Account) -> Account:
    """Fill the revenue fields of an account read without the list annotations."""
    year = datetime.date.today().year
    stored = dict(
        AccountRevenueYear.objects.filter(account=account, year__in=[year - 1, year]).values_list("year", "net_revenue")
    )
    account.revenue_last_year = stored.get(year - 1, 0)  # type: ignore[attr-defined]
    account.revenue_this_year = stored.get(year, 0)  # type: ignore[attr-defined]
    return account


class AccountViewSet(KamModelViewSet):
    """Accounts the user may see. Head of KAM and admins create and delete; KAMs edit their accounts."""

    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    permission_classes = [IsAuthenticated, AccountPermission]

    def get_queryset(self) -> QuerySet[Account]:
        return account_list(user=self.request.user).prefetch_related("team__user")

    def _reload(self, account: Account) -> Account:
        reloaded = self.get_queryset().filter(pk=account.pk).first()
        return reloaded if reloaded is not None else _revenue_fallback(account)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = self._reload(serializer.save())

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = self._reload(serializer.save())

    def perform_destroy(self, instance: Account) -> None:
        if instance.order_lines.exists():
            raise Conflict(_("This account has order lines and cannot be deleted."))
        if instance.subsidiaries.exists():
            raise Conflict(_("This account has subsidiaries and cannot be deleted; move or delete them first."))
        account_delete(account=instance)

    @extend_schema(
        request=AccountTeamMemberWriteSerializer,
        responses={200: AccountTeamMemberSerializer, 201: AccountTeamMemberSerializer},
        filters=False,
        summary="Add a user to the account team or change their role",
    )
    @action(detail=True, methods=["post"], url_path="team", filterset_class=None)
    def team_add(self, request: Request, pk: str | None = None) -> Response:
        """Put a user on the team in a department role; 201 when new, 200 when their role changed."""
        account = self.get_object()
        write = AccountTeamMemberWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        user = write.validated_data["user"]
        existed = account.team.filter(user=user).exists()
        member = account_team_member_add(account=account, user=user, department=write.validated_data["department"])
        return Response(
            AccountTeamMemberSerializer(member).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: OpenApiResponse(description="Removed from the team.")},
        filters=False,
        summary="Remove a user from the account team",
    )
    @action(detail=True, methods=["delete"], url_path=r"team/(?P<user_id>[^/.]+)", filterset_class=None)
    def team_remove(self, request: Request, pk: str | None = None, user_id: str | None = None) -> Response:
        """Take a user off the team; 404 when they are not on it."""
        account = self.get_object()
        try:
            member_id = int(user_id or "")
        except ValueError as exc:
            raise exceptions.NotFound() from exc
        if not account.team.filter(user_id=member_id).exists():
            raise exceptions.NotFound(_("This user is not on the account team."))
        account_team_member_remove(account=account, user=User.objects.get(pk=member_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("accounts", AccountViewSet, basename="account")
