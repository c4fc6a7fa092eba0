"""Partnership meetings: forums, meetings, the agenda, minutes, actions and escalation.

Every function checks the user's role in the forum (PermissionDenied), locks what it changes,
validates (ValidationError with a message the user can act on, nothing changed), writes and
records a MeetingEvent (a kind and its facts, no language), all in one transaction. Locks are
taken in the order forum → meeting → item. After the invitation is sent every change to the
agenda is still allowed, but its event is marked `after_publication`, so the meeting page
shows it: never a silent change.
"""

from .agenda import (
    agenda_reorder,
    item_accept,
    item_decline,
    item_defer,
    item_submit,
    item_update,
    meeting_publish,
)
from .attachments import item_attachment_add
from .escalation import item_escalate
from .forums import (
    DEFAULT_MEETINGS_PER_YEAR,
    forum_create,
    forum_for_partnership,
    forum_member_add,
    forum_member_remove,
    forum_minutes_approvers_set,
)
from .meetings import (
    meeting_cancel,
    meeting_changes,
    meeting_plan,
    meeting_send_update,
    meeting_update,
)
from .minutes import action_add, action_close, item_record, meeting_mark_held
from .publicity import item_publicity_set
from .responses import meeting_respond
from .review import (
    StaleMinutes,
    minutes_approve,
    minutes_changed,
    minutes_comment_add,
    minutes_publish,
)
from .yearplan import year_plan_item_add, year_plan_item_remove, year_plan_item_update

__all__ = [
    "forum_minutes_approvers_set",
    "StaleMinutes",
    "minutes_changed",
    "minutes_comment_add",
    "minutes_publish",
    "DEFAULT_MEETINGS_PER_YEAR",
    "action_add",
    "action_close",
    "agenda_reorder",
    "forum_create",
    "forum_for_partnership",
    "forum_member_add",
    "forum_member_remove",
    "item_accept",
    "item_attachment_add",
    "item_decline",
    "item_defer",
    "item_escalate",
    "item_publicity_set",
    "item_record",
    "item_submit",
    "item_update",
    "meeting_cancel",
    "meeting_changes",
    "meeting_mark_held",
    "meeting_plan",
    "meeting_publish",
    "meeting_respond",
    "meeting_send_update",
    "meeting_update",
    "minutes_approve",
    "year_plan_item_add",
    "year_plan_item_remove",
    "year_plan_item_update",
]
