from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UploadedPdf(models.Model):
    """A PDF someone uploaded, checked by content (``navpartner.uploads``) and served only
    through its owner's access gate. Each concrete model adds its owner and its ``file``
    (with its own place in the storage)."""

    title = models.CharField(_("title"), max_length=200)
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

    file: models.FileField

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def document_upload_to(document, filename):
    return f"documents/{document.content_hash[:2]}/{document.content_hash}.pdf"


class RenderedDocument(models.Model):
    """A PDF made from HTML by the renderer, keyed by the hash of exactly what it renders, so
    the same content is never rendered twice. Belongs to the object it was made for; reached
    only through that object's access gate."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    html = models.TextField(_("HTML to render"))
    pdf_variant = models.CharField(_("PDF variant"), max_length=20, blank=True)
    seal = models.BooleanField(
        _("seal"),
        default=False,
        help_text=_("Seal with the configured certificate (PAdES) when one is configured."),
    )
    appendices = models.JSONField(
        _("appended files"),
        default=list,
        blank=True,
        help_text=_("Stored PDFs (e.g. the attachments) added after the rendered pages."),
    )
    embedded = models.JSONField(
        _("embedded files"),
        default=list,
        blank=True,
        help_text=_(
            "Stored files embedded in the PDF as associated files (e.g. a signed paper "
            "scan): storage name, file name, description, relationship and date."
        ),
    )
    appendix_titles = models.JSONField(
        _("bookmarks of the appended files"),
        default=list,
        blank=True,
        help_text=_("One per appended file, in order; none when the files keep their own."),
    )
    appendix_heading = models.CharField(
        _("bookmark above the appended files"), max_length=200, blank=True
    )
    page_label = models.CharField(
        _("page number of the appended pages"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the appended pages are not numbered."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    error = models.CharField(_("error"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self):
        return self.title


class UserProfile(models.Model):
    """What the product keeps about a user beyond the account: the language they read
    (bokmål, nynorsk or English) — pages, e-mails, reminders and the calendar feed are
    written in it. Empty until the first login, which takes it from the browser."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)
