"""The review of the minutes: the secretary sends the draft for comment, members comment,
the approvers approve the text they read (409 with what changed when it has changed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from navpartner.forms import add_errors

from .. import services
from ..forms import MinutesApproveForm, MinutesCommentForm, MinutesPublishForm
from ..minutes_review import minutes_changes, minutes_hash
from ..models import MinutesCapacity
from ..selectors import meeting_agenda, meeting_get_for_user, require_secretary
from .agenda import meeting_page, refuse


def _to_review(meeting) -> str:
    return reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}) + "#minutes-review"


@require_POST
def minutes_publish(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    form = MinutesPublishForm(request.POST)
    if form.is_valid():
        try:
            told = services.minutes_publish(
                meeting=meeting,
                user=request.user,
                comment_deadline=form.cleaned_data["comment_deadline"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return refuse(request, access, meeting, error)
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft minutes are sent to %(count)s members for comment.") % {"count": told},
            )
            return redirect(_to_review(meeting))
    return meeting_page(request, access, meeting, bound={("publish", None): form}, status=400)


@require_POST
def minutes_comment(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    items = [row.item for row in meeting_agenda(meeting).rows]
    form = MinutesCommentForm(request.POST, items=items)
    if form.is_valid():
        try:
            services.minutes_comment_add(
                meeting=meeting, user=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return refuse(request, access, meeting, error)
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is saved; the secretary sees it."))
            return redirect(_to_review(meeting))
    return meeting_page(request, access, meeting, bound={("comment", None): form}, status=400)


@require_POST
def minutes_approve(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    form = MinutesApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The approval did not say which text it approves; try again."))
        return meeting_page(request, access, meeting, status=400)
    try:
        services.minutes_approve(
            meeting=meeting,
            user=request.user,
            capacity=form.cleaned_data["capacity"],
            expected_hash=form.cleaned_data["content_hash"],
        )
    except services.StaleMinutes as stale:
        changes = minutes_changes(stale.seen.content, stale.current) if stale.seen else []
        context = {
            "forum": access.forum,
            "partnership": access.forum.partnership,
            "meeting": meeting,
            "changes": changes,
            "capacity": form.cleaned_data["capacity"],
            "capacity_label": MinutesCapacity(form.cleaned_data["capacity"]).label,
            "content_hash": minutes_hash(stale.current),
        }
        return render(request, "meetings/minutes_stale.html", context, status=409)
    except ValidationError as error:
        return refuse(request, access, meeting, error)
    messages.success(request, _("You have approved the minutes."))
    return redirect(_to_review(meeting))
