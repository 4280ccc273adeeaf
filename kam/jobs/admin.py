from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kam.jobs.models import Job
from kam.jobs.services import job_retry


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "run_at", "attempts", "locked_by", "locked_until", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("key",)
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed jobs"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        for job in queryset:
            job_retry(job=job)
        messages.success(request, _("Failed jobs are queued again."))
