"""The meeting page and building its agenda: submit, accept, defer, decline, reorder, send
the invitation."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from navpartner.forms import add_errors
from navpartner.templatetags.people import person

from .. import selectors, services
from ..forms import (
    ActionForm,
    AttendanceFormSet,
    DeferForm,
    ItemSubmitForm,
    MoveForm,
    ReasonForm,
    RecordForm,
    ResponseForm,
)
from ..models import AgendaItem, Meeting
from ..selectors import meeting_get_for_user, meeting_item_get, require_secretary
from .common import auto_id, review_context

OPEN = selectors.OPEN_MEETING_STATUSES


@dataclass
class RowView:
    """One numbered line of the agenda with the forms the user may use on it."""

    number: int
    row: selectors.AgendaRow
    record_form: RecordForm | None = None
    action_form: ActionForm | None = None
    can_move: bool = False
    moved: bool = False
    can_escalate: bool = False
    can_edit: bool = False


@dataclass
class PendingView:
    """A submitted or waiting item with the secretary's forms."""

    item: AgendaItem
    defer_form: DeferForm | None = None
    decline_form: ReasonForm | None = None
    show_reason: bool = False
    can_edit: bool = False


def meeting_page(request, access, meeting, *, bound=None, status=200):
    """Render the meeting page. `bound` holds a form that failed, keyed (name, item pk); it
    replaces the empty one so its errors show where the user wrote."""
    bound = bound or {}
    forum, user = access.forum, request.user
    agenda = selectors.meeting_agenda(meeting)
    now = timezone.now()
    is_open = meeting.status in OPEN
    started = meeting.starts_at <= now
    secretary = access.is_secretary
    recording = (
        secretary
        and started
        and meeting.status not in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.CANCELLED)
    )
    later = (
        list(forum.meetings.filter(status__in=OPEN, starts_at__gt=meeting.starts_at))
        if secretary and is_open
        else []
    )
    ordinary = [r for r in agenda.rows if not r.item.fixed]
    rows = []
    for number, row in enumerate(agenda.rows, start=1):
        item, pk = row.item, row.item.pk
        view = RowView(number=number, row=row)
        if recording:
            view.record_form = bound.get(("record", pk)) or RecordForm(
                initial={"minutes": item.minutes, "decision": item.decision},
                decision_item=item.kind == AgendaItem.Kind.DECISION,
                auto_id=auto_id("record", pk),
            )
            view.action_form = bound.get(("action", pk)) or ActionForm(
                auto_id=auto_id("action", pk)
            )
        view.can_move = secretary and is_open and not item.fixed and len(ordinary) > 1
        view.moved = view.can_move and request.GET.get("moved") == str(pk)
        view.can_edit = secretary and is_open and not item.fixed
        view.can_escalate = (
            secretary
            and not item.fixed
            and forum.partnership.parent_id is not None
            and not row.escalations
        )
        rows.append(view)

    def pending(item):
        pk = item.pk
        view = PendingView(
            item=item,
            show_reason=secretary or item.submitted_by_id == getattr(user, "pk", None),
            can_edit=is_open and selectors.item_may_edit(access, item, user),
        )
        if secretary and is_open:
            view.defer_form = bound.get(("defer", pk)) or DeferForm(
                meetings=later, auto_id=auto_id("defer", pk)
            )
            view.decline_form = bound.get(("decline", pk)) or ReasonForm(
                auto_id=auto_id("decline", pk)
            )
        return view

    can_submit_now = (
        access.can_submit
        and is_open
        and (secretary or timezone.localdate() <= meeting.submission_deadline)
    )
    submit_form = bound.get(("submit", None))
    if submit_form is None and can_submit_now:
        submit_form = ItemSubmitForm(sections=selectors.agreement_sections(forum.partnership))
    # Replies and attendance concern a meeting still open only.
    members = list(forum.members.select_related("user").order_by("role", "pk")) if is_open else []
    responses = {r.member_id: r for r in meeting.responses.all()} if is_open else {}
    attendance = None
    if secretary and started and is_open:
        # Pre-filled from the replies: who sent an absence is not present; their substitute is.
        initial = []
        for m in members:
            response = responses.get(m.pk)
            coming = response.attending if response else m.is_permanent
            initial.append({"name": person(m.user), "title": m.title, "present": coming})
            if response and response.substitute_name:
                title = _("substitute for %(name)s") % {"name": person(m.user)}
                initial.append({"name": response.substitute_name, "title": title, "present": True})
        attendance = bound.get(("attendance", None)) or AttendanceFormSet(
            prefix="attendance", initial=initial
        )
    me = next((m for m in members if m.user_id == getattr(user, "pk", None)), None)
    can_respond = me is not None and is_open and not started
    response_form = bound.get(("respond", None))
    if response_form is None and can_respond:
        mine = responses.get(me.pk)
        response_form = ResponseForm(
            initial={
                "attending": "yes" if mine is None or mine.attending else "no",
                "substitute_name": mine.substitute_name if mine else "",
                "substitute_email": mine.substitute_email if mine else "",
            }
        )
    context = {
        "access": access,
        "forum": forum,
        "partnership": forum.partnership,
        "meeting": meeting,
        "agenda": agenda,
        "rows": rows,
        "submitted": [pending(i) for i in agenda.submitted],
        "waiting": [pending(i) for i in agenda.waiting],
        "declined": [pending(i) for i in agenda.declined],
        "is_open": is_open,
        "started": started,
        "recording": recording,
        "submit_form": submit_form,
        "submission_closed": access.can_submit and is_open and not can_submit_now,
        "attendance_formset": attendance,
        "response_form": response_form if can_respond else None,
        "my_response": responses.get(me.pk) if me else None,
        "responses": [(m, responses.get(m.pk)) for m in members] if secretary and is_open else [],
        "attendance": list(meeting.attendance.all()) if not is_open else [],
        "today": timezone.localdate(),
        **review_context(access, meeting, user, [r.item for r in agenda.rows], bound),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


def refuse(request, access, meeting, error: ValidationError):
    """A service said no: show why on the meeting page, nothing changed."""
    messages.error(request, " ".join(error.messages))
    return meeting_page(request, access, meeting, status=400)


def to_item(meeting, item) -> str:
    return reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}) + f"#item-{item.pk}"


@require_GET
def meeting_detail(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    return meeting_page(request, access, meeting)


@require_POST
def item_submit(request, pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    if not access.can_submit:
        raise PermissionDenied
    form = ItemSubmitForm(
        request.POST, sections=selectors.agreement_sections(access.forum.partnership)
    )
    if form.is_valid():
        try:
            item = services.item_submit(meeting=meeting, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The item is submitted. The secretary decides if it goes on the agenda.")
            )
            return redirect(to_item(meeting, item))
    return meeting_page(request, access, meeting, bound={("submit", None): form}, status=400)


@require_POST
def item_accept(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    try:
        item = services.item_accept(item=item, user=request.user, meeting=meeting)
    except ValidationError as error:
        return refuse(request, access, meeting, error)
    messages.success(request, _("%(item)s is on the agenda.") % {"item": item})
    return redirect(to_item(meeting, item))


@require_POST
def item_defer(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    later = list(access.forum.meetings.filter(status__in=OPEN, starts_at__gt=meeting.starts_at))
    form = DeferForm(request.POST, meetings=later, auto_id=auto_id("defer", item.pk))
    if form.is_valid():
        try:
            services.item_defer(
                item=item,
                user=request.user,
                reason=form.cleaned_data["reason"],
                to_meeting=form.target(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is deferred: %(title)s") % {"title": item.title})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return meeting_page(request, access, meeting, bound={("defer", item.pk): form}, status=400)


@require_POST
def item_decline(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    form = ReasonForm(request.POST, auto_id=auto_id("decline", item.pk))
    if form.is_valid():
        try:
            services.item_decline(item=item, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is declined: %(title)s") % {"title": item.title})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return meeting_page(request, access, meeting, bound={("decline", item.pk): form}, status=400)


@require_POST
def item_move(request, pk, item_pk):
    """Move an accepted item one place up or down (the ↑/↓ buttons)."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    item = meeting_item_get(access.forum, meeting, item_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return refuse(request, access, meeting, ValidationError(_("Choose up or down.")))
    order = list(
        meeting.items.filter(status=AgendaItem.Status.ACCEPTED, fixed="")
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    if item.pk not in order:
        return refuse(
            request, access, meeting, ValidationError(_("The item is not on the agenda."))
        )
    direction = form.cleaned_data["direction"]
    at = order.index(item.pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        try:
            services.agenda_reorder(meeting=meeting, user=request.user, item_ids=order)
        except ValidationError as error:
            return refuse(request, access, meeting, error)
    # The same button gets the focus again (the fragment names it), and the item says where it
    # is now, so a keyboard user can press it again at once.
    url = reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})
    return redirect(f"{url}?moved={item.pk}#move-{item.pk}-{direction}")


@require_http_methods(["GET", "POST"])
def meeting_publish(request, pk):
    """Send the invitation (again): a confirmation page, then the e-mails."""
    access, meeting = meeting_get_for_user(request.user, pk)
    require_secretary(access)
    if request.method == "POST":
        try:
            sent = services.meeting_publish(meeting=meeting, user=request.user)
        except ValidationError as error:
            return refuse(request, access, meeting, error)
        messages.success(
            request, _("The invitation is sent to %(count)s members.") % {"count": sent}
        )
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return confirm_page(
        request,
        access,
        meeting,
        title=_("Send the invitation"),
        text=_(
            "Every member of the forum gets the agenda by e-mail with a calendar file. Changes "
            "to the agenda after this are shown on the meeting page; send the invitation again "
            "to tell everyone."
        )
        if not meeting.published_at
        else _("The members get the agenda again as a new version, with the calendar updated."),
        button=_("Send the invitation"),
    )


def confirm_page(request, access, meeting, *, title, text, button, item=None):
    return render(
        request,
        "meetings/confirm.html",
        {
            "forum": access.forum,
            "partnership": access.forum.partnership,
            "meeting": meeting,
            "item": item,
            "title": title,
            "text": text,
            "button": button,
        },
    )


@require_POST
def meeting_respond(request, pk):
    """A member answers the invitation: coming, or an absence with a substitute."""
    access, meeting = meeting_get_for_user(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return meeting_page(request, access, meeting, bound={("respond", None): form}, status=400)
    try:
        response = services.meeting_respond(
            meeting=meeting, user=request.user, **form.service_kwargs()
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # replies are closed: the form is gone too
            return refuse(request, access, meeting, error)
        add_errors(form, error)
        return meeting_page(request, access, meeting, bound={("respond", None): form}, status=400)
    if response.attending:
        messages.success(request, _("Thank you: you are registered as coming."))
    else:
        messages.success(request, _("Your absence is registered; the secretary sees it."))
    return redirect(reverse("meetings:meeting_detail", args=[meeting.pk]) + "#reply")
