"""Every write to a driftsavtale: one function each, checked, recorded in its history."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.services import attachment_add, attachment_remove
from navpartner.models import RenderedDocument
from partnerships.models import Partnership
from partnerships.selectors import partnership_access

from . import split
from .models import (
    CostKey,
    CostSummary,
    ExpenseLine,
    MunicipalKey,
    MunicipalWeight,
    OperatingAgreement,
    OperatingAgreementEvent,
    StaffingPeriod,
)
from .selectors import (
    ATTACHMENT_KIND,
    cost_overview,
    cost_overviews,
    gap_keys,
    gaps_to_acknowledge,
    keeps_operating_agreements,
    operating_agreement_delete_blockers,
)

HUNDRED = Decimal("100")


Event = OperatingAgreementEvent.Kind


class StaffingPeriodReplaceUnconfirmed(Exception):
    """A party already has årsverk from the day a new figure starts: replacing that figure
    must be confirmed (``confirm_replace=True``). Nothing was changed."""

    def __init__(self, *, existing: StaffingPeriod, fte: Decimal):
        super().__init__(f"{existing} would be replaced by {fte}")
        self.existing, self.fte = existing, fte


def _record(agreement: OperatingAgreement, user, kind: Event, **params) -> None:
    """Write the history entry: what happened and its figures, worded when it is read. Every
    change to a driftsavtale ends here, once made, so its summary is brought up to date too."""
    event = OperatingAgreementEvent(agreement=agreement, user=user, kind=kind, params=params)
    event.full_clean(exclude=["agreement", "user"])
    event.save()
    cost_summaries_refresh(agreements=[agreement])


def cost_summaries_refresh(*, agreements) -> int:
    """Compute the driftsavtaler's splits with the code their own pages use and store the
    figures the overview shows (CostSummary); six queries however many. Reads each
    ``agreement.partnership`` with its municipal party."""
    overviews = cost_overviews(agreements)
    summaries = []
    for pk, overview in overviews.items():
        result = overview.result
        summary = CostSummary(agreement_id=pk, computable=result is not None)
        if result is not None:
            summary.budget_total = result.budget_total
            summary.state_share = result.budget_totals[split.STATE]
            summary.municipal_share = result.budget_totals[split.MUNICIPAL]
            summary.balance = result.year_settlement.balance
        summaries.append(summary)
    CostSummary.objects.filter(agreement__in=list(overviews)).delete()
    CostSummary.objects.bulk_create(summaries)
    return len(summaries)


@transaction.atomic
def cost_summaries_rebuild() -> int:
    """Every driftsavtale's summary computed again from scratch; returns how many."""
    CostSummary.objects.all().delete()
    agreements = OperatingAgreement.objects.select_related("partnership__municipal_party")
    paginator = Paginator(agreements.order_by("pk"), 500)
    return sum(
        cost_summaries_refresh(agreements=paginator.page(n).object_list)
        for n in paginator.page_range
    )


def _line(line: ExpenseLine) -> dict:
    return {"category": line.category, "name": line.name}


def _period(period: StaffingPeriod) -> dict:
    return {
        "side": period.side,
        "fte": str(period.fte),
        "start": period.starts_on.isoformat(),
        "end": period.ends_on.isoformat(),
    }


def _require_editor(user, partnership: Partnership) -> None:
    if not partnership_access(user, partnership).can_edit:
        raise PermissionDenied


def _touch(agreement: OperatingAgreement) -> None:
    agreement.updated_at = timezone.now()
    agreement.save(update_fields=["updated_at"])


def _lock(agreement: OperatingAgreement) -> OperatingAgreement:
    """Lock the driftsavtale's row so two people's changes to it queue instead of mixing."""
    locked = OperatingAgreement.objects.select_for_update().get(pk=agreement.pk)
    locked.partnership = agreement.partnership
    return locked


def _date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def operating_agreement_create(
    *, partnership: Partnership, user, year: int, tenant: str, key: str = CostKey.ARSVERK
) -> OperatingAgreement:
    """A driftsavtale for a new year. When the partnership has one for an earlier year, its
    expenses (with their budgets), key figures and each party's latest årsverk carry over,
    so a new year starts from last year's instead of from nothing."""
    _require_editor(user, partnership)
    if not keeps_operating_agreements(partnership):
        raise ValidationError(
            _("A driftsavtale belongs to a NAV office; make it in the local partnership.")
        )
    previous = partnership.operating_agreements.filter(year__lt=year).order_by("-year").first()
    agreement = OperatingAgreement(
        partnership=partnership, year=year, tenant=tenant, key=key, created_by=user
    )
    if previous is not None:
        for name in (
            "state_percentage",
            "municipal_percentage",
            "state_area",
            "municipal_area",
            "municipal_key",
        ):
            setattr(agreement, name, getattr(previous, name))
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "year": _("This partnership already has a driftsavtale for %(year)s.")
                % {"year": year}
            }
        ) from error
    if previous is not None:
        _carry_over(previous, agreement)
    _record(agreement, user, Event.CREATED, year=year)
    return agreement


def _carry_over(previous: OperatingAgreement, agreement: OperatingAgreement) -> None:
    ExpenseLine.objects.bulk_create(
        ExpenseLine(
            agreement=agreement,
            category=line.category,
            name=line.name,
            key=line.key,
            budget=line.budget,
        )
        for line in previous.lines.all()
    )
    latest = {}
    for period in previous.periods.order_by("ends_on"):
        latest[period.side] = period
    StaffingPeriod.objects.bulk_create(
        StaffingPeriod(
            agreement=agreement,
            side=side,
            starts_on=dt.date(agreement.year, 1, 1),
            ends_on=dt.date(agreement.year, 12, 31),
            fte=period.fte,
        )
        for side, period in sorted(latest.items())
    )
    MunicipalWeight.objects.bulk_create(
        MunicipalWeight(agreement=agreement, municipality_id=w.municipality_id, weight=w.weight)
        for w in previous.municipal_weights.all()
    )


def _check_percentages(values: list[Decimal | None], field: str, what) -> None:
    given = [v for v in values if v is not None]
    if len(given) < len(values):
        raise ValidationError({field: _("Give a percentage for %(what)s.") % {"what": what}})
    total = sum(given, Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            {
                field: _("The percentages must add up to 100 %%; they add up to %(total)s %%.")
                % {"total": formats.number_format(total, 2)}
            }
        )


@transaction.atomic
def operating_agreement_update_terms(
    *,
    agreement: OperatingAgreement,
    user,
    tenant: str,
    key: str,
    state_percentage: Decimal | None,
    municipal_percentage: Decimal | None,
    state_area: Decimal | None,
    municipal_area: Decimal | None,
    municipal_key: str,
    note: str,
) -> OperatingAgreement:
    """The tenant, the key and the figures behind it. A percentage key must add up to 100 %;
    floor areas are needed when the agreement or any line shares by area."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    keys = {key} | set(agreement.lines.exclude(key="").values_list("key", flat=True))
    percentages = [state_percentage, municipal_percentage]
    if CostKey.PERCENTAGE in keys or percentages != [None, None]:
        _check_percentages(percentages, "state_percentage", _("both parties"))
    if CostKey.AREA in keys and (
        state_area is None or municipal_area is None or not state_area + municipal_area
    ):
        raise ValidationError(
            {"state_area": _("The key by floor area needs each party's area, in m².")}
        )
    agreement.tenant, agreement.key, agreement.note = tenant, key, note
    agreement.state_percentage, agreement.municipal_percentage = (
        state_percentage,
        municipal_percentage,
    )
    agreement.state_area, agreement.municipal_area = state_area, municipal_area
    agreement.municipal_key = municipal_key
    agreement.updated_at = timezone.now()
    agreement.full_clean()
    agreement.save(
        update_fields=[
            "tenant",
            "key",
            "note",
            "state_percentage",
            "municipal_percentage",
            "state_area",
            "municipal_area",
            "municipal_key",
            "updated_at",
        ]
    )
    _record(agreement, user, Event.TERMS_CHANGED)
    return agreement


def _check_line_key(agreement: OperatingAgreement, key: str) -> None:
    if key == CostKey.AREA and (agreement.state_area is None or agreement.municipal_area is None):
        raise ValidationError(
            {"key": _("Give each party's floor area under “Key and terms” before sharing by area.")}
        )
    if key == CostKey.PERCENTAGE and agreement.state_percentage is None:
        raise ValidationError(
            {"key": _("Give the percentages under “Key and terms” before sharing by percentage.")}
        )


def _save_line(line: ExpenseLine, update_fields=None) -> None:
    if line.category == ExpenseLine.Category.OTHER and not line.name.strip():
        raise ValidationError({"name": _("Name the expense.")})
    line.full_clean()
    try:
        with transaction.atomic():
            line.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(
            {"category": _("The driftsavtale already has this expense.")}
        ) from error


@transaction.atomic
def expense_line_add(
    *,
    agreement: OperatingAgreement,
    user,
    category: str,
    name: str = "",
    key: str = "",
    budget: Decimal,
    actuals: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal(0),) * 4,
) -> ExpenseLine:
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    _check_line_key(agreement, key)
    line = ExpenseLine(agreement=agreement, category=category, name=name.strip(), key=key)
    line.budget = budget
    line.actual_q1, line.actual_q2, line.actual_q3, line.actual_q4 = actuals
    _save_line(line)
    _touch(agreement)
    _record(agreement, user, Event.LINE_ADDED, line=_line(line))
    return line


@transaction.atomic
def expense_line_update(
    *,
    line: ExpenseLine,
    user,
    category: str,
    name: str,
    key: str,
    budget: Decimal,
    actuals: tuple[Decimal, Decimal, Decimal, Decimal],
) -> ExpenseLine:
    _require_editor(user, line.agreement.partnership)
    agreement = _lock(line.agreement)
    _check_line_key(agreement, key)
    line.category, line.name, line.key, line.budget = category, name.strip(), key, budget
    line.actual_q1, line.actual_q2, line.actual_q3, line.actual_q4 = actuals
    _save_line(
        line,
        update_fields=[
            "category",
            "name",
            "key",
            "budget",
            "actual_q1",
            "actual_q2",
            "actual_q3",
            "actual_q4",
        ],
    )
    _touch(agreement)
    _record(agreement, user, Event.LINE_CHANGED, line=_line(line))
    return line


@transaction.atomic
def expense_line_remove(*, line: ExpenseLine, user) -> None:
    _require_editor(user, line.agreement.partnership)
    agreement = _lock(line.agreement)
    line.delete()
    _touch(agreement)
    _record(agreement, user, Event.LINE_REMOVED, line=_line(line))


@transaction.atomic
def staffing_period_add(
    *,
    agreement: OperatingAgreement,
    user,
    side: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    fte: Decimal,
) -> StaffingPeriod:
    """One party's årsverk from a date. Without an end it lasts the rest of the year. A
    period must lie within the budget year and not overlap another of the same party's."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    first, last = dt.date(agreement.year, 1, 1), dt.date(agreement.year, 12, 31)
    ends_on = ends_on or last
    for field, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not first <= value <= last:
            raise ValidationError(
                {
                    field: _("The date %(date)s is outside the budget year %(year)s.")
                    % {"date": _date(value), "year": agreement.year}
                }
            )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    clash = (
        agreement.periods.filter(side=side, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "The period overlaps %(side)s's årsverk from %(start)s to %(end)s. End "
                    "that period the day before, or remove it first."
                )
                % {
                    "side": clash.get_side_display(),
                    "start": _date(clash.starts_on),
                    "end": _date(clash.ends_on),
                }
            }
        )
    period = StaffingPeriod(
        agreement=agreement, side=side, starts_on=starts_on, ends_on=ends_on, fte=fte
    )
    period.full_clean()
    period.save()
    _touch(agreement)
    _record(agreement, user, Event.PERIOD_ADDED, **_period(period))
    return period


def _replace(
    agreement: OperatingAgreement, user, period: StaffingPeriod, *, fte: Decimal, confirmed: bool
) -> None:
    if not confirmed:
        raise StaffingPeriodReplaceUnconfirmed(existing=period, fte=fte)
    period.delete()
    _record(agreement, user, Event.PERIOD_REMOVED, **_period(period))


@transaction.atomic
def staffing_period_change(
    *,
    agreement: OperatingAgreement,
    user,
    side: str,
    changes_on: dt.date,
    fte: Decimal,
    confirm_replace: bool = False,
) -> StaffingPeriod:
    """A change of one party's årsverk from a date (e.g. 10.5 from 1 July): the period in
    force that day ends the day before, and the new figure runs to the end of that period.
    A period that starts that very day is replaced only with ``confirm_replace`` (else
    ``StaffingPeriodReplaceUnconfirmed``)."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    periods = agreement.periods.filter(side=side)
    current = periods.filter(starts_on__lte=changes_on, ends_on__gte=changes_on).first()
    if current is None:
        following = periods.filter(starts_on__gt=changes_on).order_by("starts_on").first()
        ends_on = following.starts_on - dt.timedelta(days=1) if following else None
    else:
        ends_on = current.ends_on
        if current.starts_on == changes_on:
            _replace(agreement, user, current, fte=fte, confirmed=confirm_replace)
        else:
            current.ends_on = changes_on - dt.timedelta(days=1)
            current.save(update_fields=["ends_on"])
            _record(agreement, user, Event.PERIOD_ENDED, **_period(current))
    return staffing_period_add(
        agreement=agreement, user=user, side=side, starts_on=changes_on, ends_on=ends_on, fte=fte
    )


@transaction.atomic
def staffing_period_remove(*, period: StaffingPeriod, user) -> None:
    _require_editor(user, period.agreement.partnership)
    agreement = _lock(period.agreement)
    period.delete()
    _touch(agreement)
    _record(agreement, user, Event.PERIOD_REMOVED, **_period(period))


@transaction.atomic
def municipal_weights_set(
    *, agreement: OperatingAgreement, user, weights: dict[int, Decimal]
) -> None:
    """The vertskommune municipalities' own figures (municipality id -> figure). Only the
    host and the covered municipalities may be named; percentages must add up to 100 %."""
    partnership = agreement.partnership
    _require_editor(user, partnership)
    agreement = _lock(agreement)
    covered = set(partnership.covered_municipalities.values_list("pk", flat=True))
    if not covered:
        raise ValidationError(_("Only a vertskommune divides the municipal share again."))
    if set(weights) - covered - {partnership.municipal_party_id}:
        raise ValidationError(_("Only the municipalities of this partnership can share the costs."))
    if any(value < 0 for value in weights.values()):
        raise ValidationError(_("The figure cannot be negative."))
    if agreement.municipal_key == MunicipalKey.PERCENTAGE:
        _check_percentages(list(weights.values()), "__all__", _("every municipality"))
    elif weights and not any(weights.values()):
        raise ValidationError(_("At least one municipality must have a figure above zero."))
    agreement.municipal_weights.all().delete()
    MunicipalWeight.objects.bulk_create(
        MunicipalWeight(agreement=agreement, municipality_id=pk, weight=value)
        for pk, value in weights.items()
    )
    _touch(agreement)
    _record(agreement, user, Event.WEIGHTS_CHANGED)


@transaction.atomic
def payments_on_account_set(
    *, agreement: OperatingAgreement, user, paid: tuple[Decimal, Decimal, Decimal, Decimal]
) -> OperatingAgreement:
    """What the party that is not the tenant has paid on account, per quarter."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    agreement.paid_q1, agreement.paid_q2, agreement.paid_q3, agreement.paid_q4 = paid
    agreement.updated_at = timezone.now()
    agreement.full_clean()
    agreement.save(update_fields=["paid_q1", "paid_q2", "paid_q3", "paid_q4", "updated_at"])
    _record(agreement, user, Event.PAYMENTS_SET)
    return agreement


@transaction.atomic
def operating_agreement_attach(
    *, agreement: OperatingAgreement, document: RenderedDocument, target: Agreement, user
):
    """Attach the driftsavtale's PDF to the partnership agreement (veileder 3.8: "Er
    driftsavtalen vedlagt?"), replacing this year's earlier copy."""
    _require_editor(user, agreement.partnership)
    owner = ContentType.objects.get_for_model(OperatingAgreement)
    if target.partnership_id != agreement.partnership_id or (
        document.content_type_id,
        document.object_id,
    ) != (owner.pk, agreement.pk):
        raise PermissionDenied
    if document.status != RenderedDocument.Status.READY:
        raise ValidationError(_("The PDF is not ready yet."))
    title = _("Driftsavtale %(year)s") % {"year": agreement.year}
    # this year's earlier copy, whatever language its title was written in
    for old in target.attachments.filter(
        kind=ATTACHMENT_KIND, title__endswith=f" {agreement.year}"
    ):
        attachment_remove(attachment=old, user=user)
    with document.file.open("rb") as handle:
        upload = ContentFile(handle.read(), name=f"driftsavtale-{agreement.year}.pdf")
    attachment = attachment_add(
        agreement=target, user=user, kind=ATTACHMENT_KIND, title=title, upload=upload
    )
    _record(agreement, user, Event.ATTACHED, version=target.version)
    return attachment


@transaction.atomic
def operating_agreement_delete(*, agreement: OperatingAgreement, user) -> None:
    """Delete a driftsavtale made by mistake, with its expenses, årsverk and history, and
    the PDFs made of it (none of them went anywhere). Refused (ValidationError naming why)
    once anything is settled: see operating_agreement_delete_blockers."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    reasons = operating_agreement_delete_blockers(agreement)
    if reasons:
        raise ValidationError(
            [_("The driftsavtale cannot be deleted once something is settled.")] + reasons
        )
    documents = RenderedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(OperatingAgreement),
        object_id=agreement.pk,
    )
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.delete()
    agreement.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


class GapsChanged(Exception):
    """The gaps an editor confirmed are not those of the driftsavtale now."""


@transaction.atomic
def operating_agreement_gaps_acknowledge(
    *, agreement: OperatingAgreement, user, seen: list[str]
) -> OperatingAgreement:
    """Record that an editor checked the gaps in the årsverk (``seen``: the gap keys the page
    showed) and found them right. Refused with GapsChanged when they are no longer the gaps
    the driftsavtale has (what one approves is what one saw)."""
    _require_editor(user, agreement.partnership)
    agreement = _lock(agreement)
    current = gap_keys(gaps_to_acknowledge(cost_overview(agreement)))
    if not current or sorted(seen) != current:
        raise GapsChanged
    agreement.gaps_acknowledged = current
    agreement.full_clean()
    agreement.save(update_fields=["gaps_acknowledged"])
    _record(agreement, user, Event.GAPS_ACKNOWLEDGED, gaps=current)
    return agreement
