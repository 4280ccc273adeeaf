"""Serializers of the portfolio API: runs with their summary, entries with reasons, ratings, nominations."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from kam.accounts.api import VisibleAccountField
from kam.accounts.choices import Tier
from kam.portfolio import selectors
from kam.portfolio.choices import RATED_CRITERIA, Basis, Level, NominationDecision
from kam.portfolio.models import Nomination, PortfolioEntry, PortfolioRun
from kam.portfolio.reasons import reason_text
from kam.users.choices import Role
from kam.users.models import User

FIRST_YEAR = 1900  # periods and snapshot years before this are refused as typos
MAX_PERIOD_DAYS = 5 * 366  # the analysis compares with the year before; more than 5 years is a mistake


class ReasonSerializer(serializers.Serializer):
    """One reason of a classification: a stable code, its parameters, and the words."""

    code = serializers.CharField(help_text=gettext_lazy("Stable code, see docs/portfolio.md."))
    params = serializers.DictField(child=serializers.JSONField(), help_text=gettext_lazy("The code's numbers."))
    text = serializers.CharField(help_text=gettext_lazy("The reason in words, in the user's language."))


def reasons_data(reasons: Any, basis: str | None = None, cache: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Stored reasons (``{"code", "params"}``) with their text added (shares worded for ``basis``).

    ``cache`` keeps the words of reasons already seen (the entries of a page share most of theirs).
    """
    cache = {} if cache is None else cache
    rows = []
    for reason in reasons or []:
        if isinstance(reason, Mapping):
            params = reason.get("params") or {}
            key = f"{basis}:{reason!r}"
            text = cache.get(key)
            if text is None:
                text = cache[key] = reason_text(reason, basis=basis)
            rows.append({"code": str(reason.get("code", "")), "params": dict(params), "text": text})
    return rows


class PortfolioRunSerializer(serializers.ModelSerializer[PortfolioRun]):
    """A stored result of the portfolio analysis: period, basis, level, when and how long."""

    class Meta:
        model = PortfolioRun
        fields = [
            "id",
            "kind",
            "label",
            "period_start",
            "period_end",
            "basis",
            "level",
            "computed_at",
            "computed_by",
            "duration_ms",
            "accounts_count",
            "total",
        ]
        read_only_fields = fields


class ClassSummarySerializer(serializers.Serializer):
    """One ABC class: how many, how much, which share of value and of customers."""

    count = serializers.IntegerField()
    value = serializers.FloatField()
    share = serializers.FloatField()
    customer_share = serializers.FloatField()


class SummarySerializer(serializers.Serializer):
    """What the overview shows: classes, the ABC/XYZ grid, quadrants, Pareto curve, candidates."""

    accounts = serializers.IntegerField()
    total = serializers.FloatField()
    classes = serializers.DictField(child=ClassSummarySerializer())
    grid = serializers.DictField(child=serializers.IntegerField(), help_text=gettext_lazy('"AX" … "CZ"; "A-": no XYZ'))
    quadrants = serializers.DictField(child=serializers.IntegerField())
    pareto = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text=gettext_lazy("Points (share of customers, cumulative share of value)."),
    )
    candidates = serializers.DictField(child=serializers.IntegerField())


def summary_data(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The summary in the documented shape (numbers as numbers, unknown keys left out)."""
    classes = {
        str(name): {
            "count": int(values.get("count", 0)),
            "value": float(values.get("value", 0)),
            "share": float(values.get("share", 0)),
            "customer_share": float(values.get("customer_share", 0)),
        }
        for name, values in (summary.get("classes") or {}).items()
    }
    return {
        "accounts": int(summary.get("accounts", 0)),
        "total": float(summary.get("total", 0)),
        "classes": classes,
        "grid": {str(k): int(v) for k, v in (summary.get("grid") or {}).items()},
        "quadrants": {str(k): int(v) for k, v in (summary.get("quadrants") or {}).items()},
        "pareto": [[float(x), float(y)] for x, y in summary.get("pareto") or []],
        "candidates": {str(k): int(v) for k, v in (summary.get("candidates") or {}).items()},
    }


class PortfolioRunDetailSerializer(PortfolioRunSerializer):
    """A stored run with its summary (over the accounts the user may see) and its parameters."""

    summary = serializers.SerializerMethodField()
    restricted = serializers.SerializerMethodField(
        help_text=gettext_lazy("True when the summary covers only the accounts the user may see.")
    )
    parameters = serializers.JSONField(read_only=True)

    class Meta(PortfolioRunSerializer.Meta):
        fields = [*PortfolioRunSerializer.Meta.fields, "summary", "restricted", "parameters"]
        read_only_fields = fields

    def _overview(self, run: PortfolioRun) -> Any:
        cache: dict[int, Any] = self.__dict__.setdefault("_overviews", {})
        if run.pk not in cache:
            cache[run.pk] = selectors.portfolio_overview(user=self.context["request"].user, run=run)
        return cache[run.pk]

    @extend_schema_field(SummarySerializer)
    def get_summary(self, run: PortfolioRun) -> dict[str, Any]:
        return summary_data(self._overview(run).summary)

    def get_restricted(self, run: PortfolioRun) -> bool:
        return bool(self._overview(run).restricted)


class PortfolioEntrySerializer(serializers.ModelSerializer[PortfolioEntry]):
    """One account's row of a stored run: rank, value, classes, scores, quadrant, tiers, reasons."""

    account_name = serializers.CharField(source="account.name", read_only=True)
    owner = serializers.IntegerField(source="account.owner_id", read_only=True, allow_null=True)
    xyz = serializers.CharField(read_only=True, help_text=gettext_lazy('"X", "Y", "Z" or "" (no revenue).'))
    direction = serializers.CharField(
        read_only=True, help_text=gettext_lazy('"promote", "demote", or "" when the computed tier is the tier.')
    )
    criterion_scores = serializers.DictField(child=serializers.FloatField(allow_null=True), read_only=True)
    relationship_parts = serializers.DictField(child=serializers.FloatField(allow_null=True), read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = PortfolioEntry
        fields = [
            "id",
            "run",
            "account",
            "account_name",
            "owner",
            "rank",
            "value",
            "revenue",
            "margin",
            "share",
            "cumulative_share",
            "abc",
            "xyz",
            "variation",
            "revenue_previous",
            "growth",
            "cagr",
            "criterion_scores",
            "attractiveness",
            "relationship",
            "relationship_parts",
            "quadrant",
            "tier",
            "suggested_tier",
            "direction",
            "reasons",
        ]
        read_only_fields = fields

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, entry: PortfolioEntry) -> list[dict[str, Any]]:
        run = entry._state.fields_cache.get("run")
        basis = getattr(run, "basis", None) or self.context.get("basis")
        return reasons_data(
            entry.reasons, basis=basis, cache=cast(dict[str, Any], self.context).setdefault("words", {})
        )


class RatingSerializer(serializers.Serializer):
    """One rated strategic criterion of an account; score and rater are null while nobody rated it."""

    criterion = serializers.ChoiceField(choices=[(c.value, c.label) for c in RATED_CRITERIA])
    criterion_label = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    rated_by = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("User id."))
    rated_at = serializers.DateTimeField(allow_null=True)


def rating_data(row: Any) -> dict[str, Any]:
    """A rating row of the selector as the serializer's dict."""
    rated_by = getattr(row, "rated_by", None)
    criterion = str(row.criterion)
    labels = {c.value: str(c.label) for c in RATED_CRITERIA}
    return {
        "criterion": criterion,
        "criterion_label": str(getattr(row, "label", "") or labels.get(criterion, criterion)),
        "score": row.score,
        "comment": row.comment or "",
        "rated_by": getattr(rated_by, "pk", rated_by),
        "rated_at": row.rated_at,
    }


class RatingWriteSerializer(serializers.Serializer):
    """Rate one criterion of the account 0–5 (replaces an earlier rating of the same criterion)."""

    criterion = serializers.ChoiceField(choices=[(c.value, c.label) for c in RATED_CRITERIA])
    score = serializers.IntegerField(min_value=0, max_value=5)
    comment = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class NominationSerializer(serializers.ModelSerializer[Nomination]):
    """A decision of the head of KAM about a candidate, with the reasons it had then."""

    account_name = serializers.CharField(source="account.name", read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "account",
            "account_name",
            "from_tier",
            "proposed_tier",
            "decision",
            "comment",
            "reasons",
            "owner",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, nomination: Nomination) -> list[dict[str, Any]]:
        return reasons_data(nomination.reasons)


@extend_schema_field(OpenApiTypes.INT)
class AccountIdField(VisibleAccountField):
    """An id of an account the user may see (documented as an integer)."""


class NominationWriteSerializer(serializers.Serializer):
    """Nominate a candidate to a tier, or decline it (a comment is required when declining)."""

    account = AccountIdField()
    decision = serializers.ChoiceField(choices=NominationDecision.choices)
    proposed_tier = serializers.ChoiceField(choices=Tier.choices)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, role__in=[Role.KAM, Role.HEAD_OF_KAM]),
        allow_null=True,
        required=False,
        default=None,
        help_text=gettext_lazy("New key account manager of the account (optional; nominations only)."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["decision"] == NominationDecision.DECLINED and not attrs.get("comment", "").strip():
            raise serializers.ValidationError({"comment": [_("Say why the candidate is declined.")]})
        if attrs["decision"] == NominationDecision.DECLINED and attrs.get("owner") is not None:
            raise serializers.ValidationError({"owner": [_("An owner is assigned only when nominating.")]})
        return attrs


def _check_year(value: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= value.year <= datetime.date.today().year + 1:
        raise serializers.ValidationError(_("Give a date between %(first)s and next year.") % {"first": FIRST_YEAR})
    return value


class RefreshSerializer(serializers.Serializer):
    """Recompute the stored analysis of a basis and level (defaults: the settings), optionally for a period."""

    basis = serializers.ChoiceField(choices=Basis.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    period_start = serializers.DateField(
        required=False, help_text=gettext_lazy("With period_end; default: the last 12 complete months.")
    )
    period_end = serializers.DateField(required=False)

    def validate_period_start(self, value: datetime.date) -> datetime.date:
        return _check_year(value)

    def validate_period_end(self, value: datetime.date) -> datetime.date:
        return _check_year(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if (start is None) != (end is None):
            missing = "period_end" if end is None else "period_start"
            raise serializers.ValidationError({missing: [_("Give both period_start and period_end, or neither.")]})
        if start is not None and end is not None:
            if end < start:
                raise serializers.ValidationError({"period_end": [_("The period ends before it starts.")]})
            if (end - start).days > MAX_PERIOD_DAYS:
                raise serializers.ValidationError({"period_end": [_("A period may be at most five years long.")]})
        return attrs


class SnapshotSerializer(serializers.Serializer):
    """Store the analysis of a calendar year as a snapshot labelled with the year (replacing one of that label)."""

    year = serializers.IntegerField(min_value=FIRST_YEAR)
    basis = serializers.ChoiceField(choices=Basis.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)

    def validate_year(self, value: int) -> int:
        if value > datetime.date.today().year:
            raise serializers.ValidationError(_("The year has not begun yet."))
        return value


class RunChoiceSerializer(serializers.Serializer):
    """Which stored run a list reads: ``run`` (an id), or the latest current run of ``basis`` and ``level``."""

    run = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    basis = serializers.ChoiceField(choices=Basis.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "run" in attrs and ("basis" in attrs or "level" in attrs):
            raise serializers.ValidationError({"run": [_("Give either run, or basis and level, not both.")]})
        return attrs


class CompareQuerySerializer(serializers.Serializer):
    """The older run to compare with."""

    old = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class MoveRowSerializer(serializers.Serializer):
    """An account whose ABC class or quadrant differs between the two runs (null: not in that run)."""

    account = serializers.IntegerField()
    account_name = serializers.CharField()
    old_abc = serializers.CharField(allow_null=True)
    new_abc = serializers.CharField(allow_null=True)
    old_quadrant = serializers.CharField(allow_null=True)
    new_quadrant = serializers.CharField(allow_null=True)


class ComparisonSerializer(serializers.Serializer):
    """Who moved where between an older run and this one (visible accounts only)."""

    old = PortfolioRunSerializer()
    new = PortfolioRunSerializer()
    abc_moves = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy('"A→B": count; "new→A", "A→gone" included.')
    )
    quadrant_moves = serializers.DictField(child=serializers.IntegerField())
    rows = MoveRowSerializer(many=True)


RUN_CHOICE_PARAMETERS = [
    OpenApiParameter("run", OpenApiTypes.INT, description=gettext_lazy("Id of a stored run.")),
    OpenApiParameter(
        "basis", OpenApiTypes.STR, enum=Basis.values, description=gettext_lazy("Without run: default from settings.")
    ),
    OpenApiParameter(
        "level", OpenApiTypes.STR, enum=Level.values, description=gettext_lazy("Without run: default from settings.")
    ),
]


def chosen_run(request: Request) -> PortfolioRun:
    """The run a list reads, from the query parameters; 400 on bad parameters, 404 when there is none."""
    choice = RunChoiceSerializer(data=request.query_params)
    choice.is_valid(raise_exception=True)
    data = choice.validated_data
    if "run" in data:
        return selectors.portfolio_run_get(user=request.user, pk=data["run"])
    run = selectors.portfolio_run_latest(basis=data.get("basis"), level=data.get("level"))
    if run is None:
        raise exceptions.NotFound(_("No portfolio analysis is stored for this basis and level yet; refresh it first."))
    return run
