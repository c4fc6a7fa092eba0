"""The negotiation of a section: every text it has had, the approvals withdrawn, the
discussion, and the wording one side proposes to the other."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from navpartner.limits import COMMENT, DOCUMENT, NOTE, text_limit
from partnerships.models import Side

from .agreements import OWNER_SIDE_CHOICES, AgreementSection


def content_hash(*, title: str, body: str, structured: dict) -> str:
    """SHA-256 of what a person reads of a section: its title, text and structured part
    (canonical JSON, so the same content always gives the same hash)."""
    content = json.dumps(
        {"title": title, "body": body, "structured": structured},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


class SectionRevision(models.Model):
    """One saved text of a section, kept unchanged for ever: `number` is the section's
    `revision` counter when it was saved."""

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("section"),
    )
    number = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, **text_limit(DOCUMENT))
    structured = models.JSONField(_("structured part"), default=dict, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    suggestion = models.ForeignKey(
        "Suggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the suggestion"),
    )

    class Meta:
        ordering = ["section_id", "number"]
        verbose_name = _("revision of a section")
        verbose_name_plural = _("revisions of sections")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="revision_unique_number"),
        ]

    def __str__(self):
        return f"{self.section} – {self.number}"


class WithdrawnApproval(models.Model):
    """An approval that no longer stands, kept: which side approved which text, and why the
    approval went (an edit of the text, or the side itself)."""

    class Reason(models.TextChoices):
        EDITED = "edited", _("The text was changed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the side")

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="withdrawn_approvals",
        verbose_name=_("section"),
    )
    side = models.CharField(_("side"), max_length=10, choices=OWNER_SIDE_CHOICES)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"))
    section_revision = models.PositiveIntegerField(_("approved revision"))
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    reason = models.CharField(_("why"), max_length=10, choices=Reason)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), default=timezone.now)

    class Meta:
        ordering = ["section_id", "-withdrawn_at", "-pk"]
        verbose_name = _("withdrawn approval")
        verbose_name_plural = _("withdrawn approvals")

    def __str__(self):
        return f"{self.section} – {self.get_side_display()} ({self.section_revision})"


class Comment(models.Model):
    """A comment on a section. One without `thread` starts a thread; replies point to it.
    An internal comment is seen only by the author's own side (`side`)."""

    class Visibility(models.TextChoices):
        BOTH = "both", _("Both sides")
        INTERNAL = "internal", _("Only my side")

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("section"),
    )
    thread = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("thread"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    side = models.CharField(_("side"), max_length=10, choices=Side)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility, default=Visibility.BOTH
    )
    body = models.TextField(_("comment"), **text_limit(COMMENT))
    section_revision = models.PositiveIntegerField(_("about revision"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["section", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True) | Q(resolved_at__isnull=True),
                name="comment_only_threads_are_resolved",
            ),
        ]

    def __str__(self):
        return f"{self.section} – {self.body[:40]}"


class Suggestion(models.Model):
    """Wording one side proposes for a section instead of editing it, against the revision
    it was written on; the other side accepts it (it becomes the next revision) or rejects
    it with a reason. One whose revision is no longer current is outdated."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("section"),
    )
    base_revision = models.PositiveIntegerField(_("written on revision"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, **text_limit(DOCUMENT))
    structured = models.JSONField(_("structured part"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    side = models.CharField(_("side"), max_length=10, choices=OWNER_SIDE_CHOICES)
    approve_on_accept = models.BooleanField(
        _("my side approves it if accepted"),
        default=True,
        help_text=_("If the other side accepts the wording, it is approved by both sides."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, **text_limit(NOTE))

    class Meta:
        ordering = ["section", "created_at", "pk"]
        verbose_name = _("suggested wording")
        verbose_name_plural = _("suggested wordings")

    def __str__(self):
        return f"{self.section} – {self.get_status_display()}"

    def is_outdated(self, section: AgreementSection) -> bool:
        """Written on a revision that is no longer the section's (pass the section, loaded)."""
        return self.status == self.Status.OPEN and self.base_revision != section.revision
