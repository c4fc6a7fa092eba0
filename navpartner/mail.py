"""E-mails navpartner sends on its own (notifications, reminders, meeting invitations): a
text part and an HTML alternative, marked as automatic (RFC 3834) so that mail servers
send no out-of-office replies back."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def automatic_email(
    *, subject: str, text: str, html: str, to: Sequence[str], reply_to: Sequence[str] = ()
) -> EmailMultiAlternatives:
    """The message, not sent. `subject` is made one line; `reply_to`: people who read replies
    (none: replies go to the sender address, which nobody reads)."""
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to) or None,
        headers=dict(AUTOMATIC),
    )
    message.attach_alternative(html, "text/html")
    return message
