"""Telling users what they should know: in navpartner and by e-mail, as each prefers.

``notify`` is the one way in. The daily reminders (``reminders_send``, from Celery beat or
the ``send_reminders`` command) and the services that do what an event tells of (a section
approved or changed, an agreement signed, an agenda item decided) all call it. A reminder
carries its occasion, and the database keeps one notification per user and occasion, so a
job run twice tells nobody twice; each e-mail goes out once, after the commit, from a task.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from navpartner.languages import languages_of
from navpartner.links import site_url
from navpartner.mail import automatic_email
from navpartner.texts import Text

# The tasks module imports this one back: each names the other's module and looks up what it
# calls only when it runs, so either may be imported first.
from .. import tasks
from ..models import Kind, Notification, Preferences
from ..selectors.reminders import due_reminders

ALL_KINDS = frozenset(Kind.values)


def _wants(preferences: Preferences | None, kind: str) -> tuple[bool, bool]:
    """(in navpartner, by e-mail): everything is on until the user switches it off."""
    if preferences is None:
        return True, True
    return kind not in preferences.app_off, kind not in preferences.email_off


@transaction.atomic
def notify(
    *,
    users: Iterable,
    kind: str,
    message: Text | str,
    url: str,
    occasion: str = "",
    gather: bool = False,
    reply_to=None,
) -> int:
    """Tell each of `users` (inactive ones skipped) `message`, linking to `url` (a path in
    navpartner). The message is kept without a language (a Text; a plain string is shown as
    it is) and written out in each reader's. With an `occasion`, a user already told of it
    is not told again. A user who switched the kind off in navpartner but not by e-mail gets
    the notification already read (it is not listed), so the e-mail is still sent once. The
    e-mail goes to users who want it and have an address, after the commit. Returns how
    many users were told.
    Four queries (preferences, those already told, the insert, their ids for the e-mail).

    With `gather`, a user already told of the occasion whose notification is still unread
    gets it brought up to date instead: approving twenty sections in one sitting is one
    message, not twenty (one more query)."""
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {user.pk: user for user in users if user.is_active}
    if not people:
        return 0
    text = Text.of(message).to_json()
    if gather:
        Notification.objects.filter(
            kind=kind, occasion=occasion, read_at__isnull=True, user_id__in=list(people)
        ).update(text=text, url=url[:300], reply_to=reply_to)
    preferences = {p.user_id: p for p in Preferences.objects.filter(user_id__in=list(people))}
    in_app, by_email = set(), set()
    for user_id, user in people.items():
        app, email = _wants(preferences.get(user_id), kind)
        if app:
            in_app.add(user_id)
        if email and user.email:
            by_email.add(user_id)
    wanted = in_app | by_email
    if occasion and wanted:
        wanted -= set(
            Notification.objects.filter(
                kind=kind, occasion=occasion, user_id__in=list(wanted)
            ).values_list("user_id", flat=True)
        )
    if not wanted:
        return 0
    now = timezone.now()
    rows = []
    for user_id in sorted(wanted):
        row = Notification(
            user_id=user_id,
            kind=kind,
            occasion=occasion,
            text=text,
            url=url[:300],
            created_at=now,
            read_at=None if user_id in in_app else now,
            reply_to=reply_to,
        )
        # The user exists and the constraint is the database's to keep: no queries here.
        row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    # A concurrent run may have told someone since the check above: the unique constraint
    # keeps one row each, and the e-mail task sends each row's e-mail once.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(occasion))
    if to_email := sorted(wanted & by_email):
        ids: Iterable[int]
        if occasion:
            ids = Notification.objects.filter(
                kind=kind, occasion=occasion, user_id__in=to_email, emailed_at__isnull=True
            ).values_list("pk", flat=True)
        else:
            ids = [row.pk for row in rows if row.user_id in by_email]
        tasks.email_notifications.delay_on_commit(notification_ids=sorted(ids))
    return len(rows)


# A subject line a mail client shows whole; a longer message is cut at a word.
SUBJECT_LENGTH = 110


def _subject(message: str) -> str:
    """The notification's own message (it names the partnership and what happened), on one
    line and cut at a word if too long for a subject."""
    message = " ".join(message.split())
    if len(message) <= SUBJECT_LENGTH:
        return message
    return message[: SUBJECT_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _email(notification: Notification) -> EmailMultiAlternatives:
    preferences_url = site_url(reverse("oversight:preferences"))
    context = {
        "notification": notification,
        "summary": _subject(notification.message),
        "url": site_url(notification.url if notification.url.startswith("/") else "/"),
        "preferences_url": preferences_url,
        "preferences_link": format_html('<a href="{0}">{0}</a>', preferences_url),
    }
    person = notification.reply_to
    return automatic_email(
        subject=loader.render_to_string("emails/notification_subject.txt", context),
        text=loader.render_to_string("emails/notification.txt", context),
        html=loader.render_to_string("emails/notification.html", context),
        to=[notification.user.email],
        reply_to=[person.email] if person and person.is_active and person.email else [],
    )


def notifications_email(*, notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not yet e-mailed, and mark it e-mailed. The rows
    are locked first, so a second worker or a retry sends nothing twice; if the mail server
    fails halfway, the ones already sent are still marked. Each in its reader's language.
    Returns how many were sent."""
    sent, error = [], None
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=notification_ids, emailed_at__isnull=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user", "reply_to")
            .order_by("pk")
        )
        if not rows:
            return 0
        languages = languages_of({row.user_id for row in rows})
        messages = []
        for row in rows:
            with translation.override(languages[row.user_id]):
                messages.append((row.pk, _email(row)))
        try:
            with get_connection() as connection:
                for pk, message in messages:
                    connection.send_messages([message])
                    sent.append(pk)
        except OSError as exc:  # smtplib's errors too
            error = exc
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    if error is not None:
        raise error
    return len(sent)


def reminders_send(*, today: date | None = None) -> int:
    """Send every reminder due `today` (default: today in Oslo) that was not sent before.
    Each occasion commits on its own, so a run stopped halfway keeps what it did and the
    next run does the rest. Returns how many users were told."""
    today = today or timezone.localdate()
    reminders = due_reminders(today)
    groups = defaultdict(list)
    for reminder in reminders:
        groups[reminder.kind, reminder.occasion].append(reminder)
    return sum(
        notify(
            users=[r.user for r in group],
            kind=kind,
            message=group[0].message,
            url=group[0].url,
            occasion=occasion,
        )
        for (kind, occasion), group in groups.items()
    )


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (the caller passed the gate, so it is the user's own)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read. Returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_update(*, user, in_app: Iterable[str], by_email: Iterable[str]) -> Preferences:
    """Keep what the user wants: `in_app` and `by_email` are the kinds switched on; the rest
    go off. What the user no longer wants shown counts as read, so the badge forgets it."""
    in_app, by_email = set(in_app), set(by_email)
    unknown = (in_app | by_email) - ALL_KINDS
    if unknown:
        raise ValidationError(_("Choose among the kinds of notification listed."))
    preferences, _created = Preferences.objects.select_for_update().get_or_create(user=user)
    preferences.app_off = sorted(ALL_KINDS - in_app)
    preferences.email_off = sorted(ALL_KINDS - by_email)
    preferences.full_clean(exclude=["user"])
    preferences.save(update_fields=["app_off", "email_off"])
    Notification.objects.filter(
        user=user, read_at__isnull=True, kind__in=preferences.app_off
    ).update(read_at=timezone.now())
    return preferences


def notification_told(*, kind: str, occasion: str) -> bool:
    """Whether anyone was told of the occasion yet."""
    return Notification.objects.filter(kind=kind, occasion=occasion).exists()
