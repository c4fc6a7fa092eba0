"""What the oversight app adds to the domain: notifications (in the product and by e-mail),
each user's choice of which they receive, and each user's calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from navpartner.fields import FastJSONField
from navpartner.notifications import Kind
from navpartner.texts import Text

REMINDER_KINDS = (
    Kind.AGREEMENT_EXPIRING,
    Kind.EVALUATION_DUE,
    Kind.FORUM_BEHIND,
    Kind.SUBMISSION_DEADLINE,
    Kind.ACTION_DUE,
    Kind.ACTION_OVERDUE,
    Kind.APPROVAL_WAITING,
)


class Notification(models.Model):
    """One thing a user should know, shown in the product and (if the user wants it) sent by
    e-mail. A reminder carries its occasion (e.g. "agreement 12 expires, 30 days"), so that
    running the daily job twice never tells anyone twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    occasion = models.CharField(
        _("occasion"),
        max_length=120,
        blank=True,
        help_text=_("For reminders: what and which threshold; one notification per occasion."),
    )
    # What it tells, without a language (navpartner.texts.Text): written out in the reader's.
    text = models.JSONField(_("message"), default=dict)
    # Notifications made before texts were stored without a language: their bokmål message.
    legacy_message = models.CharField(_("message (before 2026-11)"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # The person who did what the notification tells of, who reads replies to its e-mail.
    reply_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replies to"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "occasion"],
                condition=~Q(occasion=""),
                name="notification_once_per_occasion",
            )
        ]

    def __str__(self):
        return self.message

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(Text.from_json(self.text)) if self.text else self.legacy_message

    @message.setter
    def message(self, value: "Text | str") -> None:
        self.text = Text.of(value).to_json()


class Preferences(models.Model):
    """Which kinds a user does not want; everything is on until switched off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_off = models.JSONField(_("no e-mail for"), default=list, blank=True)
    app_off = models.JSONField(_("not shown for"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's personal iCalendar feed. The token in its address is the only key, so it is
    long and random, and a new one replaces (revokes) the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class PartnershipSummary(models.Model):
    """What the overview's row of a partnership is made of (overview_inputs: its agreement,
    what that lacks, its deadlines, its forum's meetings and open actions), kept by the
    services that change them (partnership_summaries_refresh, after each transaction), so the
    overview reads one row per partnership instead of computing hundreds. Good from
    ``computed_on`` on: what depends on the day (overdue, behind, the next meeting) is decided
    when the overview is read. ``manage.py summaries_rebuild`` computes them all again."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
        verbose_name=_("partnership"),
    )
    computed_on = models.DateField(_("computed on"))
    # The shape of ``inputs`` (oversight.selectors.overview.SUMMARY_VERSION): a summary of
    # another shape is computed again when read, until summaries_rebuild.
    version = models.PositiveSmallIntegerField(_("version"))
    inputs = FastJSONField(_("inputs"))

    class Meta:
        verbose_name = _("partnership summary")
        verbose_name_plural = _("partnership summaries")

    def __str__(self):
        return f"{self.partnership_id} ({self.computed_on})"
