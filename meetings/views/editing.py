"""Changing what is planned: a meeting's time and place, and an agenda item's text. After the
invitation the services record each change so the meeting page shows it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import ItemSubmitForm, MeetingPlanForm, PublicityForm
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
                services.meeting_update(meeting=meeting, user=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The meeting is changed. Send the updated invitation to tell the members.")
                    if meeting.published_at
                    else _("The meeting is changed."),
                )
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
