from django.contrib import admin

from kam.tasks.models import Task, TaskComment


class TaskCommentInline(admin.TabularInline):
    model = TaskComment
    extra = 0
    readonly_fields = ("author", "created_at")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "account", "assignee", "department", "due_date", "priority", "status")
    list_filter = ("status", "priority", "department")
    search_fields = ("title", "description", "account__name")
    date_hierarchy = "due_date"
    autocomplete_fields = ("account", "assignee", "source_activity")
    list_select_related = ("account", "assignee")
    readonly_fields = ("completed_at", "completed_by", "created_by", "created_at", "updated_at")
    inlines = [TaskCommentInline]
    show_full_result_count = False
