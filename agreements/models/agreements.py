"""A partnership agreement: numbered sections, each approved by both sides; its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from navpartner.exemptions import Exemptible
from navpartner.limits import DOCUMENT, NOTE, text_limit
from navpartner.models import UploadedPdf
from navpartner.texts import Text
from partnerships.models import OWNER_SIDES, Partnership

from .templates import TemplateQuestion, TemplateSection, VeilederTemplate

#: Approvals and signatures are given by the partnership's two owners only.
OWNER_SIDE_CHOICES = [(side.value, side.label) for side in OWNER_SIDES]


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NEGOTIATION = "negotiation", _("Under negotiation")
        APPROVED = "approved", _("Approved by both")
        SIGNED = "signed", _("Signed by both")
        IN_FORCE = "in_force", _("In force")
        REVISED = "revised", _("Replaced by a revision")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    # While open, the text can change; the others are versions fixed for good.
    OPEN_STATUSES = (Status.DRAFT, Status.NEGOTIATION, Status.APPROVED)
    EDITABLE_STATUSES = OPEN_STATUSES

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    template = models.ForeignKey(
        VeilederTemplate,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("veileder version"),
    )
    version = models.PositiveIntegerField(_("version"))
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revision of"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("From point 9.0 when signed; the agreement expires after this day."),
    )
    last_evaluated_on = models.DateField(
        _("last evaluated"),
        null=True,
        blank=True,
        help_text=_("The day the parties last evaluated the agreement in force (point 9.0)."),
    )
    notice_given_at = models.DateTimeField(_("notice given"), null=True, blank=True)
    terminates_on = models.DateField(
        _("terminates on"),
        null=True,
        blank=True,
        help_text=_("The last day after notice, by the notice period of point 9.0."),
    )
    archive = models.OneToOneField(
        "navpartner.RenderedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archival copy"),
        help_text=_("The signed agreement as PDF/A, made once and never changed."),
    )
    content_sha256 = models.CharField(
        _("SHA-256 of the signed text"),
        max_length=64,
        blank=True,
        help_text=_("Printed on the archival copy; recomputed from the text to verify it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["partnership", "-version"]
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="agreement_unique_version"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status__in=["draft", "negotiation", "approved", "signed"]),
                name="agreement_one_open_per_partnership",
                violation_error_message=_(
                    "The partnership already has an agreement being prepared."
                ),
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(status="in_force"),
                name="agreement_one_in_force_per_partnership",
            ),
        ]

    def __str__(self):
        return _("%(partnership)s, version %(version)s") % {
            "partnership": self.partnership,
            "version": self.version,
        }

    @property
    def written_template(self):
        """The veileder revision in the partnership's document language (its lists of
        services); reads the partnership."""
        return self.template.written_in(self.partnership.document_language)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class AgreementSection(models.Model):
    """One point of an agreement. ``is_empty`` (no text, nothing in the structured part) is
    derived, set by every service that writes a section (``section_is_empty``) and rebuilt by
    ``manage.py summaries_rebuild``: pages across hundreds of agreements count empty points in
    SQL instead of reading every text."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("agreement"),
    )
    template_section = models.ForeignKey(
        TemplateSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("veileder point"),
        help_text=_("Empty for the agreement's own sections."),
    )
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"))
    body = models.TextField(_("text"), blank=True, **text_limit(DOCUMENT))
    structured = models.JSONField(_("structured part"), default=dict, blank=True)
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        help_text=_("Counts saves; a save based on an older revision is refused."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    is_empty = models.BooleanField(_("empty"), default=True, editable=False)
    # The structured fields a Word import filled in from the text, for the editor to check:
    # shown on the point until someone saves it.
    imported_fields = models.JSONField(
        _("filled in by an import, to check"), default=list, blank=True, editable=False
    )

    class Meta:
        ordering = ["agreement_id", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="section_unique_number",
                violation_error_message=_("The agreement already has a section with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_custom(self) -> bool:
        return self.template_section_id is None


class QuestionAnswer(models.Model):
    """How the parties have dealt with one of the veileder's 'til vurdering' questions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONSIDERED = "considered", _("Considered")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("section"),
    )
    question = models.ForeignKey(
        TemplateQuestion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("question"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    class Meta:
        ordering = ["section_id", "question__position"]
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(fields=["section", "question"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.question} – {self.get_status_display()}"


class SectionApproval(models.Model):
    """One side's approval of one section as it stood at `section_revision`."""

    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("section"),
    )
    side = models.CharField(_("side"), max_length=10, choices=OWNER_SIDE_CHOICES)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)
    section_revision = models.PositiveIntegerField(_("section revision"))
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the title, text and structured part that were approved."),
    )

    class Meta:
        ordering = ["section_id", "side"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(fields=["section", "side"], name="approval_one_per_side"),
        ]

    def __str__(self):
        return f"{self.section} – {self.get_side_display()}"


class AgreementEvent(models.Model):
    """The record of who did what to an agreement, and when. Written only by services."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Agreement created")
        REVISION_STARTED = "revision_started", _("Revision started")
        STATUS_CHANGED = "status_changed", _("Status changed")
        SECTION_EDITED = "section_edited", _("Section changed")
        SECTION_ADDED = "section_added", _("Section added")
        SECTION_REMOVED = "section_removed", _("Section removed")
        SECTION_MOVED = "section_moved", _("Section moved")
        QUESTION_ANSWERED = "question_answered", _("Question answered")
        APPROVED = "approved", _("Section approved")
        APPROVAL_WITHDRAWN = "approval_withdrawn", _("Approval withdrawn")
        ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
        ATTACHMENT_REMOVED = "attachment_removed", _("Attachment removed")
        ATTACHMENT_PUBLICITY = "attachment_publicity", _("Public access of an attachment set")
        SIGNED = "signed", _("Signed")
        SIGNATURE_WITHDRAWN = "signature_withdrawn", _("Signature withdrawn")
        ARCHIVED = "archived", _("Archival copy made")
        NOTICE_GIVEN = "notice_given", _("Notice of termination given")
        VERIFIED = "verified", _("Archival copy verified")
        EVALUATED = "evaluated", _("Evaluation recorded")
        IMPORTED = "imported", _("Imported from Word")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="events", verbose_name=_("agreement")
    )
    section = models.ForeignKey(
        AgreementSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section"),
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
    # What it adds, without a language (navpartner.texts.Text): written out in the reader's.
    text = models.JSONField(_("detail"), default=dict, blank=True)
    # Events recorded before details were stored without a language: their text as it was.
    legacy_detail = models.CharField(_("detail (before 2026-11)"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def detail(self) -> str:
        """The detail in the active language."""
        return str(Text.from_json(self.text)) if self.text else self.legacy_detail


def attachment_upload_to(attachment, filename):
    return f"agreements/{attachment.agreement_id}/{attachment.sha256}.pdf"


class Attachment(Exemptible, UploadedPdf):
    """A vedlegg: a PDF checked by content, served only through the access layer."""

    OTHER = "other"

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("original file name"), max_length=255)

    class Meta:
        ordering = ["agreement_id", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


def signature_evidence_upload_to(signature, filename):
    return f"agreements/{signature.agreement_id}/signatures/{signature.evidence_sha256}.pdf"


class AgreementSignature(models.Model):
    """One party's signature: recorded in the product by its signatory, or a scan of the
    signed paper uploaded as evidence."""

    class Method(models.TextChoices):
        IN_SYSTEM = "in_system", _("Signed in navpartner")
        PAPER = "paper", _("Signed on paper (scan attached)")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("agreement"),
    )
    side = models.CharField(_("side"), max_length=10, choices=OWNER_SIDE_CHOICES)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    evidence = models.FileField(
        _("signed paper copy"), upload_to=signature_evidence_upload_to, blank=True
    )
    evidence_sha256 = models.CharField(_("SHA-256 of the paper copy"), max_length=64, blank=True)

    class Meta:
        ordering = ["agreement_id", "side"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "side"], name="signature_one_per_side"),
        ]

    def __str__(self):
        return f"{self.name}, {self.title} ({self.get_side_display()})"
