"""The forum page: frequency, members, meetings and open actions; planning a meeting; closing
an action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import ForumMemberAddForm, MeetingPlanForm, MinutesApproversForm
from .yearplan import shown_year


def forum_page(request, access, *, form=None, member_form=None, rule_form=None, status=200):
    """Render the forum page; `form` and `member_form` replace the empty plan and add-member
    forms when they failed, so their errors show."""
    forum = access.forum
    overview = selectors.forum_overview(forum)
    if member_form is None and access.is_secretary:
        member_form = ForumMemberAddForm(
            candidates=selectors.forum_member_candidates(forum, overview.members),
            auto_id="id_member_%s",
        )
    now = timezone.now()
    context = {
        "access": access,
        "forum": forum,
        "partnership": forum.partnership,
        "frequency": selectors.forum_frequency(forum),
        "members": overview.members,
        "upcoming": sorted(
            (m for m in overview.meetings if m.ends_at >= now), key=lambda m: m.starts_at
        ),
        "past": [m for m in overview.meetings if m.ends_at < now],
        "open_actions": overview.open_actions,
        "waiting_items": overview.waiting_items,
        "today": timezone.localdate(),
        "form": form if form is not None else (MeetingPlanForm() if access.is_secretary else None),
        "member_form": member_form,
        "rule_form": rule_form
        or (
            MinutesApproversForm(initial={"rule": forum.minutes_approvers}, auto_id="id_rule_%s")
            if access.is_secretary
            else None
        ),
        "year": selectors.forum_year(
            shown_year(request), overview.meetings, selectors.year_plan_items(forum)
        ),
    }
    return render(request, "meetings/forum_detail.html", context, status=status)


@require_GET
def forum_detail(request, pk):
    return forum_page(request, selectors.forum_get_for_user(request.user, pk))


@require_POST
def meeting_plan(request, pk):
    access = selectors.forum_get_for_user(request.user, pk)
    selectors.require_secretary(access)
    form = MeetingPlanForm(request.POST)
    if form.is_valid():
        starts_at, ends_at = form.times()
        try:
            meeting = services.meeting_plan(
                forum=access.forum,
                user=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                video_link=form.cleaned_data["video_link"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned. Members can now submit items."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return forum_page(request, access, form=form, status=400)


@require_POST
def action_close(request, pk, action_pk):
    """Mark an action done (any permanent member); back to the page it was closed from."""
    access = selectors.forum_get_for_user(request.user, pk)
    action = selectors.action_get(access.forum, action_pk)
    if not selectors.action_may_close(access):
        raise PermissionDenied
    try:
        services.action_close(action=action, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return forum_page(request, access, status=400)
    messages.success(request, _("The action is done: %(action)s") % {"action": action.description})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("meetings:forum_detail", pk=pk)


@require_POST
def minutes_approvers_set(request, pk):
    access = selectors.forum_get_for_user(request.user, pk)
    selectors.require_secretary(access)
    form = MinutesApproversForm(request.POST, auto_id="id_rule_%s")
    if not form.is_valid():
        return forum_page(request, access, rule_form=form, status=400)
    services.forum_minutes_approvers_set(
        forum=access.forum, user=request.user, rule=form.cleaned_data["rule"]
    )
    messages.success(request, _("Saved: who approves the minutes of this forum."))
    return redirect(reverse("meetings:forum_detail", kwargs={"pk": pk}) + "#minutes-rule")
