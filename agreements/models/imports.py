"""An agreement on its way in from Word: the uploaded .docx, what reading it found, and the
mapping of its parts to veileder points the editor confirms (services/docx_imports.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Partnership

from .agreements import Agreement


def docx_import_upload_to(docx_import, filename):
    """Under the partnership, by the hash of the bytes; MEDIA_URL is served by nobody, and
    the services never hand the file out."""
    return f"imports/{docx_import.partnership_id}/{docx_import.sha256}.docx"


class DocxImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        READY = "ready", _("Ready to check")
        FAILED = "failed", _("Could not be read")
        DONE = "done", _("Imported")

    #: The code of a failure the reader did not name (docx_import.IMPORT_ERRORS has its text).
    UNREADABLE = "unreadable"

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="docx_imports",
        verbose_name=_("partnership"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to=docx_import_upload_to)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("progress"), default=0)
    progress_total = models.PositiveIntegerField(_("progress of"), default=0)
    document = models.JSONField(_("what was read"), default=dict, blank=True)
    mapping = models.JSONField(_("mapping to veileder points"), default=dict, blank=True)
    error_code = models.CharField(_("error"), max_length=50, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement created"),
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Word import")
        verbose_name_plural = _("Word imports")

    def __str__(self):
        return self.original_name

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.READING)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.READY, self.Status.DONE):
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
