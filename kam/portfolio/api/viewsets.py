"""REST API of the portfolio analysis: stored runs, their entries and candidates, ratings, nominations.

Everything reads the stored result of the analysis (``PortfolioRun`` and its entries); only
``runs/refresh/`` and ``runs/snapshot/`` compute. Entries, candidates and comparisons hold
only the accounts the user may see; the run summary of a KAM or team member is computed
over those accounts.
"""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from kam.accounts.access import can_edit_account, visible_accounts
from kam.accounts.models import Account
from kam.core.api_views import KamGenericViewSet, KamReadOnlyModelViewSet
from kam.portfolio import selectors, services
from kam.portfolio.api.serializers import (
    RUN_CHOICE_PARAMETERS,
    CompareQuerySerializer,
    ComparisonSerializer,
    NominationSerializer,
    NominationWriteSerializer,
    PortfolioEntrySerializer,
    PortfolioRunDetailSerializer,
    PortfolioRunSerializer,
    RatingSerializer,
    RatingWriteSerializer,
    RefreshSerializer,
    SnapshotSerializer,
    chosen_run,
    rating_data,
)
from kam.portfolio.choices import Basis, Level, NominationDecision, RunKind
from kam.portfolio.filters import PortfolioEntryFilter
from kam.portfolio.models import Nomination, PortfolioEntry, PortfolioRun
from kam.users.models import User


def may_decide(user: Any) -> bool:
    """Nominations, refreshes and snapshots: head of KAM and administrators."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_accounts)


def _require_decider(request: Request) -> None:
    if not may_decide(request.user):
        raise exceptions.PermissionDenied(_("Only the head of key account management and administrators may do this."))


class PortfolioRunFilter(django_filters.FilterSet):
    """Kind (current or snapshot), basis and level of stored runs."""

    kind = django_filters.ChoiceFilter(choices=RunKind.choices, label=gettext_lazy("Kind"))
    basis = django_filters.ChoiceFilter(choices=Basis.choices, label=gettext_lazy("Basis"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=gettext_lazy("Level"))

    class Meta:
        model = PortfolioRun
        fields = ["kind", "basis", "level"]


class PortfolioRunViewSet(KamReadOnlyModelViewSet):
    """Stored results of the portfolio analysis. Everyone signed in reads them; head of KAM and admins compute."""

    serializer_class = PortfolioRunSerializer
    filterset_class = PortfolioRunFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404

    def get_queryset(self) -> QuerySet[PortfolioRun]:
        return selectors.portfolio_run_list(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return PortfolioRunDetailSerializer if self.action == "retrieve" else PortfolioRunSerializer

    def _created(self, run: PortfolioRun) -> Response:
        data = PortfolioRunDetailSerializer(run, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RefreshSerializer,
        responses={201: PortfolioRunDetailSerializer},
        filters=False,
        summary="Recompute the stored analysis (head of KAM, admin)",
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def refresh(self, request: Request) -> Response:
        """Compute the analysis for a basis, level and period; store it as the current run (replacing the old one)."""
        _require_decider(request)
        write = RefreshSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        run = services.portfolio_refresh(user=request.user, **write.validated_data)
        return self._created(run)

    @extend_schema(
        request=SnapshotSerializer,
        responses={201: PortfolioRunDetailSerializer},
        filters=False,
        summary="Store the analysis of a calendar year as a snapshot (head of KAM, admin)",
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def snapshot(self, request: Request) -> Response:
        """Analyse a calendar year and keep it as the snapshot labelled with the year."""
        _require_decider(request)
        write = SnapshotSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        run = services.portfolio_snapshot_create(user=request.user, **write.validated_data)
        return self._created(run)

    @extend_schema(
        parameters=[OpenApiParameter("old", OpenApiTypes.INT, required=True, description="Id of the older run.")],
        responses={200: ComparisonSerializer},
        filters=False,
        summary="Who moved where between an older run and this one",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def compare(self, request: Request, pk: str | None = None) -> Response:
        """ABC and quadrant moves between run ``old`` and this run, and the accounts that moved."""
        new = self.get_object()
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = selectors.portfolio_run_get(user=request.user, pk=query.validated_data["old"])
        comparison = selectors.portfolio_compare(user=request.user, old=old, new=new)
        data = {
            "old": PortfolioRunSerializer(old).data,
            "new": PortfolioRunSerializer(new).data,
            "abc_moves": dict(comparison.abc_moves),
            "quadrant_moves": dict(comparison.quadrant_moves),
            "rows": [_move_row(account, before, after) for account, before, after in comparison.rows],
        }
        return Response(data)


def _move_row(account: Account, before: PortfolioEntry | None, after: PortfolioEntry | None) -> dict[str, Any]:
    return {
        "account": account.pk,
        "account_name": account.name,
        "old_abc": before.abc if before else None,
        "new_abc": after.abc if after else None,
        "old_quadrant": before.quadrant if before else None,
        "new_quadrant": after.quadrant if after else None,
    }


class _RunEntriesViewSet(mixins.ListModelMixin, KamGenericViewSet):
    """Entries of one stored run (query parameter ``run``, else the latest current run)."""

    serializer_class = PortfolioEntrySerializer
    filterset_class = PortfolioEntryFilter
    permission_classes = [IsAuthenticated]

    def entries(self, run: PortfolioRun) -> QuerySet[PortfolioEntry]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[PortfolioEntry]:
        if getattr(self, "swagger_fake_view", False):
            return PortfolioEntry.objects.none()
        self.run = chosen_run(self.request)
        return self.entries(self.run)

    def get_serializer_context(self) -> dict[str, Any]:
        run = getattr(self, "run", None)
        return {**super().get_serializer_context(), "basis": run.basis if run is not None else None}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        """The page's entries, their reasons worded together."""
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.portfolio_entry_reasons_attach(list(page), run=getattr(self, "run", None))
        return page


@extend_schema(parameters=RUN_CHOICE_PARAMETERS)
class PortfolioEntryViewSet(_RunEntriesViewSet):
    """The accounts of a stored run in rank order, only those the user may see; filters as in the UI."""

    def entries(self, run: PortfolioRun) -> QuerySet[PortfolioEntry]:
        return selectors.portfolio_entry_list(user=self.request.user, run=run)


@extend_schema(parameters=RUN_CHOICE_PARAMETERS)
class PortfolioCandidateViewSet(_RunEntriesViewSet):
    """Candidates of a stored run: accounts whose computed tier differs from their tier, with reasons."""

    def entries(self, run: PortfolioRun) -> QuerySet[PortfolioEntry]:
        return selectors.portfolio_candidate_list(user=self.request.user, run=run)


class PortfolioAccountViewSet(KamGenericViewSet):
    """Per-account portfolio data: the strategic criteria people rate."""

    permission_classes = [IsAuthenticated]
    serializer_class = RatingSerializer
    lookup_value_regex = r"[^/]+"  # an odd id reaches the view and gets the JSON 404

    def get_queryset(self) -> QuerySet[Account]:
        return visible_accounts(self.request.user)

    @extend_schema(
        methods=["GET"], responses={200: RatingSerializer(many=True)}, filters=False, summary="Ratings of an account"
    )
    @extend_schema(
        methods=["POST"],
        request=RatingWriteSerializer,
        responses={200: RatingSerializer, 201: RatingSerializer},
        filters=False,
        summary="Rate one criterion of an account (who may edit the account)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def ratings(self, request: Request, pk: str | None = None) -> Response:
        """GET: every rated criterion (null while unrated). POST: rate one, 201 when new, 200 when changed."""
        account = self.get_object()
        if request.method == "GET":
            rows = selectors.account_rating_list(user=request.user, account=account)
            return Response([rating_data(row) for row in rows])
        if not can_edit_account(request.user, account):
            raise exceptions.PermissionDenied(_("You may not change this account."))
        write = RatingWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        criterion = write.validated_data["criterion"]
        existed = _rating_of(request, account, criterion)["score"] is not None
        services.criterion_rating_set(account=account, user=cast(User, request.user), **write.validated_data)
        data = _rating_of(request, account, criterion)
        return Response(data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


def _rating_of(request: Request, account: Account, criterion: str) -> dict[str, Any]:
    rows = selectors.account_rating_list(user=request.user, account=account)
    return next(rating_data(row) for row in rows if row.criterion == criterion)


class NominationFilter(django_filters.FilterSet):
    """Nominations of one account, or of one decision."""

    account = django_filters.NumberFilter(field_name="account_id", label=gettext_lazy("Account"))
    decision = django_filters.ChoiceFilter(choices=NominationDecision.choices, label=gettext_lazy("Decision"))

    class Meta:
        model = Nomination
        fields = ["account", "decision"]


class NominationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, KamGenericViewSet):
    """Decisions about candidates: read by everyone for the accounts they see; made by head of KAM and admins."""

    serializer_class = NominationSerializer
    filterset_class = NominationFilter
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Nomination]:
        return selectors.nomination_list(user=self.request.user)

    @extend_schema(request=NominationWriteSerializer, responses={201: NominationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Nominate (sets the tier, and the owner when given) or decline (keeps the tier; comment required)."""
        _require_decider(request)
        write = NominationWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        nomination = services.nomination_decide(user=cast(User, request.user), **write.validated_data)
        data = NominationSerializer(nomination, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the API router."""
    router.register("portfolio/runs", PortfolioRunViewSet, basename="portfolio-run")
    router.register("portfolio/entries", PortfolioEntryViewSet, basename="portfolio-entry")
    router.register("portfolio/candidates", PortfolioCandidateViewSet, basename="portfolio-candidate")
    router.register("portfolio/accounts", PortfolioAccountViewSet, basename="portfolio-account")
    router.register("portfolio/nominations", NominationViewSet, basename="portfolio-nomination")
