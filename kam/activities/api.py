"""REST API of activities: meetings, visits, calls, e-mails, notes and annual reviews."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.routers import BaseRouter

from kam.accounts.api import VisibleAccountField
from kam.activities.access import can_change_activity, can_log_activity
from kam.activities.filters import ActivityFilter
from kam.activities.models import Activity
from kam.activities.selectors import activity_list
from kam.activities.services import FollowUp, activity_delete, activity_log, activity_update
from kam.contacts.models import Contact
from kam.core.api_views import KamModelViewSet
from kam.plans.models import AccountPlan
from kam.tasks.choices import TaskPriority
from kam.users.choices import Department
from kam.users.models import User


class FollowUpSerializer(serializers.Serializer[FollowUp]):
    """The task to create from the activity's next step."""

    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)
    department = serializers.ChoiceField(choices=Department.choices, required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    """An activity on an account the user may see; ``follow_up`` (write only) creates a task."""

    account = VisibleAccountField(help_text=_("An account you may see."))
    account_name = serializers.CharField(source="account.name", read_only=True)
    contacts = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.all(), many=True, required=False, help_text=_("Contacts of the account or its group.")
    )
    participants = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False
    )
    plan = serializers.PrimaryKeyRelatedField(queryset=AccountPlan.objects.all(), allow_null=True, required=False)
    follow_up = FollowUpSerializer(write_only=True, required=False)

    class Meta:
        model = Activity
        fields = [
            "id",
            "account",
            "account_name",
            "kind",
            "subject",
            "start",
            "end",
            "location",
            "contacts",
            "participants",
            "summary",
            "outcome",
            "next_step",
            "review_collaboration",
            "review_improvements",
            "review_joint_goals",
            "plan",
            "follow_up",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by"]

    def _follow_up(self, data: dict[str, Any]) -> FollowUp | None:
        raw = data.pop("follow_up", None)
        return FollowUp(**raw) if raw is not None else None

    def create(self, validated_data: dict[str, Any]) -> Activity:
        user = self.context["request"].user
        follow_up = self._follow_up(validated_data)
        return activity_log(created_by=user, follow_up=follow_up, **validated_data)

    def update(self, instance: Activity, validated_data: dict[str, Any]) -> Activity:
        if "account" in validated_data and validated_data.pop("account").pk != instance.account_id:
            raise exceptions.ValidationError({"account": [_("An activity cannot move to another account.")]})
        follow_up = self._follow_up(validated_data)
        user = self.context["request"].user
        return activity_update(activity=instance, follow_up=follow_up, created_by=user, **validated_data)


class ActivityPermission(BasePermission):
    """Reading follows the account's visibility; changing needs the right to change the activity."""

    def has_object_permission(self, request: Request, view: Any, obj: Activity) -> bool:
        return request.method in SAFE_METHODS or can_change_activity(request.user, obj)


class ActivityViewSet(KamModelViewSet):
    """Activities on the accounts the user may see; whoever sees an account logs activities on it."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    permission_classes = [IsAuthenticated, ActivityPermission]

    def get_queryset(self) -> Any:
        return activity_list(user=self.request.user).prefetch_related("contacts", "participants")

    def perform_create(self, serializer: Any) -> None:
        if not can_log_activity(self.request.user, serializer.validated_data["account"]):
            raise exceptions.PermissionDenied(_("You may not log activities on this account."))
        serializer.save()

    def perform_destroy(self, instance: Activity) -> None:
        activity_delete(activity=instance)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("activities", ActivityViewSet, basename="activity")
