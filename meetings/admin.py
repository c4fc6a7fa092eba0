from django.contrib import admin

from .models import Forum, ForumMember, YearPlanItem


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    fields = ["user", "role", "title"]
    autocomplete_fields = ["user"]
    extra = 0


class YearPlanItemInline(admin.TabularInline):
    """Read only: the secretary changes the year plan on its page (meetings.services)."""

    model = YearPlanItem
    fields = ["title", "kind", "month", "meeting_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "meetings_per_year", "submission_days"]
    search_fields = ["partnership__office__name", "partnership__municipal_party__name"]
    list_select_related = [
        "partnership__office",
        "partnership__municipal_party",
        "partnership__state_party",
    ]
    readonly_fields = ["partnership"]
    inlines = [ForumMemberInline, YearPlanItemInline]

    def has_add_permission(self, request):
        return False  # a forum is made for its partnership by meetings.services
