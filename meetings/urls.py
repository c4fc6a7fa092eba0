from django.urls import path

from .views import agenda, documents, editing, forums, members, minutes, review, yearplan

app_name = "meetings"

urlpatterns = [
    path("forum/<int:pk>/", forums.forum_detail, name="forum_detail"),
    path("forum/<int:pk>/nytt-mote/", forums.meeting_plan, name="meeting_plan"),
    path("forum/<int:pk>/tiltak/<int:action_pk>/lukk/", forums.action_close, name="action_close"),
    path("forum/<int:pk>/medlemmer/", members.member_add, name="member_add"),
    path(
        "forum/<int:pk>/referatgodkjenning/",
        forums.minutes_approvers_set,
        name="minutes_approvers_set",
    ),
    path(
        "forum/<int:pk>/medlemmer/<int:member_pk>/fjern/",
        members.member_remove,
        name="member_remove",
    ),
    path("moter/<int:pk>/", agenda.meeting_detail, name="meeting_detail"),
    path("moter/<int:pk>/svar/", agenda.meeting_respond, name="meeting_respond"),
    path("moter/<int:pk>/endre/", editing.meeting_edit, name="meeting_edit"),
    path("moter/<int:pk>/send-endring/", editing.meeting_send_update, name="meeting_send_update"),
    path("moter/<int:pk>/avlys/", editing.meeting_cancel, name="meeting_cancel"),
    path("moter/<int:pk>/saker/<int:item_pk>/endre/", editing.item_edit, name="item_edit"),
    path(
        "moter/<int:pk>/saker/<int:item_pk>/offentlighet/",
        editing.item_publicity,
        name="item_publicity",
    ),
    path("moter/<int:pk>/saker/ny/", agenda.item_submit, name="item_submit"),
    path("moter/<int:pk>/saker/<int:item_pk>/godta/", agenda.item_accept, name="item_accept"),
    path("moter/<int:pk>/saker/<int:item_pk>/utsett/", agenda.item_defer, name="item_defer"),
    path("moter/<int:pk>/saker/<int:item_pk>/avvis/", agenda.item_decline, name="item_decline"),
    path("moter/<int:pk>/saker/<int:item_pk>/flytt/", agenda.item_move, name="item_move"),
    path("moter/<int:pk>/saker/<int:item_pk>/referat/", minutes.item_record, name="item_record"),
    path("moter/<int:pk>/saker/<int:item_pk>/tiltak/", minutes.action_add, name="action_add"),
    path(
        "moter/<int:pk>/saker/<int:item_pk>/eskaler/", minutes.item_escalate, name="item_escalate"
    ),
    path("moter/<int:pk>/send-innkalling/", agenda.meeting_publish, name="meeting_publish"),
    path("moter/<int:pk>/avholdt/", minutes.meeting_mark_held, name="meeting_mark_held"),
    path("moter/<int:pk>/referat/send/", review.minutes_publish, name="minutes_publish"),
    path("moter/<int:pk>/referat/kommenter/", review.minutes_comment, name="minutes_comment"),
    path("moter/<int:pk>/godkjenn-referat/", review.minutes_approve, name="minutes_approve"),
    path(
        "moter/<int:pk>/saker/<int:item_pk>/vedlegg/",
        documents.item_attachment_upload,
        name="item_attachment_upload",
    ),
    path(
        "moter/<int:pk>/vedlegg/<int:attachment_pk>/",
        documents.item_attachment_download,
        name="item_attachment_download",
    ),
    path("moter/<int:pk>/pdf/", documents.meeting_pdf, name="meeting_pdf"),
    path("forum/<int:pk>/arshjul/", yearplan.year_plan, name="year_plan"),
    path(
        "forum/<int:pk>/arshjul/<int:item_pk>/endre/",
        yearplan.year_plan_item_edit,
        name="year_plan_item_edit",
    ),
    path(
        "forum/<int:pk>/arshjul/<int:item_pk>/fjern/",
        yearplan.year_plan_item_remove,
        name="year_plan_item_remove",
    ),
]
