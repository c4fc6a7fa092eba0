from django.contrib import admin

from .models import (
    Agreement,
    AgreementEvent,
    County,
    Membership,
    Municipality,
    Office,
    Partnership,
    TemplateSection,
    VeilederTemplate,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "kind", "county", "parent"]
    list_filter = ["kind", "county"]
    search_fields = ["number", "name"]
    list_select_related = ["county", "parent"]
    autocomplete_fields = ["county", "parent"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "street_address", "postal_town", "leadership_model"]
    list_filter = ["leadership_model"]
    search_fields = ["name", "postal_town"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "partnership"
    fields = ["user", "side", "role", "title"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "municipal_party", "state_party", "parent"]
    list_filter = ["kind", "state_party"]
    search_fields = ["office__name", "municipal_party__name", "state_party__name"]
    list_select_related = [
        "office",
        "municipal_party",
        "state_party",
        "parent__municipal_party",
        "parent__state_party",
    ]
    autocomplete_fields = [
        "office",
        "municipal_party",
        "covered_municipalities",
        "state_party",
        "parent",
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "side", "role", "title", "partnership", "county", "municipality"]
    list_filter = ["side", "role", "county"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title"]
    list_select_related = [
        "user",
        "partnership__office",
        "partnership__municipal_party",
        "partnership__state_party",
        "county",
        "municipality",
    ]
    autocomplete_fields = ["user", "partnership", "county", "municipality"]


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
