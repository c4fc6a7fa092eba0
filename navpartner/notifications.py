"""How an app tells people of what happened in it, without importing the app that delivers.

Each app owns the wording and the recipients of its own events (``agreements/notifications.py``,
``meetings/notifications.py``); the oversight app, above them all, owns the delivery — in
navpartner and by e-mail, as each user prefers — and registers it here when it is ready.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from .texts import Text


class Kind(models.TextChoices):
    # Reminders: found by the daily job, sent once per occasion.
    AGREEMENT_EXPIRING = "agreement_expiring", _("An agreement is about to expire")
    EVALUATION_DUE = "evaluation_due", _("An agreement is due for evaluation")
    FORUM_BEHIND = "forum_behind", _("A forum is behind its agreed frequency")
    SUBMISSION_DEADLINE = "submission_deadline", _("The deadline for submitting items is near")
    ACTION_DUE = "action_due", _("An action is due within 7 days")
    ACTION_OVERDUE = "action_overdue", _("An action is overdue")
    APPROVAL_WAITING = "approval_waiting", _("A section has waited over 14 days for your side")
    # Events: made by the service that did what they tell of.
    SECTION_APPROVED = "section_approved", _("The other side approved a section")
    SECTION_CHANGED = "section_changed", _("The other side changed a section")
    AGREEMENT_SIGNED = "agreement_signed", _("An agreement was signed")
    ITEM_DECIDED = "item_decided", _("Your agenda item was accepted, deferred or declined")
    COMMENT_ADDED = "comment_added", _("Someone commented on a section")
    SUGGESTION_MADE = "suggestion_made", _("The other side proposed wording for a section")
    SUGGESTION_DECIDED = "suggestion_decided", _("Your proposed wording was accepted or rejected")
    MINUTES_PUBLISHED = "minutes_published", _("Draft minutes were sent for comment")
    MINUTES_APPROVED = "minutes_approved", _("Minutes were approved")
    MINUTES_WITHDRAWN = "minutes_withdrawn", _("A change withdrew your approval of minutes")


@dataclass(frozen=True)
class Delivery:
    """What the delivering app provides.

    ``notify(users=, kind=, message=, url=, occasion="", gather=False, reply_to=None) -> int``
    tells each
    user once per occasion and returns how many were told; with ``gather`` an unread
    notification of the same occasion is brought up to date instead of a second one.
    ``told(kind=, occasion=) -> bool`` says whether anyone was told of the occasion yet.
    """

    notify: Callable[..., int]
    told: Callable[..., bool]


_delivery: Delivery | None = None


def delivery_register(delivery: Delivery) -> None:
    global _delivery
    _delivery = delivery


def _registered() -> Delivery:
    if _delivery is None:
        raise ImproperlyConfigured("No notification delivery registered (is oversight installed?)")
    return _delivery


def notify(
    *,
    users: Iterable,
    kind: Kind,
    message: Text | str,
    url: str,
    occasion: str = "",
    gather: bool = False,
    reply_to=None,
) -> int:
    """``message``: a Text, written out in each reader's language (a plain string is shown
    as it is). ``reply_to``: the person who did it, who reads replies to the e-mail (none:
    nobody)."""
    return _registered().notify(
        users=users,
        kind=kind,
        message=message,
        url=url,
        occasion=occasion,
        gather=gather,
        reply_to=reply_to,
    )


def told(*, kind: Kind, occasion: str) -> bool:
    return _registered().told(kind=kind, occasion=occasion)
