from django.contrib import admin

from .models import CaseReference, FiledDocument


@admin.register(CaseReference)
class CaseReferenceAdmin(admin.ModelAdmin):
    list_display = ["partnership", "saksaar", "sakssekvensnummer", "updated_at"]
    raw_id_fields = ["partnership"]


@admin.register(FiledDocument)
class FiledDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "object_id",
        "partnership",
        "journalaar",
        "journalsekvensnummer",
        "status",
    ]
    list_filter = ["kind", "status"]
    raw_id_fields = ["partnership", "document"]
