"""Checking and normalising a structured part from any source (the editor, the seed, an import).

The messages are translated UI strings, keyed by the field they concern."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerships.models import OWNER_SIDES

from ..models import VeilederTemplate, WrittenTemplate
from .base import (
    COOPERATION,
    COST_KEYS,
    DELEGATION,
    DISPUTES,
    EMPLOYMENTS,
    EVALUATION_RANGE,
    LEADERSHIP,
    LEADERSHIP_MODELS,
    LONG,
    MAX_ROWS,
    MEDIUM,
    MEETINGS,
    MEETINGS_RANGE,
    NONE,
    NOTICE_RANGE,
    OPERATING_AGREEMENT,
    PARTIES,
    SERVICES,
    SHORT,
    TENANTS,
    VALIDITY,
    unknown_kind,
)


class _Errors:
    def __init__(self):
        self.items: dict[str, list[ValidationError]] = {}

    def add(self, key: str, message, code: str, **params) -> None:
        self.items.setdefault(key, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    def __bool__(self):
        return bool(self.items)


def validate(kind: str, data: dict, template: VeilederTemplate | WrittenTemplate) -> dict:
    """Check and normalise a structured part. Returns a JSON-serialisable dict with exactly
    the kind's keys (dates as ISO strings); raises ValidationError keyed by field."""
    if kind in (None, NONE):
        return {}
    validator = _VALIDATORS.get(kind)
    if validator is None:
        raise unknown_kind(kind)
    if not isinstance(data, dict):
        raise ValidationError(_("The structured part could not be read."), code="invalid")
    errors = _Errors()
    result = validator(data, template, errors)
    if errors:
        raise ValidationError(errors.items)
    return result


def _text(value, key: str, errors: _Errors, max_length: int = SHORT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.add(key, _("Write text here."), "invalid")
        return ""
    value = str(value).strip()
    if len(value) > max_length:
        errors.add(key, _("Write at most %(max)s characters."), "max_length", max=max_length)
        value = value[:max_length]
    return value


def _lines(value, key: str, errors: _Errors, max_length: int = SHORT) -> list[str]:
    """A list of text lines: stripped, blanks dropped, duplicates (ignoring case) dropped."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        errors.add(key, _("Write one item per line."), "invalid")
        return []
    lines, seen = [], set()
    for number, item in enumerate(value, start=1):
        text = _text(item, key, errors, max_length=10**6)
        if not text:
            continue
        if len(text) > max_length:
            errors.add(
                key,
                _("Line %(n)s: write at most %(max)s characters."),
                "max_length",
                n=number,
                max=max_length,
            )
            continue
        if text.casefold() not in seen:
            seen.add(text.casefold())
            lines.append(text)
    if len(lines) > MAX_ROWS:
        errors.add(key, _("Add at most %(max)s rows."), "max_rows", max=MAX_ROWS)
    return lines


def _rows(value, key: str, errors: _Errors) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(r, dict) for r in value):
        errors.add(key, _("The list could not be read."), "invalid")
        return []
    if len(value) > MAX_ROWS:
        errors.add(key, _("Add at most %(max)s rows."), "max_rows", max=MAX_ROWS)
    return list(value)


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes", "ja")
    return bool(value)


def _integer(
    value, key: str, errors: _Errors, bounds: tuple[int, int], *, required, out_of_range
) -> int | None:
    low, high = bounds
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.add(key, required, "required")
        return None
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError
        number = int(value)
    except (TypeError, ValueError):
        errors.add(key, _("Write a whole number."), "invalid")
        return None
    if not low <= number <= high:
        errors.add(key, out_of_range, "out_of_range", min=low, max=high)
    return number


def _date(value, key: str, errors: _Errors) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.add(key, _("Enter a valid date."), "invalid")
    return None


def _validate_parties(data, template, errors):
    municipal = _text(data.get("municipal_party"), "municipal_party", errors)
    if not municipal:
        errors.add("municipal_party", _("Write the name of the municipal party."), "required")
    state = _text(data.get("state_party"), "state_party", errors)
    if not state:
        errors.add(
            "state_party", _("Write the name of the state party (NAV county office)."), "required"
        )
    covered = [
        name
        for name in _lines(data.get("covered_municipalities"), "covered_municipalities", errors)
        if name.casefold() != municipal.casefold()
    ]
    signatories = []
    for n, row in enumerate(_rows(data.get("signatories"), "signatories", errors), start=1):
        name = _text(row.get("name"), "signatories", errors)
        title = _text(row.get("title"), "signatories", errors)
        side = row.get("side") or ""
        if not name and not title:
            continue  # an empty row
        if side not in OWNER_SIDES:
            errors.add(
                "signatories", _("Signatory %(n)s: choose which party they sign for."), "side", n=n
            )
        if not name:
            errors.add("signatories", _("Signatory %(n)s: write the name."), "name", n=n)
        if not title:
            errors.add(
                "signatories", _("Signatory %(n)s: write the title, e.g. rådmann."), "title", n=n
            )
        signatories.append({"side": side, "name": name, "title": title})
    return {
        "municipal_party": municipal,
        "state_party": state,
        "covered_municipalities": covered,
        "signatories": signatories,
    }


def _validate_meetings(data, template, errors):
    meetings = _integer(
        data.get("meetings_per_year"),
        "meetings_per_year",
        errors,
        MEETINGS_RANGE,
        required=_("Write how many times a year the partnership meets."),
        out_of_range=_("The partnership meets between %(min)s and %(max)s times a year."),
    )
    return {
        "meetings_per_year": meetings,
        "chair": _text(data.get("chair"), "chair", errors),
        "agenda_owner": _text(data.get("agenda_owner"), "agenda_owner", errors),
        "participants": _lines(data.get("participants"), "participants", errors),
    }


def _validate_leadership(data, template, errors):
    """Both left blank means "not decided yet": a draft can be saved, and the part counts as
    empty until the terms are chosen. Chosen, they must fit together."""
    model = data.get("model") or ""
    employment = data.get("employment") or ""
    if model not in (*LEADERSHIP_MODELS, ""):
        errors.add(
            "model",
            _("Choose whether the office has one common NAV-leder or two leaders."),
            "invalid",
        )
    if employment not in (*EMPLOYMENTS, ""):
        errors.add("employment", _("Choose on which terms the NAV-leder is employed."), "invalid")
    elif employment and not model:
        errors.add(
            "model",
            _("Choose whether the office has one common NAV-leder or two leaders."),
            "required",
        )
    elif model == "one" and employment == "both":
        errors.add(
            "employment",
            _("One common NAV-leder is employed either on state or on municipal terms."),
            "invalid",
        )
    elif model == "two" and employment not in ("both", ""):
        errors.add("employment", _("With two leaders, each party employs one of them."), "invalid")
    return {"model": model, "employment": employment}


def _validate_delegation(data, template, errors):
    delegated = _flag(data.get("delegated"))
    reference = _text(data.get("decision_reference"), "decision_reference", errors, MEDIUM)
    areas = []
    for n, row in enumerate(_rows(data.get("task_areas"), "task_areas", errors), start=1):
        area = _text(row.get("area"), "task_areas", errors)
        description = _text(row.get("description"), "task_areas", errors, LONG)
        owner = row.get("owner") or ""
        if not area and not description:
            continue
        if not area:
            errors.add("task_areas", _("Task area %(n)s: name the task area."), "area", n=n)
        if owner not in OWNER_SIDES:
            errors.add(
                "task_areas",
                _("Task area %(n)s: choose whose area of authority it is."),
                "owner",
                n=n,
            )
        areas.append({"area": area, "owner": owner, "description": description})
    if delegated and not reference:
        errors.add(
            "decision_reference",
            _(
                "Write the reference to the delegation decision (delegasjonsvedtak). "
                "The decision must be attached to the agreement."
            ),
            "required",
        )
    if areas and not delegated:
        errors.add(
            "delegated",
            _(
                "Tasks on the other owner's area of authority need a delegation decision: "
                "tick that authority is delegated and give its reference."
            ),
            "required",
        )
    return {
        "delegated": delegated,
        "decision_reference": reference if delegated else "",
        "task_areas": areas,
    }


def _validate_operating_agreement(data, template, errors):
    cost_key = data.get("cost_key") or ""
    if cost_key not in COST_KEYS:
        errors.add("cost_key", _("Choose how the common running costs are shared."), "required")
    tenant = data.get("tenant") or ""
    if tenant not in TENANTS:
        errors.add("tenant", _("Choose who is the tenant of the premises."), "invalid")
        tenant = ""
    return {
        "cost_key": cost_key,
        "tenant": tenant,
        "note": _text(data.get("note"), "note", errors, LONG),
    }


def _validate_services(data, template, errors):
    legal_minimum = list(template.legal_minimum_services)  # always; it cannot be removed
    required = {service.casefold() for service in legal_minimum}
    optional = [
        service
        for service in _lines(data.get("optional"), "optional", errors, SHORT)
        if service.casefold() not in required
    ]
    return {"legal_minimum": legal_minimum, "optional": optional}


def _validate_cooperation(data, template, errors):
    partners = []
    for n, row in enumerate(_rows(data.get("partners"), "partners", errors), start=1):
        name = _text(row.get("name"), "partners", errors)
        note = _text(row.get("note"), "partners", errors, LONG)
        written = _flag(row.get("written_agreement_needed"))
        if not name and not note and not written:
            continue
        if not name:
            errors.add("partners", _("Partner %(n)s: name the service or partner."), "name", n=n)
        partners.append({"name": name, "written_agreement_needed": written, "note": note})
    return {"partners": partners}


def _validate_disputes(data, template, errors):
    steps = _lines(data.get("steps"), "steps", errors, MEDIUM)
    if not steps and "steps" not in errors.items:
        errors.add("steps", _("Describe at least one step for resolving disputes."), "required")
    return {"steps": steps}


def _validate_validity(data, template, errors):
    valid_from = _date(data.get("valid_from"), "valid_from", errors)
    valid_to = _date(data.get("valid_to"), "valid_to", errors)
    until_renewed = _flag(data.get("until_renewed"))
    if valid_from and valid_to and valid_to <= valid_from:
        errors.add("valid_to", _("The end date must be after the start date."), "order")
    if valid_to and until_renewed:
        errors.add(
            "valid_to",
            _(
                "Give an end date or tick that the agreement applies until it is "
                "renewed – not both."
            ),
            "both",
        )
    if valid_from and not valid_to and not until_renewed and "valid_to" not in errors.items:
        errors.add(
            "valid_to",
            _("Give an end date, or tick that the agreement applies until it is renewed."),
            "required",
        )
    evaluation = _integer(
        data.get("evaluation_interval_months"),
        "evaluation_interval_months",
        errors,
        EVALUATION_RANGE,
        required=_("Write how often, in months, the agreement is evaluated."),
        out_of_range=_("The evaluation interval is between %(min)s and %(max)s months."),
    )
    notice = _integer(
        data.get("notice_months"),
        "notice_months",
        errors,
        NOTICE_RANGE,
        required=_("Write the period of notice in months."),
        out_of_range=_("The period of notice is between %(min)s and %(max)s months."),
    )
    return {
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
        "until_renewed": until_renewed,
        "evaluation_interval_months": evaluation,
        "notice_months": notice,
    }


_VALIDATORS = {
    PARTIES: _validate_parties,
    MEETINGS: _validate_meetings,
    LEADERSHIP: _validate_leadership,
    DELEGATION: _validate_delegation,
    OPERATING_AGREEMENT: _validate_operating_agreement,
    SERVICES: _validate_services,
    COOPERATION: _validate_cooperation,
    DISPUTES: _validate_disputes,
    VALIDITY: _validate_validity,
}
