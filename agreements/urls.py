from django.urls import path

from .views import agreements, attachments, documents, sections, signing

app_name = "agreements"

urlpatterns = [
    path(
        "partnerskap/<int:partnership_pk>/ny-avtale/",
        agreements.agreement_create,
        name="agreement_create",
    ),
    path("avtaler/", agreements.agreement_overview, name="agreement_overview"),
    path("avtaler/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("avtaler/<int:pk>/tekst/", agreements.agreement_read, name="agreement_read"),
    path("avtaler/<int:pk>/revider/", agreements.agreement_revise, name="agreement_revise"),
    path("avtaler/<int:pk>/til-forhandling/", agreements.agreement_submit, name="agreement_submit"),
    path("avtaler/<int:pk>/endringer/", agreements.agreement_changes, name="agreement_changes"),
    path("avtaler/<int:pk>/historikk/", agreements.agreement_history, name="agreement_history"),
    path("avtaler/<int:pk>/punkt/nytt/", sections.section_add, name="section_add"),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/", sections.section_detail, name="section_detail"
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/godkjenn/",
        sections.section_approve,
        name="section_approve",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/trekk-godkjenning/",
        sections.section_withdraw_approval,
        name="section_withdraw_approval",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/flytt/", sections.section_move, name="section_move"
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/slett/",
        sections.section_remove,
        name="section_remove",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/sporsmal/<int:answer_pk>/",
        sections.question_update,
        name="question_update",
    ),
    path("avtaler/<int:pk>/vedlegg/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "avtaler/<int:pk>/vedlegg/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "avtaler/<int:pk>/vedlegg/<int:attachment_pk>/slett/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("avtaler/<int:pk>/signer/", signing.agreement_sign, name="agreement_sign"),
    path(
        "avtaler/<int:pk>/signaturer/<int:signature_pk>/trekk/",
        signing.signature_withdraw,
        name="signature_withdraw",
    ),
    path("avtaler/<int:pk>/si-opp/", signing.agreement_terminate, name="agreement_terminate"),
    path("avtaler/<int:pk>/evaluert/", signing.agreement_evaluate, name="agreement_evaluate"),
    path("avtaler/<int:pk>/arkiv/verifiser/", signing.archive_verify, name="archive_verify"),
    path("avtaler/<int:pk>/pdf/", documents.agreement_pdf_request, name="agreement_pdf"),
]
