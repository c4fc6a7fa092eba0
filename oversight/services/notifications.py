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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import SectionApproval
from meetings.models import AgendaItem, Forum
from partnerships.models import Partnership
from partnerships.selectors import (
    APPROVING_SIDES,
    PartnershipAccess,
    partnership_access,
    partnership_members,
)

from ..models import Kind, Notification, Preferences
from ..selectors.reminders import due_reminders

ALL_KINDS = frozenset(Kind.values)


def _site_url() -> str:
    """Where navpartner answers, for the links in e-mail (a job has no request to ask):
    NAVPARTNER_BASE_URL when set, else the first trusted origin (production behind its
    proxy), else the address `make run` serves."""
    configured = getattr(settings, "NAVPARTNER_BASE_URL", "")
    origins = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    return (configured or (origins[0] if origins else "http://127.0.0.1:8000")).rstrip("/")


def _wants(preferences: Preferences | None, kind: str) -> tuple[bool, bool]:
    """(in navpartner, by e-mail): everything is on until the user switches it off."""
    if preferences is None:
        return True, True
    return kind not in preferences.app_off, kind not in preferences.email_off


@transaction.atomic
def notify(*, users: Iterable, kind: str, message: str, url: str, occasion: str = "") -> int:
    """Tell each of `users` (inactive ones skipped) `message`, linking to `url` (a path in
    navpartner). With an `occasion`, a user already told of it is not told again. A user
    who switched the kind off in navpartner but not by e-mail gets the notification already
    read (it is not listed), so the e-mail is still sent once. The e-mail goes to users
    who want it and have an address, after the commit. Returns how many users were told.
    Four queries (preferences, those already told, the insert, their ids for the e-mail)."""
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    people = {user.pk: user for user in users if user.is_active}
    if not people:
        return 0
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
            message=message[:300],
            url=url[:300],
            created_at=now,
            read_at=None if user_id in in_app else now,
        )
        # The user exists and the constraint is the database's to keep: no queries here.
        row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    # A concurrent run may have told someone since the check above: the unique constraint
    # keeps one row each, and the e-mail task sends each row's e-mail once.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(occasion))
    if to_email := sorted(wanted & by_email):
        from ..tasks import email_notifications

        if occasion:
            ids = Notification.objects.filter(
                kind=kind, occasion=occasion, user_id__in=to_email, emailed_at__isnull=True
            ).values_list("pk", flat=True)
        else:
            ids = [row.pk for row in rows if row.user_id in by_email]
        email_notifications.delay_on_commit(notification_ids=sorted(ids))
    return len(rows)


def _email(notification: Notification, site: str) -> EmailMessage:
    context = {
        "notification": notification,
        "kind": Kind(notification.kind).label,
        "url": site + notification.url if notification.url.startswith("/") else site,
        "preferences_url": site + reverse("oversight:preferences"),
    }
    subject = loader.render_to_string("emails/notification_subject.txt", context)
    body = loader.render_to_string("emails/notification.txt", context)
    return EmailMessage(
        "".join(subject.splitlines()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.user.email],
    )


def notifications_email(*, notification_ids: list[int]) -> int:
    """Send the e-mail of each notification not yet e-mailed, and mark it e-mailed. The rows
    are locked first, so a second worker or a retry sends nothing twice; if the mail server
    fails halfway, the ones already sent are still marked. In bokmål: the product stores no
    language per user. Returns how many were sent."""
    site, sent, error = _site_url(), [], None
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=notification_ids, emailed_at__isnull=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("pk")
        )
        if not rows:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            messages = [(row.pk, _email(row, site)) for row in rows]
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
    with translation.override(settings.LANGUAGE_CODE):
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


# --- events, called by the services that do what they tell of --------------------------------


def _partnership(agreement) -> Partnership:
    """The agreement's partnership with what its name and its members need; one query."""
    return Partnership.objects.select_related("office", "municipal_party", "state_party").get(
        pk=agreement.partnership_id
    )


def _accesses(partnership) -> dict:
    """Each direct member of the partnership with their access, as {user: PartnershipAccess};
    one query (reads partnership.municipal_party). Members through a covered municipality
    only read, so they approve, edit and sign nothing."""
    memberships = defaultdict(list)
    users = {}
    for membership in partnership_members(partnership):
        users.setdefault(membership.user_id, membership.user)
        memberships[membership.user_id].append(membership)
    return {
        users[user_id]: PartnershipAccess(partnership, tuple(ms))
        for user_id, ms in memberships.items()
    }


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _notify_gathered(*, users, kind: str, occasion: str, message: str, url: str) -> int:
    """One notification (and one e-mail) per user and occasion, however many times it
    happens that day: a new user is told; an unread notification already there is brought up
    to date. Approving twenty sections in one sitting is one message, not twenty."""
    told = notify(users=users, kind=kind, message=message, url=url, occasion=occasion)
    Notification.objects.filter(
        kind=kind, occasion=occasion, read_at__isnull=True, user__in=[u.pk for u in users]
    ).update(message=message[:300], url=url[:300])
    return told


def notify_section_approved(*, agreement, section, side: str, actor) -> int:
    """One side approved a section: tell those who may approve for the other side, once a
    day per agreement and side (counting the sections approved that day)."""
    partnership = _partnership(agreement)
    other = next(s for s in APPROVING_SIDES if s != side)
    users = [
        user
        for user, access in _accesses(partnership).items()
        if access.can_approve_for(other) and user.pk != actor.pk
    ]
    today = timezone.localdate()
    count = SectionApproval.objects.filter(
        section__agreement=agreement, side=side, approved_at__date=today
    ).count()
    values = {
        "side": SectionApproval.Side(side).label,
        "section": f"{section.number} {section.title}",
        "partnership": partnership,
        "count": count,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if count > 1:
            message = _(
                "%(side)s approved %(count)s points of the partnership agreement for "
                "%(partnership)s today."
            )
        else:
            message = _(
                "%(side)s approved point %(section)s of the partnership agreement for "
                "%(partnership)s."
            )
        message %= values
    if count > 1:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return _notify_gathered(
        users=users,
        kind=Kind.SECTION_APPROVED,
        occasion=f"agreement:{agreement.pk}:approved:{side}:{today}",
        message=message,
        url=url,
    )


def notify_section_changed(*, agreement, section, actor) -> int:
    """A section was changed and its approvals withdrawn: tell those who may approve for the
    sides the actor is not on (both, when the NAV-leder changed it); once a day per
    agreement and person who changed it."""
    partnership = _partnership(agreement)
    accesses = _accesses(partnership)
    own_sides = next((a.sides for u, a in accesses.items() if u.pk == actor.pk), set())
    if not own_sides:
        own_sides = partnership_access(actor, partnership).sides
    other_sides = APPROVING_SIDES - own_sides
    users = [
        user
        for user, access in accesses.items()
        if user.pk != actor.pk and any(access.can_approve_for(s) for s in other_sides)
    ]
    occasion = f"agreement:{agreement.pk}:changed:{actor.pk}:{timezone.localdate()}"
    again = Notification.objects.filter(kind=Kind.SECTION_CHANGED, occasion=occasion).exists()
    values = {
        "name": _name(actor),
        "section": f"{section.number} {section.title}",
        "partnership": partnership,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if again:
            message = _(
                "%(name)s changed several points of the partnership agreement for "
                "%(partnership)s today; they must be approved again."
            )
        else:
            message = _(
                "%(name)s changed point %(section)s of the partnership agreement for "
                "%(partnership)s; it must be approved again."
            )
        message %= values
    if again:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return _notify_gathered(
        users=users, kind=Kind.SECTION_CHANGED, occasion=occasion, message=message, url=url
    )


def notify_agreement_signed(*, agreement, actor) -> int:
    """Both parties have signed: tell every member of the partnership."""
    partnership = _partnership(agreement)
    users = [user for user in _accesses(partnership) if user.pk != actor.pk]
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "The partnership agreement for %(partnership)s, version %(version)s, is signed "
            "by both parties."
        ) % {"partnership": partnership, "version": agreement.version}
    return notify(
        users=users,
        kind=Kind.AGREEMENT_SIGNED,
        message=message,
        url=reverse("agreements:agreement_detail", args=[agreement.pk]),
    )


def notify_item_decided(*, item, actor) -> int:
    """The secretary accepted, deferred or declined an agenda item: tell whoever submitted
    it, if they still may see the partnership. Reads the item as its service saved it (an
    accepted or deferred item holds its new meeting). Four queries before `notify`'s: the
    submitter, the forum with its partnership, the submitter's memberships, the
    partnership's covered municipalities."""
    submitter = item.submitted_by
    if submitter is None or submitter.pk == actor.pk or not submitter.is_active:
        return 0
    forum = Forum.objects.select_related("partnership__municipal_party").get(pk=item.forum_id)
    if not partnership_access(submitter, forum.partnership).can_view:
        return 0
    Status = AgendaItem.Status
    names = {"title": item.title, "reason": item.status_reason}
    meeting = item.meeting if item.status != Status.DECLINED else None
    if meeting is not None:
        names["meeting"] = f"{forum.name} {timezone.localtime(meeting.starts_at):%d.%m.%Y}"
    with translation.override(settings.LANGUAGE_CODE):
        if item.status == Status.ACCEPTED:
            message = _("Your item “%(title)s” is on the agenda of %(meeting)s.") % names
        elif item.status == Status.DECLINED:
            message = _("Your item “%(title)s” was declined: %(reason)s") % names
        elif meeting is not None:
            message = _("Your item “%(title)s” was deferred to %(meeting)s: %(reason)s") % names
        else:
            message = _("Your item “%(title)s” was deferred to a later meeting: %(reason)s") % (
                names
            )
    if item.meeting_id:
        url = reverse("meetings:meeting_detail", args=[item.meeting_id])
    else:
        url = reverse("meetings:forum_detail", args=[forum.pk])
    return notify(users=[submitter], kind=Kind.ITEM_DECIDED, message=message, url=url)
