"""The veileder as data: a template version with its points and 'til vurdering' questions."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from navpartner.limits import DESCRIPTION, text_limit


class StructuredKind(models.TextChoices):
    """Which structured part a point carries besides its free text."""

    NONE = "none", _("None")
    PARTIES = "parties", _("Parties and signatories")
    MEETINGS = "meetings", _("Partnership meetings")
    LEADERSHIP = "leadership", _("Leadership")
    DELEGATION = "delegation", _("Delegation and task areas")
    OPERATING_AGREEMENT = "operating_agreement", _("Operating agreement")
    SERVICES = "services", _("Municipal services")
    COOPERATION = "cooperation", _("Cooperation partners")
    DISPUTES = "disputes", _("Dispute resolution")
    VALIDITY = "validity", _("Validity and notice")


class VeilederTemplate(models.Model):
    """One revision of the veileder. A new revision is a new row; agreements keep theirs."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    revision = models.CharField(_("revision"), max_length=20)
    source_note = models.TextField(_("source note"), blank=True, **text_limit(DESCRIPTION))
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    legal_minimum_services = models.JSONField(_("legal minimum services"), default=list)
    optional_services = models.JSONField(_("optional services"), default=list, blank=True)
    sha256 = models.CharField(_("SHA-256 of the data file"), max_length=64)
    # The revision in another language, from its own data file (veileder-2019.nn.json):
    # {"nn": {"title": ...}}; the points and questions keep theirs.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["-revision"]
        verbose_name = _("veileder template")
        verbose_name_plural = _("veileder templates")

    def __str__(self):
        return f"{self.title_shown} ({self.revision})"

    @property
    def title_shown(self) -> str:
        """The title in the active language where the revision has it (nynorsk), else as
        published."""
        return self.translations.get(get_language(), {}).get("title") or self.title

    def written_in(self, language: str) -> "WrittenTemplate":
        """The revision as an agreement written in `language` uses it (its lists of services)."""
        return WrittenTemplate(self, language)


class WrittenTemplate:
    """A veileder revision as an agreement in a given document language uses it: the lists of
    services the structured parts print, in that language where the revision has them
    (nynorsk); anything else is the revision's own."""

    def __init__(self, template: VeilederTemplate, language: str):
        self.template, self.language = template, language

    def __getattr__(self, name):
        return getattr(self.template, name)

    def _list(self, key: str, published: list[str]) -> list[str]:
        return self.template.translations.get(self.language, {}).get(key) or published

    @property
    def legal_minimum_services(self) -> list[str]:
        return self._list("legal_minimum_services", self.template.legal_minimum_services)

    @property
    def optional_services(self) -> list[str]:
        return self._list("optional_services", self.template.optional_services)


class TemplateSection(models.Model):
    template = models.ForeignKey(
        VeilederTemplate,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("template"),
    )
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.JSONField(_("guidance"), default=list, help_text=_("Paragraphs."))
    structured = models.CharField(
        _("structured part"), max_length=30, choices=StructuredKind, default=StructuredKind.NONE
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # {"nn": {"title": ..., "guidance": [...]}}
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("veileder point")
        verbose_name_plural = _("veileder points")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="template_section_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def title_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("title") or self.title

    def guidance_in(self, language: str) -> list[str]:
        return self.translations.get(language, {}).get("guidance") or self.guidance


class TemplateQuestion(models.Model):
    section = models.ForeignKey(
        TemplateSection,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("veileder point"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("question"), **text_limit(DESCRIPTION))
    # {"nn": "..."}
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["section", "position"]
        verbose_name = _("question to consider")
        verbose_name_plural = _("questions to consider")

    def __str__(self):
        return self.text

    def text_in(self, language: str) -> str:
        return self.translations.get(language) or self.text
