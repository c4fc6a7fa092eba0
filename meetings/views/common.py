"""Shared by the meeting views: the gate for a meeting reached by its own pk, and turning a
service's ValidationError into form errors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Meeting
from ..selectors import ForumAccess, forum_get_for_user, meeting_get


def meeting_get_for_user(user, pk) -> tuple[ForumAccess, Meeting]:
    """The forum gate for a meeting's URL: one query to find the forum, then the gate
    (404 for outsiders) and the meeting within that forum."""
    forum_id = Meeting.objects.filter(pk=pk).values_list("forum_id", flat=True).first()
    if forum_id is None:
        raise Http404
    access = forum_get_for_user(user, forum_id)
    return access, meeting_get(access.forum, pk)


def require_secretary(access: ForumAccess) -> None:
    if not access.is_secretary:
        raise PermissionDenied


def auto_id(form_name: str, item_pk: int) -> str:
    """Element ids for one of an item's forms, unique on the page (many items, many forms)."""
    return f"id_{form_name}_{item_pk}_%s"
