from django.contrib import admin

from .models import Forum, ForumMember


class ForumMemberInline(admin.TabularInline):
    model = ForumMember
    fields = ["user", "role", "title"]
    autocomplete_fields = ["user"]
    extra = 0


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
    inlines = [ForumMemberInline]

    def has_add_permission(self, request):
        return False  # a forum is made for its partnership by meetings.services
