"""Shared by the meeting views."""

from datetime import timedelta

from django.utils import timezone

from ..forms import MinutesCommentForm, MinutesPublishForm
from ..minutes_review import minutes_review
from ..models import Meeting


def auto_id(form_name: str, item_pk: int) -> str:
    """Element ids for one of an item's forms, unique on the page (many items, many forms)."""
    return f"id_{form_name}_{item_pk}_%s"


def review_context(access, meeting, user, items, bound) -> dict:
    """What the meeting page shows of the minutes' review once the meeting is held: the
    review itself, and the forms the user may use (`bound` holds one that failed)."""
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        return {"review": None}
    review = minutes_review(meeting, access, user)
    held = meeting.status == Meeting.Status.HELD
    publish_form = bound.get(("publish", None))
    if publish_form is None and held and access.is_secretary:
        deadline = meeting.minutes_comment_deadline or timezone.localdate() + timedelta(days=7)
        publish_form = MinutesPublishForm(initial={"comment_deadline": deadline})
    comment_form = bound.get(("comment", None))
    if comment_form is None and review.may_comment:
        comment_form = MinutesCommentForm(items=items)
    return {"review": review, "publish_form": publish_form, "comment_form": comment_form}
