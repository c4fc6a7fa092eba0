"""Escalation (point 7.0 of the agreement): a local item sent on to the central committee."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AgendaItem, Forum
from ..selectors import OPEN_MEETING_STATUSES
from ._common import (
    EventKind,
    ItemStatus,
    _day,
    _item_name,
    _lock_forum,
    _name,
    _record,
    _require_ordinary,
    _secretary,
    _when,
)
from .forums import forum_for_partnership


def _escalation_history(item: AgendaItem, user, office: str) -> str:
    parts = [
        _("Escalated from %(office)s by %(name)s on %(date)s.")
        % {
            "office": office,
            "name": _name(user),
            "date": _day(timezone.localdate()),
        },
        _("Local item: %(item)s") % {"item": _item_name(item)},
    ]
    if item.meeting is not None:
        parts.append(_("Local meeting: %(when)s") % {"when": _when(item.meeting.starts_at)})
    for label, text in (
        (_("Description"), item.description),
        (_("Minutes"), item.minutes),
        (_("Decision text"), item.decision),
    ):
        if text:
            parts.append(f"{label}:\n{text}")
    return "\n\n".join(parts)


@transaction.atomic
def item_escalate(*, item: AgendaItem, user) -> AgendaItem:
    """Send an item unresolved locally to the central committee (point 7.0): it appears there
    as a submitted item with its local history, on the committee's next planned meeting (or
    waiting, if none is planned)."""
    forum = _lock_forum(item.forum_id)
    forum = Forum.objects.select_related(
        "partnership__office",
        "partnership__parent__municipal_party",
        "partnership__parent__state_party",
    ).get(pk=forum.pk)
    _secretary(user, forum)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _require_ordinary(item)
    parent = forum.partnership.parent
    if parent is None:
        raise ValidationError(
            _("This partnership has no central partnership to escalate to."), code="no_central"
        )
    if item.escalations.exists():
        raise ValidationError(_("The item has already been escalated."), code="escalated")
    central = forum_for_partnership(partnership=parent)
    central.partnership = parent
    target = (
        central.meetings.filter(status__in=OPEN_MEETING_STATUSES, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    office = forum.partnership.office.name if forum.partnership.office else str(forum)
    prefix = _("Escalated from %(office)s: ") % {"office": office}
    escalated = AgendaItem(
        forum=central,
        meeting=target,
        kind=item.kind,
        title=(prefix + item.title)[:200],
        description=_escalation_history(item, user, office),
        owner=office,
        agreement_section=item.agreement_section,
        status=ItemStatus.SUBMITTED,
        submitted_by=user,
        escalated_from=item,
    )
    escalated.full_clean()
    escalated.save()
    _record(
        forum.pk,
        user,
        EventKind.ITEM_ESCALATED,
        {
            "central": {
                "municipality": parent.municipal_party.name,
                "county": parent.state_party.name,
            },
            "item": {"title": item.title},
        },
        meeting=item.meeting,
    )
    _record(
        central.pk,
        user,
        EventKind.ITEM_ESCALATED_FROM,
        {"office": office, "item": {"title": item.title}},
        meeting=target,
    )
    return escalated
