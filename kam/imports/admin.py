from django.contrib import admin
from django.http import HttpRequest

from kam.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only log of web imports: who uploaded what, and what became of it."""

    list_display = ("created_at", "entity", "original_name", "uploaded_by", "status", "imported_at")
    list_filter = ("entity", "status")
    search_fields = ("original_name", "uploaded_by__username")
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False
