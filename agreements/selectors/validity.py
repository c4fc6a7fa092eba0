"""Point 9.0 checked before signing: the agreement must start when the parties mean it to,
and its end and first evaluation must lie ahead. A revision copies 9.0 from the agreement in
force, whose dates belong to the old period."""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Agreement, AgreementSection, StructuredKind
from .deadlines import add_months


@dataclass(frozen=True)
class ValidityProblem:
    """What to fix in 9.0 before signing. ``confirmable``: a start before the signing day,
    which the signatory may confirm instead ("Avtalen skal gjelde fra en tidligere dato")."""

    message: str
    section: AgreementSection
    confirmable: bool = False


def validity_section(agreement: Agreement) -> AgreementSection | None:
    """The agreement's point 9.0 (validity); one query."""
    return agreement.sections.filter(template_section__structured=StructuredKind.VALIDITY).first()


def validity_problems(agreement: Agreement, *, signing_on: dt.date) -> list[ValidityProblem]:
    """What point 9.0 says that would be wrong if the agreement were signed on ``signing_on``:
    a start before that day (confirmable), an end on or before it, a first evaluation on or
    before it. One query."""
    section = validity_section(agreement)
    if section is None:
        return []
    data = section.structured
    valid_from, valid_to = _date(data.get("valid_from")), _date(data.get("valid_to"))
    problems = []
    if valid_from and valid_from < signing_on:
        problems.append(
            ValidityProblem(
                _(
                    "Point 9.0 says the agreement applies from %(start)s, before it is signed "
                    "(%(signed)s). Change the start date in 9.0, or confirm that the agreement "
                    "shall apply from an earlier date."
                )
                % {"start": _day(valid_from), "signed": _day(signing_on)},
                section,
                confirmable=True,
            )
        )
    if valid_to and valid_to <= signing_on:
        problems.append(
            ValidityProblem(
                _(
                    "Point 9.0 says the agreement ends %(end)s, which is not after it is signed "
                    "(%(signed)s). Change the end date in 9.0."
                )
                % {"end": _day(valid_to), "signed": _day(signing_on)},
                section,
            )
        )
    interval = data.get("evaluation_interval_months")
    if interval:
        due = add_months(valid_from or signing_on, int(interval))
        if due <= signing_on:
            problems.append(
                ValidityProblem(
                    _(
                        "By point 9.0 the first evaluation would be due %(due)s, which is not "
                        "after it is signed (%(signed)s). Change the start date or the "
                        "evaluation interval in 9.0."
                    )
                    % {"due": _day(due), "signed": _day(signing_on)},
                    section,
                )
            )
    return problems


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")
