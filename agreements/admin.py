from django.contrib import admin

from .models import (
    Agreement,
    AgreementEvent,
    TemplateSection,
    VeilederTemplate,
)


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    fields = ["position", "number", "title", "structured"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(VeilederTemplate)
class VeilederTemplateAdmin(admin.ModelAdmin):
    """Templates come from data files (manage.py load_veileder); here they are only read."""

    list_display = ["title", "revision", "key", "loaded_at"]
    readonly_fields = [
        "key",
        "title",
        "publisher",
        "revision",
        "source_note",
        "attachments",
        "legal_minimum_services",
        "optional_services",
        "sha256",
        "loaded_at",
    ]
    inlines = [TemplateSectionInline]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the product's services; the admin shows, never changes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    """For support: agreements are written in the product, through its services."""

    list_display = ["__str__", "status", "version", "template", "created_at"]
    list_filter = ["status", "template", "partnership__state_party"]
    search_fields = ["partnership__office__name", "partnership__municipal_party__name"]
    list_select_related = [
        "partnership__office",
        "partnership__municipal_party",
        "partnership__state_party",
        "template",
    ]
    readonly_fields = [f.name for f in Agreement._meta.fields]


@admin.register(AgreementEvent)
class AgreementEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "agreement", "kind", "actor", "detail"]
    list_filter = ["kind"]
    list_select_related = [
        "agreement__partnership__office",
        "agreement__partnership__municipal_party",
        "agreement__partnership__state_party",
        "actor",
    ]
    readonly_fields = [f.name for f in AgreementEvent._meta.fields]
