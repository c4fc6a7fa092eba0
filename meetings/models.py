"""Partnership meetings: a forum per partnership (the local partnership meeting, or for a
central partnership the sentralt samarbeidsutvalg), its meetings, numbered agenda items,
decisions and the actions that follow them up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementSection
from partnerships.models import Partnership


class Forum(models.Model):
    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        related_name="forum",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200)
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

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        return self.name


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
        ordering = ["forum", "role", "user__last_name"]
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
    published_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
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
        return f"{self.forum} {timezone.localtime(self.starts_at):%d.%m.%Y}"


class AgendaItem(models.Model):
    """A case on the agenda ("Sak 03/26"), or one submitted for it and not yet decided on."""

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
    description = models.TextField(_("description"), blank=True)
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
    minutes = models.TextField(_("minutes"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    escalated_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("escalated from"),
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
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """'Sak 03/26'."""
        if self.number is None or self.year is None:
            return ""
        return _("Item %(number)02d/%(year)02d") % {"number": self.number, "year": self.year % 100}


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
        ordering = ["meeting", "-present", "name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return self.name


class MeetingEvent(models.Model):
    """Who did what to a forum, a meeting and its agenda; after publication, every change to
    the agenda is recorded here and shown, never silent."""

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
    description = models.CharField(_("what"), max_length=300)
    after_publication = models.BooleanField(_("changed after the invitation"), default=False)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")

    def __str__(self):
        return self.description


def item_attachment_upload_to(attachment, filename):
    return f"meetings/{attachment.item.forum_id}/{attachment.sha256}.pdf"


class ItemAttachment(models.Model):
    """A PDF that goes with an agenda item, checked by content like the agreement's vedlegg."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=item_attachment_upload_to)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]
        verbose_name = _("item attachment")
        verbose_name_plural = _("item attachments")

    def __str__(self):
        return self.title
