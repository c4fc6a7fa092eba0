"""The dates by which a partnership must act on its agreement: when it ends, and when the
parties agreed (point 9.0) to evaluate it. One definition, read by the overview, the
reminders and the calendar feeds."""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Agreement, AgreementSection
from ..structured import VALIDITY


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evaluation_due(agreement: Agreement, interval_months) -> dt.date | None:
    """When the next evaluation is due: the 9.0 interval after the agreement came into force,
    or after the parties last recorded an evaluation."""
    start = max(
        (d for d in (agreement.in_force_from, agreement.last_evaluated_on) if d), default=None
    )
    if start is None or not interval_months:
        return None
    return add_months(start, int(interval_months))


@dataclass(frozen=True)
class AgreementDeadlines:
    """``ends_on``: the last day of the agreement (its 9.0 end date, or the end of the notice
    period, whichever comes first). ``evaluation_due``: the 9.0 interval after it came into
    force or was last evaluated (``evaluation_due``); once the parties have started a revision
    (a newer version exists) the evaluation counts as done and nothing is due."""

    agreement: Agreement
    ends_on: dt.date | None
    evaluation_due: dt.date | None


def agreement_deadlines(
    agreements: Iterable[Agreement], *, revised_ids: Iterable[int] = ()
) -> dict[int, AgreementDeadlines]:
    """Deadlines of the given agreements (in force or signed), keyed by agreement id. One
    query for their 9.0 sections' evaluation interval. ``revised_ids``: agreements that
    already have a newer version (their evaluation is done)."""
    agreements = [
        a for a in agreements if a.status in (Agreement.Status.IN_FORCE, Agreement.Status.SIGNED)
    ]
    revised = set(revised_ids)
    intervals = {
        agreement_id: interval
        for agreement_id, interval in AgreementSection.objects.filter(
            agreement__any=[a.pk for a in agreements], template_section__structured=VALIDITY
        ).values_list("agreement_id", "structured__evaluation_interval_months")
    }
    result = {}
    for agreement in agreements:
        ends = [d for d in (agreement.valid_to, agreement.terminates_on) if d]
        due = (
            None
            if agreement.pk in revised
            else evaluation_due(agreement, intervals.get(agreement.pk))
        )
        result[agreement.pk] = AgreementDeadlines(agreement, min(ends) if ends else None, due)
    return result
