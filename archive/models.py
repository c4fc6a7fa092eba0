from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from navpartner.models import RenderedDocument
from partnerships.models import Partnership

YEAR = [MinValueValidator(1900), MaxValueValidator(2999)]
SEQUENCE = [MinValueValidator(1)]


class CaseReference(models.Model):
    """The partnership's case (sak) in the archive: its saksnummer ("2026/1234"), entered by
    an editor or returned by the archive."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="archive_case"
    )
    saksaar = models.PositiveIntegerField(_("case year"), validators=YEAR)
    sakssekvensnummer = models.PositiveIntegerField(_("case sequence number"), validators=SEQUENCE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("case reference")
        verbose_name_plural = _("case references")

    def __str__(self):
        return self.saksnummer

    @property
    def saksnummer(self) -> str:
        return f"{self.saksaar}/{self.sakssekvensnummer}"


class FiledDocument(models.Model):
    """One document's record in the archive: its journalpost reference (entered, or returned
    by the archive) and what was last done with its package. A failure stores its reason as a
    kind and parameters, worded when shown."""

    class Status(models.TextChoices):
        NONE = "", _("Not filed")
        MADE = "made", _("Package made")
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent to the archive")
        RECEIVED = "received", _("Received by the archive")
        FAILED = "failed", _("Failed")

    class Error(models.TextChoices):
        # The label is the sentence shown, with the params filled in.
        UNREACHABLE = "unreachable", _("The archive could not be reached (%(detail)s).")
        REFUSED = "refused", _("The archive refused the package (HTTP %(code)s).")
        INVALID_RECEIPT = "invalid_receipt", _("The archive's receipt was not valid.")
        NOT_READY = "not_ready", _("The PDF is not ready.")

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="filed_documents"
    )
    document = models.ForeignKey(
        RenderedDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    journalaar = models.PositiveIntegerField(
        _("journal year"), null=True, blank=True, validators=YEAR
    )
    journalsekvensnummer = models.PositiveIntegerField(
        _("journal sequence number"), null=True, blank=True, validators=SEQUENCE
    )
    package = models.FileField(_("package"), upload_to="archive/packages/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.NONE, blank=True
    )
    error = models.CharField(_("error"), max_length=20, choices=Error, blank=True)
    error_params = models.JSONField(_("error detail"), default=dict, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("filed document")
        verbose_name_plural = _("filed documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="filed_document_once"),
            models.CheckConstraint(
                condition=Q(journalaar__isnull=True, journalsekvensnummer__isnull=True)
                | Q(journalaar__isnull=False, journalsekvensnummer__isnull=False),
                name="filed_document_journal_reference_whole",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    @property
    def journalpost(self) -> str:
        if self.journalaar is None:
            return ""
        return f"{self.journalaar}/{self.journalsekvensnummer}"

    @property
    def error_text(self) -> str:
        if not self.error:
            return ""
        return str(self.Error(self.error).label) % self.error_params
