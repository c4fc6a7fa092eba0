import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from navpartner.limits import NOTE, text_limit
from partnerships.models import Municipality, Partnership, Side

from . import split

ZERO = Decimal("0.00")
NOT_NEGATIVE = MinValueValidator(ZERO, _("The amount cannot be negative."))
NOT_NEGATIVE_FIGURE = MinValueValidator(ZERO, _("The figure cannot be negative."))


#: The two owners of the partnership as the parties that share the running costs: the values
#: of ``partnerships.models.Side``, named as a driftsavtale names them.
PARTY_CHOICES = [(Side.STATE, _("The state (NAV)")), (Side.MUNICIPAL, _("The municipality"))]


class CostKey(models.TextChoices):
    """How a cost is shared between the parties; veileder 3.8 recommends årsverk."""

    ARSVERK = split.ARSVERK, _("By årsverk")
    PERCENTAGE = split.PERCENTAGE, _("Fixed percentage")
    AREA = split.AREA, _("By floor area")


class MunicipalKey(models.TextChoices):
    """How a vertskommune's municipal share is divided among its municipalities."""

    ARSVERK = split.ARSVERK, _("By their årsverk")
    POPULATION = split.POPULATION, _("By population")
    PERCENTAGE = split.PERCENTAGE, _("Fixed percentage")


def _money(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[NOT_NEGATIVE], **kwargs
    )


class OperatingAgreement(models.Model):
    """A driftsavtale: one partnership's shared running costs for one budget year, the key
    that shares them, and which party holds the lease and re-invoices the other."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="operating_agreements",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(
        _("budget year"),
        validators=[
            MinValueValidator(2006, _("The budget year must be 2006 or later.")),
            MaxValueValidator(2100, _("The budget year must be 2100 or earlier.")),
        ],
    )
    tenant = models.CharField(
        _("tenant"),
        max_length=10,
        choices=PARTY_CHOICES,
        default=Side.MUNICIPAL,
        help_text=_("The party that holds the lease, pays the invoices and re-invoices the other."),
    )
    key = models.CharField(
        _("cost key"),
        max_length=12,
        choices=CostKey,
        default=CostKey.ARSVERK,
        help_text=_("Applies to every line that does not name its own key."),
    )
    state_percentage = models.DecimalField(
        _("state's percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_FIGURE],
    )
    municipal_percentage = models.DecimalField(
        _("municipality's percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_FIGURE],
    )
    state_area = models.DecimalField(
        _("state's floor area (m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_FIGURE],
    )
    municipal_area = models.DecimalField(
        _("municipality's floor area (m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE_FIGURE],
    )
    municipal_key = models.CharField(
        _("key among the municipalities"),
        max_length=12,
        choices=MunicipalKey,
        default=MunicipalKey.ARSVERK,
        help_text=_("Vertskommune only: how the municipal share is divided again."),
    )
    paid_q1 = _money(_("paid on account, 1st quarter"), default=ZERO)
    paid_q2 = _money(_("paid on account, 2nd quarter"), default=ZERO)
    paid_q3 = _money(_("paid on account, 3rd quarter"), default=ZERO)
    paid_q4 = _money(_("paid on account, 4th quarter"), default=ZERO)
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE))
    # The gaps in the årsverk an editor confirmed are right ("side:start:end", see gap_key);
    # the confirmation holds only while the gaps are exactly these.
    gaps_acknowledged = models.JSONField(_("gaps checked"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["partnership", "-year"]
        verbose_name = _("operating agreement")
        verbose_name_plural = _("operating agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="operating_agreement_one_per_year",
                violation_error_message=_(
                    "This partnership already has a driftsavtale for that year."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(state_percentage__isnull=True) | Q(state_percentage__gte=0))
                & (Q(municipal_percentage__isnull=True) | Q(municipal_percentage__gte=0))
                & (Q(state_area__isnull=True) | Q(state_area__gte=0))
                & (Q(municipal_area__isnull=True) | Q(municipal_area__gte=0)),
                name="operating_agreement_key_figures_not_negative",
            ),
        ]

    def __str__(self):
        return f"{_('Driftsavtale')} {self.year} – {self.partnership}"

    @property
    def paid_on_account(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.paid_q1, self.paid_q2, self.paid_q3, self.paid_q4)

    def gaps_are_acknowledged(self, keys: list[str]) -> bool:
        """Whether an editor confirmed exactly these gaps (``gap_key`` of each)."""
        return sorted(self.gaps_acknowledged) == sorted(keys)


def gap_key(side: str, start: dt.date, end: dt.date) -> str:
    """A gap in a party's årsverk as stored and posted: ``state:2026-01-01:2026-03-31``."""
    return f"{side}:{start.isoformat()}:{end.isoformat()}"


class ExpenseLine(models.Model):
    """One shared expense of the office, with its budget and what was actually spent."""

    class Category(models.TextChoices):
        RENT = "rent", _("Rent (husleie)")
        COMMON = "common", _("Common costs (felleskostnader)")
        ENERGY = "energy", _("Energy")
        CLEANING = "cleaning", _("Cleaning")
        SECURITY = "security", _("Security and guarding")
        RECEPTION = "reception", _("Reception")
        FURNITURE = "furniture", _("Furniture and fittings")
        SUPPLIES = "supplies", _("Office supplies")
        OTHER = "other", _("Other (name it)")

    agreement = models.ForeignKey(
        OperatingAgreement, on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(_("expense"), max_length=12, choices=Category)
    name = models.CharField(
        _("name"), max_length=120, blank=True, help_text=_("Required for “Other”.")
    )
    key = models.CharField(
        _("own key"),
        max_length=12,
        choices=CostKey,
        blank=True,
        help_text=_("Leave empty to use the agreement's key."),
    )
    budget = _money(_("budget"), default=ZERO)
    actual_q1 = _money(_("actual, 1st quarter"), default=ZERO)
    actual_q2 = _money(_("actual, 2nd quarter"), default=ZERO)
    actual_q3 = _money(_("actual, 3rd quarter"), default=ZERO)
    actual_q4 = _money(_("actual, 4th quarter"), default=ZERO)

    class Meta:
        ordering = ["agreement_id", "category", "name", "pk"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "category", "name"],
                name="expense_line_unique_per_agreement",
                violation_error_message=_("The driftsavtale already has this expense."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0)
                & Q(actual_q1__gte=0)
                & Q(actual_q2__gte=0)
                & Q(actual_q3__gte=0)
                & Q(actual_q4__gte=0),
                name="expense_line_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return self.label(self.category, self.name)

    @classmethod
    def label(cls, category: str, name: str) -> str:
        """What an expense is called in the active language: its name for “Other”, else its
        category, with the name after it if it has one."""
        if category == cls.Category.OTHER:
            return name
        return str(cls.Category(category).label) + (f" – {name}" if name else "")

    @property
    def actuals(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.actual_q1, self.actual_q2, self.actual_q3, self.actual_q4)


class StaffingPeriod(models.Model):
    """One party's årsverk at the office from one day to another (both included)."""

    agreement = models.ForeignKey(
        OperatingAgreement, on_delete=models.CASCADE, related_name="periods"
    )
    side = models.CharField(_("party"), max_length=10, choices=PARTY_CHOICES)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to and including"))
    fte = models.DecimalField(
        _("årsverk"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, _("The number of årsverk cannot be negative."))],
    )

    class Meta:
        ordering = ["agreement_id", "side", "starts_on"]
        verbose_name = _("årsverk period")
        verbose_name_plural = _("årsverk periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")) & Q(fte__gte=0),
                name="staffing_period_ordered_not_negative",
            ),
        ]

    def __str__(self):
        return _("%(side)s: %(fte)s årsverk, %(start)s–%(end)s") % {
            "side": self.get_side_display(),
            "fte": formats.number_format(self.fte, 2),
            "start": formats.date_format(self.starts_on, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.ends_on, "SHORT_DATE_FORMAT"),
        }


class MunicipalWeight(models.Model):
    """A vertskommune municipality's own figure for dividing the municipal share: its
    årsverk, its population or its percentage, as the agreement's municipal key says."""

    agreement = models.ForeignKey(
        OperatingAgreement, on_delete=models.CASCADE, related_name="municipal_weights"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(
        _("figure"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, _("The figure cannot be negative."))],
    )

    class Meta:
        ordering = ["agreement_id", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"], name="municipal_weight_once"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="municipal_weight_positive"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.weight}"


class OperatingAgreementEvent(models.Model):
    """Who changed what in a driftsavtale, and when. It stores what happened (``kind``) and its
    figures (``params``: amounts and dates as written by ``str``/``isoformat``, sides and
    expense categories as their values), never a sentence: the history is worded in the
    language of whoever reads it."""

    class Kind(models.TextChoices):
        # The label is the sentence the history shows, with the params filled in.
        CREATED = "created", _("Created the driftsavtale for %(year)s.")
        TERMS_CHANGED = "terms_changed", _("Changed the key and terms.")
        LINE_ADDED = "line_added", _("Added the expense %(line)s.")
        LINE_CHANGED = "line_changed", _("Changed the expense %(line)s.")
        LINE_REMOVED = "line_removed", _("Removed the expense %(line)s.")
        PERIOD_ADDED = (
            "period_added",
            _("Registered %(fte)s årsverk for %(side)s from %(start)s to %(end)s."),
        )
        PERIOD_ENDED = "period_ended", _("Ended %(side)s's %(fte)s årsverk on %(end)s.")
        PERIOD_REMOVED = (
            "period_removed",
            _("Removed %(side)s's årsverk from %(start)s to %(end)s."),
        )
        WEIGHTS_CHANGED = "weights_changed", _("Changed the municipalities' figures.")
        PAYMENTS_SET = "payments_set", _("Registered the payments on account.")
        GAPS_ACKNOWLEDGED = (
            "gaps_acknowledged",
            _("Confirmed that the days without årsverk are right: %(gaps)s."),
        )
        ATTACHED = (
            "attached",
            _("Attached the driftsavtale to the partnership agreement, version %(version)s."),
        )
        # Written before events had kinds: the sentence as it was stored ({"text": ...}).
        LEGACY = "legacy", "%(text)s"

    agreement = models.ForeignKey(
        OperatingAgreement, on_delete=models.CASCADE, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(_("event"), max_length=20, choices=Kind)
    params = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.description

    @property
    def description(self) -> str:
        """The event as a sentence in the active language."""
        values = dict(self.params)
        if "line" in values:
            values["line"] = ExpenseLine.label(**values["line"])
        if "side" in values:
            values["side"] = dict(PARTY_CHOICES)[values["side"]]
        if "fte" in values:
            values["fte"] = formats.number_format(Decimal(values["fte"]), 2)
        for name in ("start", "end"):
            if name in values:
                day = dt.date.fromisoformat(values[name])
                values[name] = formats.date_format(day, "SHORT_DATE_FORMAT")
        if "gaps" in values:
            values["gaps"] = "; ".join(_gap_words(key) for key in values["gaps"])
        return str(self.Kind(self.kind).label) % values


def _gap_words(key: str) -> str:
    """A stored gap key as "The municipality 01.01.2026–31.03.2026"."""
    side, start, end = key.split(":")
    return "{} {}–{}".format(
        dict(PARTY_CHOICES)[side],
        formats.date_format(dt.date.fromisoformat(start), "SHORT_DATE_FORMAT"),
        formats.date_format(dt.date.fromisoformat(end), "SHORT_DATE_FORMAT"),
    )


class CostSummary(models.Model):
    """A driftsavtale's year in four figures, stored by the services each time they change
    it (``cost_summary_refresh``), so pages across hundreds of partnerships read one row per
    driftsavtale instead of splitting every one. ``manage.py summaries_rebuild`` computes them
    all again from the driftsavtaler."""

    agreement = models.OneToOneField(
        OperatingAgreement,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
        verbose_name=_("driftsavtale"),
    )
    # False when the split cannot be computed (its reason is worded when the page shows it).
    computable = models.BooleanField(_("can be computed"))
    budget_total = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    state_share = models.DecimalField(
        _("state's share"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    municipal_share = models.DecimalField(
        _("municipality's share"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The year's settlement: above zero the party that is not the tenant owes the tenant.
    balance = models.DecimalField(
        _("balance"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("cost summary")
        verbose_name_plural = _("cost summaries")

    def __str__(self):
        return str(self.agreement_id)
