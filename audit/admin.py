from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the trail is written by the application and deleted only by the retention
    job (audit_purge). Readable by superusers and staff given "Can view audit event"."""

    list_display = ["at", "kind", "username", "user", "ip", "method", "path"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip", "path"]
    list_select_related = ["user"]
    date_hierarchy = "at"
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
