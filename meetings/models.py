"""Partnership meetings: a forum per partnership (the local partnership meeting, or for a
central partnership the sentralt samarbeidsutvalg), its meetings, numbered agenda items,
decisions and the actions that follow them up."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementSection
from navpartner.exemptions import Exemptible
from navpartner.limits import DESCRIPTION, MINUTES, NOTE, text_limit
from navpartner.models import UploadedPdf
from navpartner.texts import Text, gettext_noop
from partnerships.models import Partnership


def central_forum_text(municipality: str, county: str) -> Text:
    return Text(
        gettext_noop("Central cooperation committee – %(municipality)s and %(county)s"),
        {"municipality": municipality, "county": county},
    )


def forum_name_text(partnership: Partnership) -> Text:
    """The forum's name, to be written in the reader's language: "Partnership meeting – NAV
    Grorud" (local), "Central cooperation committee – Oslo kommune and NAV Oslo" (central).
    Reads the partnership's office (local) or parties (central)."""
    if partnership.kind == Partnership.Kind.CENTRAL:
        return central_forum_text(partnership.municipal_party.name, partnership.state_party.name)
    return Text(
        gettext_noop("Partnership meeting – %(office)s"), {"office": partnership.office.name}
    )


class MinutesApprovers(models.TextChoices):
    """Who approves a forum's minutes, besides the comments every member may make."""

    CHAIR_AND_OTHER_SIDE = (
        "chair_other_side",
        _("The chair and a representative of the other owner"),
    )
    BOTH_OWNERS = "both_owners", _("A representative of each owner")


class MinutesCapacity(models.TextChoices):
    """In what capacity an approver approves: what the forum's rule asks for."""

    CHAIR = "chair", _("Chair")
    MUNICIPAL = "municipal", _("For the municipality")
    STATE = "state", _("For the state")


class Forum(models.Model):
    """A partnership's forum. Its name is not stored: it is said in the reader's language from
    the partnership (the office of a local one, the parties of a central one)."""

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        related_name="forum",
        verbose_name=_("partnership"),
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year, at least"),
        help_text=_(
            "Local: at least twice a year; central: at least three times a half-year. "
            "Point 3.1 of the agreement may set its own."
        ),
    )
    submission_days = models.PositiveSmallIntegerField(
        _("items due, days before the meeting"),
        default=14,
    )
    minutes_approvers = models.CharField(
        _("who approves the minutes"),
        max_length=20,
        choices=MinutesApprovers,
        default=MinutesApprovers.CHAIR_AND_OTHER_SIDE,
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """ "Partnership meeting – NAV Grorud" in the active language. Reads self.partnership
        and its office (local) or parties (central): select them with the forum."""
        return str(forum_name_text(self.partnership))


class ForumMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Permanent member")
        INVITED = "invited", _("Invited when relevant")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("E.g. “Bydelsdirektør”, “Verneombud”.")
    )

    class Meta:
        ordering = ["forum_id", "role", "user__last_name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="forum_member_unique"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_permanent(self) -> bool:
        return self.role != self.Role.INVITED


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invitation sent")
        HELD = "held", _("Held")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        CANCELLED = "cancelled", _("Cancelled")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    submission_deadline = models.DateField(_("items due"))
    agenda_version = models.PositiveIntegerField(
        _("agenda version"),
        default=0,
        help_text=_("Counts publications of the agenda."),
    )
    ics_sequence = models.PositiveIntegerField(
        _("calendar version"),
        default=0,
        help_text=_(
            "The calendar event's SEQUENCE: rises with every change a calendar shows (time, "
            "place, video link, the agenda sent again, cancellation)."
        ),
    )
    calendar_sent = models.JSONField(
        _("as the members' calendars have it"),
        default=dict,
        blank=True,
        help_text=_(
            "Time and place as last sent to the members (ISO 8601 times), to say what changed."
        ),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(
        _("draft minutes sent for comment"), null=True, blank=True
    )
    minutes_comment_deadline = models.DateField(
        _("comments on the minutes due"),
        null=True,
        blank=True,
        help_text=_("The last day members may comment; approval opens the day after."),
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self):
        day = date_format(timezone.localtime(self.starts_at), "SHORT_DATE_FORMAT")
        return f"{self.forum} {day}"

    @property
    def calendar_changed(self) -> bool:
        """Time or place differ from what the members were last sent (never before the
        invitation, nor once the meeting is held or cancelled); no query."""
        sent = self.calendar_sent
        if not sent or self.status not in (self.Status.PLANNED, self.Status.INVITED):
            return False
        return (
            datetime.fromisoformat(sent["starts_at"]) != self.starts_at
            or datetime.fromisoformat(sent["ends_at"]) != self.ends_at
            or sent["place"] != self.place
            or sent["video_link"] != self.video_link
        )


class MeetingResponse(models.Model):
    """A member's answer to the invitation: coming, or not (forfall), perhaps naming a
    substitute (vararepresentant), who then gets the papers. The secretary sees the answers
    before the meeting, and they fill in the attendance."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="responses", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        ForumMember,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("member"),
    )
    attending = models.BooleanField(_("coming"))
    substitute_name = models.CharField(_("substitute"), max_length=200, blank=True)
    substitute_email = models.EmailField(_("substitute's e-mail"), blank=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "member"]
        verbose_name = _("reply to an invitation")
        verbose_name_plural = _("replies to invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_response_per_member")
        ]

    def __str__(self):
        return f"{self.member} – {self.meeting}"

    def clean(self):
        super().clean()
        self.substitute_name = self.substitute_name.strip()
        if self.attending and (self.substitute_name or self.substitute_email):
            raise ValidationError(
                {"substitute_name": _("Only a member who cannot come names a substitute.")}
            )
        if self.substitute_email and not self.substitute_name:
            raise ValidationError({"substitute_name": _("Write the substitute's name too.")})


class AgendaItem(Exemptible, models.Model):
    """A case on the agenda ("Sak 03/26"), or one submitted for it and not yet decided on.
    It may be exempt from public access, wholly or only its minutes entry."""

    class ExemptScope(models.TextChoices):
        ITEM = "item", _("The whole item: description, minutes and decision")
        MINUTES = "minutes", _("Only the minutes entry: minutes and decision")

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("Orientation")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("On the agenda")
        DEFERRED = "deferred", _("Deferred to a later meeting")
        DECLINED = "declined", _("Declined")

    class Fixed(models.TextChoices):
        NONE = "", _("Ordinary item")
        AGENDA = "agenda", _("Approval of the agenda")
        PREVIOUS_MINUTES = "previous_minutes", _("Approval of the previous minutes")
        ACTIONS = "actions", _("Follow-up of open actions")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="items", verbose_name=_("forum")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("meeting"),
        help_text=_("Empty while a deferred item waits for a meeting."),
    )
    fixed = models.CharField(
        _("fixed item"), max_length=20, choices=Fixed, blank=True, default=Fixed.NONE
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Running number in the forum and year, given when the item is accepted."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.ORIENTATION)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, **text_limit(DESCRIPTION))
    owner = models.CharField(_("presented by"), max_length=200, blank=True)
    minutes_planned = models.PositiveSmallIntegerField(
        _("minutes set aside"), null=True, blank=True
    )
    agreement_section = models.ForeignKey(
        AgreementSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement section"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    minutes = models.TextField(_("minutes"), blank=True, **text_limit(MINUTES))
    decision = models.TextField(_("decision"), blank=True, **text_limit(DESCRIPTION))
    exempt_scope = models.CharField(
        _("what is exempt"), max_length=8, choices=ExemptScope, default=ExemptScope.ITEM
    )
    escalated_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("escalated from"),
    )
    year_plan_item = models.ForeignKey(
        "YearPlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("fixed item in the year plan"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "year", "number"],
                condition=Q(number__isnull=False),
                name="agenda_item_number_unique_in_forum_year",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.heading}"

    @property
    def heading(self) -> str:
        """The title to show: a standing item's in the reader's language (its stored title
        is only the language of whoever planned the meeting)."""
        return str(self.get_fixed_display()) if self.fixed else self.title

    @property
    def content_public(self) -> bool:
        """Whether the public version shows the item's title and description."""
        return not self.is_exempt or self.exempt_scope == self.ExemptScope.MINUTES

    @property
    def label(self) -> str:
        """'Sak 03/26'."""
        return item_label(self.number, self.year)


def item_label(number: int | None, year: int | None) -> str:
    if number is None or year is None:
        return ""
    return gettext("Item %(number)02d/%(year)02d") % {"number": number, "year": year % 100}


class Action(models.Model):
    """An oppfølgingspunkt: carried to every later meeting of the forum until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("agenda item")
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.CharField(_("who"), max_length=200)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=5, choices=Status, default=Status.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.description


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["meeting_id", "-present", "name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return self.name


class MinutesText(models.Model):
    """The minutes of a meeting as the members read them at one moment after the draft was
    sent: kept unchanged, so an approval names the exact text and a stale one can show what
    changed since."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_texts", verbose_name=_("meeting")
    )
    content_hash = models.CharField(_("content hash"), max_length=64)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "created_at", "pk"]
        verbose_name = _("text of the minutes")
        verbose_name_plural = _("texts of the minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "content_hash"], name="minutes_text_unique_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.meeting} {self.content_hash[:8]}"


class MinutesComment(models.Model):
    """A member's comment on the draft minutes, on one item or on the whole."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_comments",
        verbose_name=_("meeting"),
    )
    item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="minutes_comments",
        verbose_name=_("item"),
        help_text=_("Empty for a comment on the minutes as a whole."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), **text_limit(NOTE))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["meeting_id", "created_at", "pk"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")

    def __str__(self):
        return self.text[:60]


class MinutesApproval(models.Model):
    """One approver's approval of the minutes, bound to the exact text they read. A change to
    the minutes afterwards withdraws it (``withdrawn_at``); it is kept, not deleted."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_approvals",
        verbose_name=_("meeting"),
    )
    capacity = models.CharField(_("approves as"), max_length=10, choices=MinutesCapacity)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # As the approver was named and titled then: the frozen minutes carry it for ever.
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=120, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "approved_at", "pk"]
        verbose_name = _("approval of the minutes")
        verbose_name_plural = _("approvals of the minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "capacity"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_minutes_approval_per_capacity",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.get_capacity_display()}"


class MeetingEvent(models.Model):
    """Who did what to a forum, a meeting and its agenda; after publication, every change to
    the agenda is recorded here and shown, never silent. An event stores its kind and the
    facts it names (`params`: names and titles as written, times in ISO 8601); `text` says it
    in the reader's language."""

    class Kind(models.TextChoices):
        FORUM_CREATED = "forum_created", _("Forum created")
        MEMBER_ADDED = "member_added", _("Member added")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        MEETING_PLANNED = "meeting_planned", _("Meeting planned")
        MEETING_CHANGED = "meeting_changed", _("Time or place changed")
        MEETING_UPDATE_SENT = "meeting_update_sent", _("Change sent to the members")
        MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
        ITEM_SUBMITTED = "item_submitted", _("Item submitted")
        ITEM_CHANGED = "item_changed", _("Item changed")
        ITEM_ACCEPTED = "item_accepted", _("Item put on the agenda")
        ITEM_DEFERRED = "item_deferred", _("Item deferred")
        ITEM_DEFERRED_HERE = "item_deferred_here", _("Item deferred to this meeting")
        ITEM_DECLINED = "item_declined", _("Item declined")
        AGENDA_REORDERED = "agenda_reordered", _("Agenda reordered")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        MINUTES_WRITTEN = "minutes_written", _("Minutes written")
        ACTION_ADDED = "action_added", _("Action added")
        ACTION_DONE = "action_done", _("Action done")
        MEETING_HELD = "meeting_held", _("Meeting held")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        MINUTES_PUBLISHED = "minutes_published", _("Draft minutes sent for comment")
        MINUTES_COMMENTED = "minutes_commented", _("Comment on the minutes")
        MINUTES_APPROVAL = "minutes_approval", _("Approval of the minutes")
        MINUTES_APPROVALS_WITHDRAWN = "minutes_withdrawn", _("Approvals of the minutes withdrawn")
        MINUTES_RULE_CHANGED = "minutes_rule", _("Who approves the minutes changed")
        ITEM_ESCALATED = "item_escalated", _("Item escalated")
        ITEM_ESCALATED_FROM = "item_escalated_from", _("Item escalated from a local forum")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
        YEAR_PLAN_ITEM_ADDED = "year_plan_item_added", _("Year plan item added")
        YEAR_PLAN_ITEM_CHANGED = "year_plan_item_changed", _("Year plan item changed")
        YEAR_PLAN_ITEM_REMOVED = "year_plan_item_removed", _("Year plan item removed")
        # Recorded before events had kinds: params {"text": what was stored then}.
        LEGACY = "legacy", _("Earlier event")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="events", verbose_name=_("forum")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("meeting"),
        help_text=_("Empty for changes to the forum itself, e.g. a member added."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind)
    params = models.JSONField(_("details"), default=dict, blank=True)
    after_publication = models.BooleanField(_("changed after the invitation"), default=False)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """What happened, in the active language; no query."""
        return event_text(self.kind, self.params)


# What each kind of event says; %(item)s is an agenda item's label and title, %(when)s a
# time and %(date)s a day (stored in ISO 8601), %(role)s a forum role (stored as its value).
EVENT_TEXTS = {
    MeetingEvent.Kind.FORUM_CREATED: _("Forum created"),
    MeetingEvent.Kind.MEMBER_ADDED: _("Member added: %(name)s (%(role)s)"),
    MeetingEvent.Kind.MEMBER_REMOVED: _("Member removed: %(name)s (%(role)s)"),
    MeetingEvent.Kind.MEETING_PLANNED: _("Meeting planned for %(when)s"),
    MeetingEvent.Kind.MEETING_CHANGED: _("Time or place changed: %(when)s, %(place)s"),
    MeetingEvent.Kind.MEETING_UPDATE_SENT: _("The change was sent to %(count)s members"),
    MeetingEvent.Kind.MEETING_CANCELLED: _(
        "Meeting cancelled (%(reason)s); %(count)s members told, %(items)s items back to wait "
        "for a meeting"
    ),
    MeetingEvent.Kind.ITEM_SUBMITTED: _("Item submitted: %(title)s"),
    MeetingEvent.Kind.ITEM_CHANGED: _("Item changed: %(item)s"),
    MeetingEvent.Kind.ITEM_ACCEPTED: _("Item put on the agenda: %(item)s"),
    MeetingEvent.Kind.ITEM_DEFERRED: _("Item deferred to %(where)s: %(item)s (%(reason)s)"),
    MeetingEvent.Kind.ITEM_DEFERRED_HERE: _("Item deferred to this meeting: %(item)s"),
    MeetingEvent.Kind.ITEM_DECLINED: _("Item declined: %(item)s (%(reason)s)"),
    MeetingEvent.Kind.AGENDA_REORDERED: _("Agenda reordered"),
    MeetingEvent.Kind.INVITATION_SENT: _(
        "Invitation sent to %(count)s members (agenda version %(version)s)"
    ),
    MeetingEvent.Kind.MINUTES_WRITTEN: _("Minutes written: %(item)s"),
    MeetingEvent.Kind.ACTION_ADDED: _("Action added: %(action)s (%(owner)s, due %(date)s)"),
    MeetingEvent.Kind.ACTION_DONE: _("Action done: %(action)s"),
    MeetingEvent.Kind.MEETING_HELD: _("Meeting held, %(present)s present"),
    MeetingEvent.Kind.MINUTES_APPROVED: _("Minutes approved"),
    MeetingEvent.Kind.MINUTES_PUBLISHED: _(
        "Draft minutes sent to %(count)s members for comment, by %(date)s"
    ),
    MeetingEvent.Kind.MINUTES_COMMENTED: _("Comment on the minutes"),
    MeetingEvent.Kind.MINUTES_APPROVAL: _("Minutes approved (%(capacity)s)"),
    MeetingEvent.Kind.MINUTES_RULE_CHANGED: _("The minutes are now approved by: %(rule)s"),
    MeetingEvent.Kind.MINUTES_APPROVALS_WITHDRAWN: _(
        "The minutes changed, so %(count)s approvals were withdrawn"
    ),
    MeetingEvent.Kind.ITEM_ESCALATED: _("Item escalated to %(forum)s: %(item)s"),
    MeetingEvent.Kind.ITEM_ESCALATED_FROM: _("Item escalated from %(office)s: %(item)s"),
    MeetingEvent.Kind.ATTACHMENT_ADDED: _("Attachment added to %(item)s: %(title)s"),
    MeetingEvent.Kind.YEAR_PLAN_ITEM_ADDED: _("Year plan item added: %(title)s"),
    MeetingEvent.Kind.YEAR_PLAN_ITEM_CHANGED: _("Year plan item changed: %(title)s"),
    MeetingEvent.Kind.YEAR_PLAN_ITEM_REMOVED: _("Year plan item removed: %(title)s"),
    MeetingEvent.Kind.LEGACY: "%(text)s",
}


def local_time(value: str) -> str:
    """An ISO 8601 time in the language's short format ("12.03.2026 12:00"), Oslo time."""
    return date_format(timezone.localtime(datetime.fromisoformat(value)), "SHORT_DATETIME_FORMAT")


def local_day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")


def event_text(kind: str, params: dict) -> str:
    """An event's text in the active language, from its kind and params (see EVENT_TEXTS)."""
    values = dict(params)
    if "item" in values:
        item = values["item"]
        values["item"] = f"{item_label(item.get('number'), item.get('year'))} {item['title']}"
        values["item"] = values["item"].strip()
    if "when" in values:
        values["when"] = local_time(values["when"])
    if "where" in values:
        where = values["where"]
        values["where"] = local_time(where) if where else gettext("a later meeting not yet chosen")
    if "date" in values:
        values["date"] = local_day(values["date"])
    if "role" in values:
        values["role"] = ForumMember.Role(values["role"]).label
    if "rule" in values:
        values["rule"] = str(MinutesApprovers(values["rule"]).label).lower()
    if "capacity" in values:
        values["capacity"] = str(MinutesCapacity(values["capacity"]).label).lower()
    if "central" in values:
        central = values.pop("central")
        values["forum"] = str(central_forum_text(central["municipality"], central["county"]))
    template = EVENT_TEXTS.get(kind, EVENT_TEXTS[MeetingEvent.Kind.LEGACY])
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(MeetingEvent.Kind(kind).label) if kind in MeetingEvent.Kind else kind


def item_attachment_upload_to(attachment, filename):
    return f"meetings/{attachment.item.forum_id}/{attachment.sha256}.pdf"


class ItemAttachment(Exemptible, UploadedPdf):
    """A PDF that goes with an agenda item, checked by content like the agreement's vedlegg."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    file = models.FileField(_("file"), upload_to=item_attachment_upload_to)

    class Meta:
        ordering = ["item_id", "uploaded_at", "pk"]
        verbose_name = _("item attachment")
        verbose_name_plural = _("item attachments")


class YearPlanItem(models.Model):
    """A recurring item in the forum's year plan (årshjul): new meetings put it on their
    agenda when they fall in its month, or when they are the forum's n-th meeting that year.
    The title is as the secretary wrote it."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="year_plan", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgendaItem.Kind, default=AgendaItem.Kind.ORIENTATION
    )
    description = models.TextField(_("description"), blank=True, **text_limit(DESCRIPTION))
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    meeting_number = models.PositiveSmallIntegerField(
        _("meeting of the year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("E.g. 1 for the year's first meeting."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum_id", "position", "pk"]
        verbose_name = _("year plan item")
        verbose_name_plural = _("year plan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True, meeting_number__isnull=False)
                | Q(month__isnull=False, meeting_number__isnull=True),
                name="year_plan_item_month_or_meeting_number",
                violation_error_message=_("Choose either a month or a meeting of the year."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12) | Q(month__isnull=True),
                name="year_plan_item_month_range",
            ),
            models.CheckConstraint(
                condition=Q(meeting_number__gte=1, meeting_number__lte=12)
                | Q(meeting_number__isnull=True),
                name="year_plan_item_meeting_number_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def month_name(self) -> str:
        """ "oktober" in the active language; empty for an item by meeting number."""
        return str(MONTHS[self.month]) if self.month else ""

    def clean(self):
        super().clean()
        self.title = self.title.strip()
        if (self.month is None) == (self.meeting_number is None):
            raise ValidationError(
                {
                    "month": ValidationError(
                        _("Choose either a month or a meeting of the year, not both."),
                        code="month_or_meeting_number",
                    )
                }
            )
