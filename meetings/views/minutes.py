"""After the meeting starts: minutes and decisions per item, actions, attendance; and
escalating an item to the central committee. The review of the minutes is in review.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from navpartner.forms import add_errors

from .. import services
from ..forms import ActionForm, AttendanceFormSet, RecordForm
from ..models import AgendaItem
from ..selectors import meeting_get_for_user, meeting_item_get, require_secretary
from .agenda import confirm_page, meeting_page, refuse, to_item
from .common import auto_id


@require_POST
def item_record(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    form = RecordForm(
        request.POST,
        decision_item=item.kind == AgendaItem.Kind.DECISION,
        auto_id=auto_id("record", item.pk),
    )
    if form.is_valid():
        try:
            services.item_record(
                item=item,
                user=request.user,
                minutes=form.cleaned_data["minutes"],
                decision=form.cleaned_data.get("decision", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The minutes of %(item)s are saved.") % {"item": item})
            return redirect(to_item(meeting, item))
    return meeting_page(request, access, meeting, bound={("record", item.pk): form}, status=400)


@require_POST
def action_add(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    form = ActionForm(request.POST, auto_id=auto_id("action", item.pk))
    if form.is_valid():
        try:
            services.action_add(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action is added."))
            return redirect(to_item(meeting, item))
    return meeting_page(request, access, meeting, bound={("action", item.pk): form}, status=400)


@require_POST
def meeting_mark_held(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    formset = AttendanceFormSet(request.POST, prefix="attendance")
    if formset.is_valid():
        try:
            services.meeting_mark_held(
                meeting=meeting, user=request.user, attendance=formset.lines()
            )
        except ValidationError as error:
            return refuse(request, access, meeting, error)
        messages.success(request, _("The meeting is marked as held."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return meeting_page(request, access, meeting, bound={("attendance", None): formset}, status=400)


@require_http_methods(["GET", "POST"])
def item_escalate(request, pk, item_pk):
    """Send an item to the central partnership's committee (point 7.0), after confirming."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    if request.method == "POST":
        try:
            escalated = services.item_escalate(item=item, user=request.user)
        except ValidationError as error:
            return refuse(request, access, meeting, error)
        messages.success(
            request,
            _("%(item)s is sent to %(forum)s.") % {"item": item, "forum": escalated.forum.name},
        )
        return redirect(to_item(meeting, item))
    return confirm_page(
        request,
        access,
        meeting,
        item=item,
        title=_("Escalate to the central committee"),
        text=_(
            "The item goes to the central partnership's committee as a submitted item, with its "
            "description, minutes and decision so far. Its outcome will be shown here."
        ),
        button=_("Escalate the item"),
    )
