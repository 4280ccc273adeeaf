"""REST API of key account plans: plans and their review, goals, measures, risks, SWOT, versions.

Everything reads through the one access rule: a plan of an account the user may not see
answers 404 like a missing one. Writes call the services, which decide who may write: the
plan's authors (its KAM, the account's owner, head of KAM, admins) change a draft or an
active plan; team members read and comment; head of KAM and admins approve, never their own.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from kam.accounts.access import restrict_to_accounts
from kam.accounts.selectors import account_ancestors
from kam.core.api import ErrorSerializer
from kam.core.api_views import ERROR_DESCRIPTIONS, KamGenericViewSet, KamModelViewSet, KamReadOnlyModelViewSet
from kam.plans import children, selectors, services
from kam.plans.access import can_plan_account
from kam.plans.api.serializers import (
    CommentSerializer,
    GoalSerializer,
    MeasureSerializer,
    PlanCompareQuerySerializer,
    PlanComparisonSerializer,
    PlanCreateSerializer,
    PlanReviewSerializer,
    PlanSerializer,
    PlanVersionDetailSerializer,
    PlanVersionSerializer,
    RiskSerializer,
    SwotItemSerializer,
    WalletEstimateSerializer,
    WalletEstimateWriteSerializer,
    WhitespaceEntrySerializer,
    WhitespaceEntryWriteSerializer,
)
from kam.plans.filters import (
    GoalFilter,
    MeasureFilter,
    PlanFilter,
    PlanVersionFilter,
    RiskFilter,
    SwotFilter,
    WalletEstimateFilter,
    WhitespaceEntryFilter,
)
from kam.plans.models import AccountPlan, Goal, Measure, PlanVersion, Risk, SwotItem, WalletEstimate, WhitespaceEntry
from kam.users.models import User

REVIEW_SCHEMA: dict[str, Any] = {"request": CommentSerializer, "filters": False}


class _ServiceMessages:
    """Keep the services' words of a refusal ("You cannot review your own plan…") in the 403 answer."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoPermissionDenied) and str(exc):
            exc = PermissionDenied(str(exc))
        return super().handle_exception(exc)  # type: ignore[misc,no-any-return]


class PlanViewSet(_ServiceMessages, KamModelViewSet):
    """Plans of the accounts the user may see; their authors write, head of KAM and admins review."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[AccountPlan]:
        qs = selectors.plans_for_user(user=self.request.user).annotate(latest_version=Max("versions__number"))
        return qs.order_by("-period_start", "account__name", "pk")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PlanCreateSerializer if self.action == "create" else PlanSerializer

    def _reloaded(self, plan: AccountPlan) -> AccountPlan:
        return self.get_queryset().get(pk=plan.pk)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = self._reloaded(serializer.save())

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = self._reloaded(serializer.save())

    def perform_destroy(self, instance: AccountPlan) -> None:
        services.plan_delete(user=cast(User, self.request.user), plan=instance)

    def _plan_answer(self, plan: AccountPlan) -> Response:
        return Response(PlanSerializer(self._reloaded(plan), context=self.get_serializer_context()).data)

    def _comment(self, request: Request) -> str:
        write = CommentSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        return str(write.validated_data["comment"])

    @extend_schema(**REVIEW_SCHEMA, responses={200: PlanSerializer}, summary="Submit a draft for review")
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Hand a draft with at least one goal to the head of KAM (the plan's authors)."""
        plan = self.get_object()
        services.plan_submit(user=cast(User, request.user), plan=plan, comment=self._comment(request))
        return self._plan_answer(plan)

    @extend_schema(**REVIEW_SCHEMA, responses={200: PlanSerializer}, summary="Approve a plan in review")
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Head of KAM or admin, never on a plan of their own: the plan becomes active, a version is frozen."""
        plan = self.get_object()
        services.plan_approve(
            user=cast(User, request.user), plan=plan, comment=self._comment(request), today=timezone.localdate()
        )
        return self._plan_answer(plan)

    @extend_schema(**REVIEW_SCHEMA, responses={200: PlanSerializer}, summary="Send a plan in review back to draft")
    @action(detail=True, methods=["post"], url_path="request-changes", filterset_class=None)
    def request_changes(self, request: Request, pk: str | None = None) -> Response:
        """Head of KAM or admin, never on a plan of their own; the comment says what should change (required)."""
        plan = self.get_object()
        services.plan_request_changes(user=cast(User, request.user), plan=plan, comment=self._comment(request))
        return self._plan_answer(plan)

    @extend_schema(**REVIEW_SCHEMA, responses={201: PlanReviewSerializer}, summary="Comment on a plan")
    @action(detail=True, methods=["post"], filterset_class=None)
    def comment(self, request: Request, pk: str | None = None) -> Response:
        """Anyone who may see the plan comments on it (a non-empty comment)."""
        plan = self.get_object()
        step = services.plan_comment(user=cast(User, request.user), plan=plan, comment=self._comment(request))
        return Response(PlanReviewSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: PlanReviewSerializer(many=True)}, filters=False, summary="The review steps of a plan"
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        """Every review step, oldest first: submitted, approved, changes requested, comments."""
        plan = self.get_object()
        steps = plan.reviews.order_by("created_at", "pk")
        return Response(PlanReviewSerializer(steps, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("old", OpenApiTypes.INT, required=True, description="Id of the older version."),
            OpenApiParameter(
                "new", OpenApiTypes.STR, description="Id of the newer version, or `current` (default): this plan now."
            ),
        ],
        responses={
            200: PlanComparisonSerializer,
            400: OpenApiResponse(ErrorSerializer, description=str(ERROR_DESCRIPTIONS["400"])),
        },
        filters=False,
        summary="Field-level differences between two versions, or a version and this plan now",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def compare(self, request: Request, pk: str | None = None) -> Response:
        """Both versions must belong to plans of this plan's account (else 404)."""
        plan = self.get_object()
        query = PlanCompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = self._version_of_account(plan, query.validated_data["old"])
        raw_new = query.validated_data["new"]
        new: PlanVersion | AccountPlan = plan if raw_new == "current" else self._version_of_account(plan, int(raw_new))
        changes = selectors.version_compare(user=request.user, old=old, new=new, today=timezone.localdate())
        data = {
            "old": old.pk,
            "old_number": old.number,
            "new": new.pk if isinstance(new, PlanVersion) else None,
            "new_number": new.number if isinstance(new, PlanVersion) else None,
            "changes": [change.__dict__ for change in changes],
        }
        return Response(data)

    def _version_of_account(self, plan: AccountPlan, pk: int) -> PlanVersion:
        version = selectors.version_get(user=self.request.user, pk=pk)
        if version.plan.account_id != plan.account_id:
            raise NotFound(_("The version belongs to a plan of another account."))
        return version


class _PlanItemViewSet(_ServiceMessages, KamModelViewSet):
    """Goals, measures, risks or SWOT items of the plans the user may see."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    model: type[Goal | Measure | Risk | SwotItem]
    related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.model.objects.select_related("plan__account", *self.related)
        return restrict_to_accounts(qs, self.request.user, "plan__account")

    def perform_destroy(self, instance: Any) -> None:
        children.plan_item_delete(user=cast(User, self.request.user), item=instance)


class GoalViewSet(_PlanItemViewSet):
    """Goals of the plans the user may see (filter ``plan``); the plan's authors change them."""

    serializer_class = GoalSerializer
    filterset_class = GoalFilter
    model = Goal


class MeasureViewSet(_PlanItemViewSet):
    """Measures of the plans the user may see (filter ``plan``, ``status``, ``assignee``)."""

    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter
    model = Measure


class RiskViewSet(_PlanItemViewSet):
    """Risks of the plans the user may see (filter ``plan``)."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    model = Risk


class SwotItemViewSet(_PlanItemViewSet):
    """SWOT items of the plans the user may see (filter ``plan``, ``kind``)."""

    serializer_class = SwotItemSerializer
    filterset_class = SwotFilter
    model = SwotItem


class PlanVersionViewSet(KamReadOnlyModelViewSet):
    """Approved versions of the plans the user may see; one version with its frozen content."""

    serializer_class = PlanVersionSerializer
    filterset_class = PlanVersionFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404

    def get_queryset(self) -> QuerySet[PlanVersion]:
        qs = PlanVersion.objects.select_related("plan__account").order_by("-approved_at", "-pk")
        qs = restrict_to_accounts(qs, self.request.user, "plan__account")
        return qs if self.action == "retrieve" else qs.defer("snapshot")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PlanVersionDetailSerializer if self.action == "retrieve" else PlanVersionSerializer


class _AccountPlanningViewSet(
    _ServiceMessages,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    KamGenericViewSet,
):
    """Planning data kept on the account (read by every plan of it): read by who sees the account."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404
    model: type[WalletEstimate | WhitespaceEntry]

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.model.objects.select_related("account", "product_line")
        return restrict_to_accounts(qs, self.request.user, "account")

    def _answer(self, obj: Any, existed: bool) -> Response:
        data = self.get_serializer(obj).data
        return Response(data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class WalletEstimateViewSet(_AccountPlanningViewSet):
    """The customers' estimated spend per year and product line; the account's planners enter them."""

    serializer_class = WalletEstimateSerializer
    filterset_class = WalletEstimateFilter
    model = WalletEstimate

    @extend_schema(
        request=WalletEstimateWriteSerializer,
        responses={200: WalletEstimateSerializer, 201: WalletEstimateSerializer},
        summary="Enter or replace a wallet estimate (the account's KAM, head of KAM, admin)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """201 when new, 200 when the estimate of that account, year and product line was replaced."""
        write = WalletEstimateWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        data = write.validated_data
        existed = WalletEstimate.objects.filter(
            account=data["account"], year=data["year"], product_line=data["product_line"]
        ).exists()
        estimate = children.wallet_estimate_set(user=cast(User, request.user), **data)
        return self._answer(estimate, existed)

    def perform_destroy(self, instance: WalletEstimate) -> None:
        children.wallet_estimate_delete(user=cast(User, self.request.user), estimate=instance)


class WhitespaceEntryViewSet(_AccountPlanningViewSet):
    """What customer units do about product lines, where people know better than the order lines."""

    serializer_class = WhitespaceEntrySerializer
    filterset_class = WhitespaceEntryFilter
    model = WhitespaceEntry

    @extend_schema(
        request=WhitespaceEntryWriteSerializer,
        responses={200: WhitespaceEntrySerializer, 201: WhitespaceEntrySerializer},
        summary="Record a whitespace cell (the account's KAM, head of KAM, admin)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """201 when new, 200 when the entry of that unit and product line was replaced."""
        write = WhitespaceEntryWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        data["unit"] = data["unit"] or data["account"]
        existed = WhitespaceEntry.objects.filter(account=data["unit"], product_line=data["product_line"]).exists()
        entry = children.whitespace_entry_set(user=cast(User, request.user), **data)
        return self._answer(entry, existed)

    def perform_destroy(self, instance: WhitespaceEntry) -> None:
        """The planner of the unit or of a group account above it removes the entry."""
        unit = instance.account
        planned = next(
            (a for a in [unit, *account_ancestors(account=unit)] if can_plan_account(self.request.user, a)), unit
        )
        children.whitespace_entry_clear(
            user=cast(User, self.request.user), account=planned, unit=unit, product_line=instance.product_line
        )


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("plans", PlanViewSet, basename="plan")
    router.register("plan-goals", GoalViewSet, basename="plan-goal")
    router.register("plan-measures", MeasureViewSet, basename="plan-measure")
    router.register("plan-risks", RiskViewSet, basename="plan-risk")
    router.register("plan-swot-items", SwotItemViewSet, basename="plan-swot-item")
    router.register("plan-versions", PlanVersionViewSet, basename="plan-version")
    router.register("plan-wallet-estimates", WalletEstimateViewSet, basename="plan-wallet-estimate")
    router.register("plan-whitespace-entries", WhitespaceEntryViewSet, basename="plan-whitespace-entry")
