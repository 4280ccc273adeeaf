"""The base viewset and schema class every API endpoint of KAM uses."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, viewsets
from simple_history.models import HistoricalRecords

from kam.core.api import ErrorSerializer, StrictJSONParser

ERROR_DESCRIPTIONS = {
    "400": _("Bad input: a field, a filter value or the JSON document is invalid."),
    "401": _("Not authenticated: send `Authorization: Token <key>` or sign in."),
    "403": _("Authenticated, but this role may not do this."),
    "404": _("No such object, or one you may not see; or a page number past the end."),
    "409": _("The object is still referenced by other data."),
}


class ErrorResponsesSchema(AutoSchema):
    """The default schema plus the documented error answers of each operation."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = ["401", "403", "404"]
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            codes.append("400")
        if self.method == "DELETE":
            codes.append("409")
        for code in sorted(codes):
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=str(ERROR_DESCRIPTIONS[code]))
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses


class KamGenericViewSet(viewsets.GenericViewSet):
    """What every API viewset shares: JSON in and out, filters, stable ordering, history user."""

    parser_classes = [StrictJSONParser]
    filter_backends = [DjangoFilterBackend]
    schema = ErrorResponsesSchema()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Filter as the FilterSet says, then break ties by primary key so pages never overlap."""
        qs: QuerySet[Any] = super().filter_queryset(queryset)
        order_by = list(qs.query.order_by) or list(qs.model._meta.ordering)
        if order_by and not {"pk", "-pk", "id", "-id"} & set(map(str, order_by)):
            qs = qs.order_by(*order_by, "pk")
        return qs

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Make the request known to django-simple-history even where its middleware did not run.

        DRF sets ``request.user`` on the Django request after token authentication, so
        history records name the API user for session and token requests alike.
        """
        if getattr(HistoricalRecords.context, "request", None) is not None:
            return super().dispatch(request, *args, **kwargs)
        HistoricalRecords.context.request = request
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            del HistoricalRecords.context.request


class KamModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    KamGenericViewSet,
):
    """A model viewset with KAM's defaults: list, read, create, update, delete."""


class KamReadOnlyModelViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, KamGenericViewSet):
    """A read-only model viewset with KAM's defaults."""
