"""Changing what is planned: a meeting's time and place (and sending the change to the
members), cancelling it, and an agenda item's text. After the invitation the services record
each change so the meeting page shows it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import CancelForm, ItemSubmitForm, MeetingPlanForm, PublicityForm
from ..selectors import meeting_get_for_user, meeting_item_get, require_secretary
from .agenda import to_item


def form_page(
    request, access, meeting, form, *, title, button, cancel_url, status=200, unrecorded=False
):
    """``unrecorded``: the change is not one the meeting page lists after the invitation."""
    return render(
        request,
        "meetings/form_page.html",
        {
            "forum": access.forum,
            "partnership": access.forum.partnership,
            "meeting": meeting,
            "form": form,
            "title": title,
            "button": button,
            "cancel_url": cancel_url,
            "unrecorded": unrecorded,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    """Change the time or place of a meeting not yet held (the secretary)."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    if request.method == "GET":
        form = MeetingPlanForm.initial_from(meeting)
    else:
        form = MeetingPlanForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_update(
                    meeting=meeting, user=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if meeting.calendar_changed:
                    # The members' calendars have the old time or place: ask now.
                    return redirect("meetings:meeting_send_update", pk=meeting.pk)
                messages.success(request, _("The meeting is changed."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        access,
        meeting,
        form,
        title=_("Change time and place"),
        button=_("Save the changes"),
        cancel_url=reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}),
        status=200 if request.method == "GET" else 400,
    )


@require_http_methods(["GET", "POST"])
def meeting_send_update(request, pk):
    """After time or place changed: what changed, and a button that tells every member."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    status = 200
    if request.method == "POST":
        try:
            sent = services.meeting_send_update(meeting=meeting, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(
                request, _("The change is sent to %(count)s members.") % {"count": sent}
            )
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_send_update.html",
        {
            "forum": access.forum,
            "partnership": access.forum.partnership,
            "meeting": meeting,
            "changes": services.meeting_changes(meeting) if meeting.calendar_changed else [],
            "title": _("Send the change to the members?"),
        },
        status=status,
    )


def _items_going_back(meeting) -> list:
    """The items a cancellation sends back to wait: on the agenda or submitted to it."""
    agenda = selectors.meeting_agenda(meeting)
    return [row.item for row in agenda.rows if not row.item.fixed] + agenda.submitted


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    """Cancel a meeting not yet held (the secretary): a page that says what follows and
    asks for the reason, then the cancellation."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            sent = services.meeting_cancel(
                meeting=meeting, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The meeting is cancelled; %(count)s members are told.") % {"count": sent},
            )
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {
            "forum": access.forum,
            "partnership": access.forum.partnership,
            "meeting": meeting,
            "form": form,
            "items": _items_going_back(meeting),
            "title": _("Cancel the meeting"),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def item_edit(request, pk, item_pk):
    """Edit an item's text: the secretary, or its submitter while it is only submitted."""
    access, meeting = meeting_get_for_user(request.user, pk)
    item = meeting_item_get(access.forum, meeting, item_pk)
    if not selectors.item_may_edit(access, item, request.user):
        raise PermissionDenied
    sections = selectors.agreement_sections(access.forum.partnership)
    if request.method == "GET":
        form = ItemSubmitForm.initial_from(item, sections=sections)
    else:
        form = ItemSubmitForm(request.POST, sections=sections)
        if form.is_valid():
            try:
                item = services.item_update(item=item, user=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The item is changed: %(title)s") % {"title": item.title}
                )
                return redirect(to_item(meeting, item))
    return form_page(
        request,
        access,
        meeting,
        form,
        title=_("Change the item"),
        button=_("Save the changes"),
        cancel_url=to_item(meeting, item),
        status=200 if request.method == "GET" else 400,
    )


@require_http_methods(["GET", "POST"])
def item_publicity(request, pk, item_pk):
    """Mark what of an item is exempt from public access (the secretary)."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    attachments = item.attachments.order_by("pk")
    form = PublicityForm(
        request.POST if request.method == "POST" else None, item=item, attachments=attachments
    )
    if form.is_bound and form.is_valid():
        try:
            item = services.item_publicity_set(
                item=item, user=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: what of %(item)s the public may see.")
                % {"item": item.label or item.title},
            )
            return redirect(to_item(meeting, item))
    return form_page(
        request,
        access,
        meeting,
        form,
        title=_("Public access: %(title)s") % {"title": item.heading},
        button=_("Save"),
        cancel_url=to_item(meeting, item),
        status=200 if request.method == "GET" else 400,
        unrecorded=True,
    )
