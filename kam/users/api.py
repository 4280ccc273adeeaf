"""REST API of users: ``/users/me/`` for everyone, the user list for head of KAM and admins."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from kam.core.api_views import KamReadOnlyModelViewSet
from kam.users.choices import Department, Role
from kam.users.models import User


class UserSummarySerializer(serializers.ModelSerializer[User]):
    """A user as other objects show them: id, username and name."""

    full_name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name"]

    def get_full_name(self, user: User) -> str:
        return str(user)


class UserSerializer(serializers.ModelSerializer[User]):
    """A user of KAM with their role (read only through the API)."""

    full_name = serializers.SerializerMethodField()
    # Declared because DRF drops allow_blank from read-only model fields: the schema must allow "".
    department = serializers.ChoiceField(choices=Department.choices, allow_blank=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "role",
            "department",
            "language",
            "is_active",
        ]
        read_only_fields = fields

    def get_full_name(self, user: User) -> str:
        return str(user)


class UserFilter(django_filters.FilterSet):
    """Search, role and active flag for the user list."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    ordering = django_filters.OrderingFilter(
        fields=(("username", "username"), ("last_name", "name"), ("role", "role")),
        label=_("Sort by"),
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )


class UserListPermission(BasePermission):
    """Only head of KAM and administrators list users; everyone reads themselves."""

    message = _("Only the head of key account management and administrators may list users.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(view, "action", None) == "list":
            return bool(getattr(request.user, "sees_all_accounts", False))
        return True


class UserViewSet(KamReadOnlyModelViewSet):
    """Users of KAM. Everyone reads ``/users/me/``; head of KAM and admins list and read all users."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    permission_classes = [IsAuthenticated, UserListPermission]

    def get_queryset(self) -> QuerySet[User]:
        user = self.request.user
        if getattr(user, "sees_all_accounts", False):
            return User.objects.all()
        return User.objects.filter(pk=user.pk) if user.is_authenticated else User.objects.none()

    @extend_schema(responses=UserSerializer, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def me(self, request: Request) -> Response:
        """The user the request is authenticated as."""
        user = cast(User, request.user)
        return Response(UserSerializer(user, context=self.get_serializer_context()).data)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("users", UserViewSet, basename="user")
