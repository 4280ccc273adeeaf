"""REST API of tasks and their comments, with the complete action."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from kam.accounts.api import VisibleAccountField
from kam.activities.models import Activity
from kam.core.api_views import KamGenericViewSet, KamModelViewSet
from kam.tasks.access import can_create_task, can_work_on_task
from kam.tasks.filters import TaskFilter
from kam.tasks.models import Task, TaskComment
from kam.tasks.selectors import comment_list, task_list
from kam.tasks.services import task_comment_add, task_complete, task_create, task_delete, task_update
from kam.users.models import User


class VisibleTaskField(serializers.PrimaryKeyRelatedField):
    """A task id, valid only for tasks on accounts the requesting user may see."""

    def get_queryset(self) -> QuerySet[Task]:
        request = self.context.get("request")
        return task_list(user=request.user if request is not None else AnonymousUser())


class TaskSerializer(serializers.ModelSerializer[Task]):
    """A task on an account the user may see, for a person, a department or both."""

    account = VisibleAccountField(help_text=_("An account you may see."))
    account_name = serializers.CharField(source="account.name", read_only=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    source_activity = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "account",
            "account_name",
            "title",
            "description",
            "assignee",
            "department",
            "due_date",
            "priority",
            "remind_at",
            "status",
            "completed_at",
            "completed_by",
            "source_activity",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["completed_at", "completed_by", "created_by"]

    def create(self, validated_data: dict[str, Any]) -> Task:
        validated_data.pop("status", None)
        return task_create(created_by=self.context["request"].user, **validated_data)

    def update(self, instance: Task, validated_data: dict[str, Any]) -> Task:
        for fixed in ("account", "source_activity"):
            value = validated_data.pop(fixed, None)
            if value is not None and value.pk != getattr(instance, f"{fixed}_id"):
                raise exceptions.ValidationError({fixed: [_("This cannot be changed.")]})
        return task_update(task=instance, changed_by=self.context["request"].user, **validated_data)


class TaskCompleteSerializer(serializers.Serializer[Any]):
    """Completing a task, optionally with a closing comment."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TaskPermission(BasePermission):
    """Reading follows the account's visibility; changing needs the right to work on the task."""

    def has_object_permission(self, request: Request, view: Any, obj: Task) -> bool:
        return request.method in SAFE_METHODS or can_work_on_task(request.user, obj)


class TaskViewSet(KamModelViewSet):
    """Tasks on the accounts the user may see; ``?assignee=<user id>`` only those assigned to that person."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    permission_classes = [IsAuthenticated, TaskPermission]

    def get_queryset(self) -> QuerySet[Task]:
        return task_list(user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        if not can_create_task(self.request.user, serializer.validated_data["account"]):
            raise exceptions.PermissionDenied(_("You may not create tasks on this account."))
        serializer.save()

    def perform_destroy(self, instance: Task) -> None:
        task_delete(task=instance)

    @extend_schema(request=TaskCompleteSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Mark the task done by the requesting user, with an optional closing comment.

        400 when it is already done or cancelled; nothing is written then.
        """
        task = self.get_object()
        body = TaskCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user: Any = request.user
        with transaction.atomic():
            task_complete(task=task, user=user)
            if body.validated_data.get("comment", "").strip():
                task_comment_add(task=task, author=user, text=body.validated_data["comment"])
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)


class TaskCommentSerializer(serializers.ModelSerializer[TaskComment]):
    """A comment on a task the user may see."""

    task = VisibleTaskField()

    class Meta:
        model = TaskComment
        fields = ["id", "task", "author", "text", "created_at"]
        read_only_fields = ["author"]

    def create(self, validated_data: dict[str, Any]) -> TaskComment:
        return task_comment_add(author=self.context["request"].user, **validated_data)


class TaskCommentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, KamGenericViewSet):
    """Comments on tasks the user may see; who works on a task comments on it."""

    serializer_class = TaskCommentSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["task"]

    def get_queryset(self) -> QuerySet[TaskComment]:
        return comment_list(user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        if not can_work_on_task(self.request.user, serializer.validated_data["task"]):
            raise exceptions.PermissionDenied(_("You may not comment on this task."))
        serializer.save()


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("tasks", TaskViewSet, basename="task")
    router.register("task-comments", TaskCommentViewSet, basename="task-comment")
