from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """The sides a person can be on in a partnership: its two owners, and the NAV office."""

    MUNICIPAL = "municipal", _("Municipal side")
    STATE = "state", _("State side")
    OFFICE = "office", _("NAV office")


#: The partnership's two owners, who approve and sign, always in this order.
OWNER_SIDES = (Side.MUNICIPAL, Side.STATE)


class County(models.Model):
    """A NAV county office (NAV fylke), the state party of every partnership in its county."""

    number = models.CharField(
        _("county number"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("The county number has two digits."))],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        db_table = "agreements_county"  # created by the agreements app; kept
        ordering = ["name"]
        verbose_name = _("NAV county office")
        verbose_name_plural = _("NAV county offices")

    def __str__(self):
        return self.name

    @property
    def printed_name(self) -> str:
        """The party's name wherever a document prints it (see Municipality.printed_name)."""
        return self.name


class WrittenStandard(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NEUTRAL = "neutral", _("Neutral")


#: The languages a partnership's documents can be written in.
DOCUMENT_LANGUAGES = [
    (WrittenStandard.BOKMAL.value, WrittenStandard.BOKMAL.label),
    (WrittenStandard.NYNORSK.value, WrittenStandard.NYNORSK.label),
]


class Municipality(models.Model):
    """A municipal party: a kommune (kommunenummer), or one of Oslo's bydeler (bydelsnummer)."""

    class Kind(models.TextChoices):
        KOMMUNE = "kommune", _("Municipality")
        BYDEL = "bydel", _("City district")

    number = models.CharField(
        _("number"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(
                r"^(\d{4}|\d{6})$",
                _("A municipality number has four digits; a city district number has six."),
            )
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.KOMMUNE)
    # The municipality's målform (its decision under the Language Act, § 6): what the state
    # side writes to it in. A bydel writes as its kommune.
    written_standard = models.CharField(
        _("written standard (målform)"),
        max_length=7,
        choices=WrittenStandard,
        default=WrittenStandard.NEUTRAL,
        db_default=WrittenStandard.NEUTRAL,  # rows written by code that predates the field
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("NAV county office"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("municipality of the city district"),
    )

    class Meta:
        db_table = "agreements_municipality"  # created by the agreements app; kept
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="kommune", parent__isnull=True)
                | Q(kind="bydel", parent__isnull=False),
                name="municipality_bydel_has_parent",
                violation_error_message=_(
                    "A city district belongs to a municipality; a municipality belongs to none."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def printed_name(self) -> str:
        """The party's name wherever a document prints it, the same on every page: a bydel
        with its kommune ("Bydel Grorud, Oslo kommune"). Reads the parent: select it."""
        return f"{self.name}, {self.parent.name}" if self.parent_id else self.name

    def clean(self):
        if self.kind == self.Kind.BYDEL and len(self.number) != 6:
            raise ValidationError({"number": _("A city district number has six digits.")})
        if self.kind == self.Kind.KOMMUNE and len(self.number) != 4:
            raise ValidationError({"number": _("A municipality number has four digits.")})


class Office(models.Model):
    """A NAV office (NAV-kontor)."""

    class LeadershipModel(models.TextChoices):
        ONE_LEADER = "one", _("One leader")
        TWO_LEADERS = "two", _("Two leaders")

    name = models.CharField(_("name"), max_length=120, unique=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A postal code has four digits."))],
    )
    postal_town = models.CharField(_("postal town"), max_length=100, blank=True)
    leadership_model = models.CharField(
        _("leadership model"),
        max_length=3,
        choices=LeadershipModel,
        default=LeadershipModel.ONE_LEADER,
        help_text=_("Veileder 3.1–3.2: one common leader, or one leader from each party."),
    )

    class Meta:
        db_table = "agreements_office"  # created by the agreements app; kept
        ordering = ["name"]
        verbose_name = _("NAV office")
        verbose_name_plural = _("NAV offices")

    def __str__(self):
        return self.name

    @property
    def address(self):
        town = " ".join(part for part in (self.postal_code, self.postal_town) if part)
        return ", ".join(part for part in (self.street_address, town) if part)


class Partnership(models.Model):
    """One NAV office and its two owners; or, when central, the owners' partnership above the
    local ones (e.g. Oslo kommune and NAV Oslo), whose agreement takes precedence on conflict."""

    class Kind(models.TextChoices):
        LOCAL = "local", _("Local partnership")
        CENTRAL = "central", _("Central partnership")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.LOCAL)
    office = models.OneToOneField(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership",
        verbose_name=_("NAV office"),
    )
    municipal_party = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("municipal party"),
        help_text=_("The municipality, the host municipality (vertskommune) or the city district."),
    )
    covered_municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="covering_partnerships",
        verbose_name=_("covered municipalities"),
        help_text=_(
            "Only for a host municipality (vertskommune, veileder 1.0): the other "
            "municipalities that have delegated their authority to it."
        ),
    )
    state_party = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("state party"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_partnerships",
        limit_choices_to={"kind": "central"},
        verbose_name=_("central partnership"),
    )
    document_language = models.CharField(
        _("language of the documents"),
        max_length=2,
        choices=DOCUMENT_LANGUAGES,
        default=WrittenStandard.BOKMAL,
        db_default=WrittenStandard.BOKMAL,  # rows written by code that predates the field
        help_text=_(
            "The agreement, the meeting papers, the driftsavtale and the e-mails about them "
            "are written in it. Set from the municipality's målform when the partnership is "
            "made."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # How many transactions have changed something in the partnership that pages across
    # partnerships keep in a cache (partnership_touched): a sum of these over the
    # partnerships a page shows changes whenever anything it shows from them has.
    changes = models.PositiveBigIntegerField(_("changes"), default=0, db_default=0, editable=False)

    class Meta:
        db_table = "agreements_partnership"  # created by the agreements app; kept
        ordering = ["state_party__name", "municipal_party__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="local", office__isnull=False)
                | Q(kind="central", office__isnull=True, parent__isnull=True),
                name="partnership_local_has_office_central_has_none",
                violation_error_message=_(
                    "A local partnership has a NAV office; a central partnership has none "
                    "and no central partnership above it."
                ),
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.CENTRAL:
            return f"{self.municipal_party} – {self.state_party}"
        return str(self.office)

    def clean(self):
        if self.parent_id and self.parent.kind != self.Kind.CENTRAL:
            raise ValidationError({"parent": _("Only a central partnership can be a parent.")})
        if (
            self.parent_id
            and self.municipal_party_id
            and self.municipal_party.parent_id != self.parent.municipal_party_id
            and self.municipal_party_id != self.parent.municipal_party_id
        ):
            raise ValidationError(
                {"parent": _("The central partnership must belong to the same municipality.")}
            )


class Membership(models.Model):
    """A user's place on one side of a partnership, or of a whole county or municipality
    (which covers every partnership there), with a role."""

    Side = Side

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        SIGNATORY = "signatory", _("Signatory")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member (read only)")
        AUDITOR = "auditor", _("Auditor (read only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    side = models.CharField(_("side"), max_length=10, choices=Side)
    role = models.CharField(_("role"), max_length=10, choices=Role)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("E.g. “Bydelsdirektør”.")
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partnership"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("NAV county office"),
        help_text=_("Covers every partnership in the county."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
        help_text=_("Covers every partnership of the municipality and its city districts."),
    )

    class Meta:
        db_table = "agreements_membership"  # created by the agreements app; kept
        ordering = ["user__username", "side", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=False, county__isnull=True, municipality__isnull=True)
                    | Q(partnership__isnull=True, county__isnull=False, municipality__isnull=True)
                    | Q(partnership__isnull=True, county__isnull=True, municipality__isnull=False)
                ),
                name="membership_exactly_one_scope",
                violation_error_message=_(
                    "Choose exactly one of partnership, county or municipality."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(county__isnull=False, side="municipal")
                & ~Q(municipality__isnull=False, side="state"),
                name="membership_scope_matches_side",
                violation_error_message=_(
                    "A county membership is on the state side; a municipality membership is "
                    "on the municipal side."
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", "side", "role", scope],
                    condition=Q(**{f"{scope}__isnull": False}),
                    name=f"membership_unique_per_{scope}",
                    violation_error_message=_("The user already has this role here."),
                )
                for scope in ("partnership", "county", "municipality")
            ],
        ]

    def __str__(self):
        scope = self.partnership or self.county or self.municipality
        return f"{self.user} · {self.get_side_display()} · {self.get_role_display()} · {scope}"
