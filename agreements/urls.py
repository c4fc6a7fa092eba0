from django.urls import path

from .views import (
    agreements,
    attachments,
    comments,
    documents,
    docx,
    elsewhere,
    history,
    imports,
    sections,
    signing,
    suggestions,
)

app_name = "agreements"

urlpatterns = [
    path(
        "partnerskap/<int:partnership_pk>/ny-avtale/",
        agreements.agreement_create,
        name="agreement_create",
    ),
    path(
        "partnerskap/<int:partnership_pk>/importer/",
        imports.docx_import_new,
        name="docx_import_new",
    ),
    path(
        "partnerskap/<int:partnership_pk>/importer/<int:pk>/",
        imports.docx_import_progress,
        name="docx_import_progress",
    ),
    path(
        "partnerskap/<int:partnership_pk>/importer/<int:pk>/koble/",
        imports.docx_import_mapping,
        name="docx_import_mapping",
    ),
    path(
        "partnerskap/<int:partnership_pk>/importer/<int:pk>/forkast/",
        imports.docx_import_discard_view,
        name="docx_import_discard",
    ),
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
        "avtaler/<int:pk>/punkt/<int:section_pk>/andre-avtaler/",
        elsewhere.section_elsewhere,
        name="section_elsewhere",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/kommentarer/",
        comments.comment_thread_start,
        name="comment_thread_start",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/kommentarer/<int:thread_pk>/svar/",
        comments.comment_reply,
        name="comment_reply",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/kommentarer/<int:thread_pk>/lost/",
        comments.comment_thread_resolve_view,
        name="comment_thread_resolve",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/kommentarer/<int:thread_pk>/gjenapne/",
        comments.comment_thread_reopen_view,
        name="comment_thread_reopen",
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
        "avtaler/<int:pk>/punkt/<int:section_pk>/historikk/",
        history.section_history_page,
        name="section_history",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/sammenlign/",
        history.section_compare,
        name="section_compare",
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
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/forslag/nytt/",
        suggestions.suggestion_new,
        name="suggestion_new",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/forslag/<int:suggestion_pk>/godta/",
        suggestions.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/forslag/<int:suggestion_pk>/avvis/",
        suggestions.suggestion_reject,
        name="suggestion_reject",
    ),
    path(
        "avtaler/<int:pk>/punkt/<int:section_pk>/forslag/<int:suggestion_pk>/trekk/",
        suggestions.suggestion_withdraw,
        name="suggestion_withdraw",
    ),
    path("avtaler/<int:pk>/vedlegg/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "avtaler/<int:pk>/vedlegg/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "avtaler/<int:pk>/vedlegg/<int:attachment_pk>/offentlighet/",
        attachments.attachment_publicity,
        name="attachment_publicity",
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
    path("avtaler/<int:pk>/word/", docx.agreement_docx_download, name="agreement_docx"),
]
