from django.contrib import admin

from .models import County, Membership, Municipality, Office, Partnership
from .reference import written_standard_of
from .services import partnership_create


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "kind", "county", "parent", "written_standard"]
    list_filter = ["kind", "county", "written_standard"]
    search_fields = ["number", "name"]
    list_select_related = ["county", "parent"]
    autocomplete_fields = ["county", "parent"]

    def save_model(self, request, obj, form, change):
        # A new kommune's målform as the reference data records it, unless chosen here.
        if not change and "written_standard" not in form.changed_data:
            obj.written_standard = written_standard_of(obj.number)
        super().save_model(request, obj, form, change)


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
    list_filter = ["kind", "state_party", "document_language"]
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

    def get_exclude(self, request, obj=None):
        """A new partnership takes its document language from the municipality's målform."""
        return ["document_language"] if obj is None else []

    def save_model(self, request, obj, form, change):
        """A new partnership is made by partnership_create, like everywhere else, so it gets
        what comes with one (its forum); the admin then saves the memberships onto it."""
        if change:
            super().save_model(request, obj, form, change)
            return
        created = partnership_create(
            kind=obj.kind,
            office=obj.office,
            municipal_party=obj.municipal_party,
            state_party=obj.state_party,
            parent=obj.parent,
            covered_municipalities=form.cleaned_data.get("covered_municipalities", ()),
        )
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding, obj._state.db = False, created._state.db


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
