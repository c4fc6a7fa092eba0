from django.contrib import admin

from agreements.admin import ReadOnlyAdmin

from .models import ExpenseLine, OperatingAgreement, OperatingAgreementEvent, StaffingPeriod


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExpenseLineInline(_ReadOnlyInline):
    model = ExpenseLine


class StaffingPeriodInline(_ReadOnlyInline):
    model = StaffingPeriod


class EventInline(_ReadOnlyInline):
    model = OperatingAgreementEvent


@admin.register(OperatingAgreement)
class OperatingAgreementAdmin(ReadOnlyAdmin):
    """For support: driftsavtaler are kept in the product, through its services, so that
    every change is checked and recorded."""

    list_display = ["__str__", "year", "tenant", "key", "updated_at"]
    list_filter = ["year", "key", "partnership__state_party"]
    search_fields = ["partnership__office__name", "partnership__municipal_party__name"]
    list_select_related = ["partnership__office", "partnership__municipal_party"]
    readonly_fields = [f.name for f in OperatingAgreement._meta.fields]
    inlines = [ExpenseLineInline, StaffingPeriodInline, EventInline]
