"""The structured parts of an agreement's sections, besides their free text.

Some veileder points carry data that other parts of the product read (who signs, how often the
partnership meets, which services the office offers, when the agreement ends …). It is stored
as JSON in ``AgreementSection.structured``; the kind comes from ``TemplateSection.structured``.

* ``initial()``  – the proposal a new agreement starts from (from the partnership and veileder);
* ``validate()`` – checks and normalises data from any source; the only way data is saved;
* ``is_empty()`` – whether nothing meaningful is filled in (the completeness check uses it);
* ``render()``   – the part as readable, escaped HTML, as in the printed agreement;
* ``editor()``   – the form (and formsets for lists) that edits it, prefix ``structured``.

The rendered text is the agreement's own wording and therefore always Norwegian, like the
section texts; the editor's labels and the validation messages are translated UI strings.

JSON schema per kind (other apps read these keys)::

    parties              {"municipal_party": str, "state_party": str,
                          "covered_municipalities": [str],
                          "signatories": [{"side": "municipal"|"state", "name": str, "title": str}]}
    meetings             {"meetings_per_year": int 1..24, "chair": str, "agenda_owner": str,
                          "participants": [str]}
    leadership           {"model": "one"|"two", "employment": "state"|"municipal"|"both"}
    delegation           {"delegated": bool, "decision_reference": str,
                          "task_areas": [{"area": str, "owner": "municipal"|"state",
                                          "description": str}]}
    operating_agreement  {"cost_key": "arsverk"|"percentage"|"area"|"per_item",
                          "tenant": "municipal"|"state"|"", "note": str}
    services             {"legal_minimum": [str], "optional": [str]}
    cooperation          {"partners": [{"name": str, "written_agreement_needed": bool,
                                        "note": str}]}
    disputes             {"steps": [str]}
    validity             {"valid_from": "YYYY-MM-DD"|None, "valid_to": "YYYY-MM-DD"|None,
                          "until_renewed": bool, "evaluation_interval_months": int 1..60,
                          "notice_months": int 0..24}

When a part counts as empty (``is_empty``):

* parties: no party names, no covered municipalities and no signatories;
* meetings: no number of meetings, chair, agenda owner or participants;
* leadership: the model or the terms of employment is not chosen yet;
* delegation: nothing is delegated and no task areas are listed. "No delegation" is then said,
  if at all, in the section's text; the part renders as nothing;
* operating_agreement: no cost key, tenant or note;
* services: neither legal minimum nor optional services (never, once initialised);
* cooperation: no partners; disputes: no steps;
* validity: no dates and not "until renewed".
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms import Form, Media, formset_factory
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from partnerships.models import Membership, Partnership

from .models import VeilederTemplate

NONE = "none"
PARTIES = "parties"
MEETINGS = "meetings"
LEADERSHIP = "leadership"
DELEGATION = "delegation"
OPERATING_AGREEMENT = "operating_agreement"
SERVICES = "services"
COOPERATION = "cooperation"
DISPUTES = "disputes"
VALIDITY = "validity"

SIDES = ("municipal", "state")
LEADERSHIP_MODELS = ("one", "two")
EMPLOYMENTS = ("state", "municipal", "both")
COST_KEYS = ("arsverk", "percentage", "area", "per_item")
TENANTS = ("municipal", "state", "")

SHORT = 200  # names, titles, one service
MEDIUM = 500  # a step of the dispute ladder, a reference
LONG = 2000  # notes
MAX_ROWS = 30  # rows of any list
MEETINGS_RANGE = (1, 24)
EVALUATION_RANGE = (1, 60)
NOTICE_RANGE = (0, 24)

# The ladder of veileder 7.0. With a central partnership above (Oslo: seed 004) a local
# dispute goes to the central cooperation committee; otherwise to rådmann and fylkesdirektør
# (rammeavtalen KS–departementet). Both end in the tribunal of the regulation of 12 March 2007.
TRIBUNAL_STEP = (
    "Nemndbasert tvisteløsning etter forskrift om løsning av tvister mellom Arbeids- og "
    "velferdsetaten og kommunene etter arbeids- og velferdsforvaltningsloven"
)
DISPUTE_STEPS_WITH_CENTRAL = [
    "Forhandling i det lokale partnerskapsmøtet",
    "Sentralt samarbeidsutvalg (saken fremmes skriftlig, og aktuell bydelsdirektør deltar)",
    TRIBUNAL_STEP,
]
DISPUTE_STEPS_CENTRAL = ["Forhandling i sentralt samarbeidsutvalg", TRIBUNAL_STEP]
DISPUTE_STEPS = [
    "Forhandling i det lokale partnerskapet",
    "Rådmannen og direktøren for NAV fylke",
    TRIBUNAL_STEP,
]


# --- initial ---------------------------------------------------------------------------------


def initial(kind: str, template: VeilederTemplate, partnership: Partnership) -> dict:
    """The proposal a new agreement's section starts from; it passes validate(). Leadership
    leaves the terms of employment open, so that part counts as empty until they are chosen."""
    if kind in (None, NONE):
        return {}
    if kind == PARTIES:
        return _initial_parties(partnership)
    if kind == MEETINGS:
        return {
            "meetings_per_year": 2,
            "chair": "",
            "agenda_owner": "NAV-leder",
            "participants": [],
        }
    if kind == LEADERSHIP:
        office = partnership.office
        model = office.leadership_model if office is not None else ""
        return {"model": model, "employment": ""}
    if kind == DELEGATION:
        return {"delegated": False, "decision_reference": "", "task_areas": []}
    if kind == OPERATING_AGREEMENT:
        return {"cost_key": "arsverk", "tenant": "", "note": ""}
    if kind == SERVICES:
        return {"legal_minimum": list(template.legal_minimum_services), "optional": []}
    if kind == COOPERATION:
        return {"partners": []}
    if kind == DISPUTES:
        if partnership.kind == Partnership.Kind.CENTRAL:
            steps = DISPUTE_STEPS_CENTRAL
        elif partnership.parent_id:
            steps = DISPUTE_STEPS_WITH_CENTRAL
        else:
            steps = DISPUTE_STEPS
        return {"steps": list(steps)}
    if kind == VALIDITY:
        return {
            "valid_from": None,
            "valid_to": None,
            "until_renewed": True,
            "evaluation_interval_months": 12,
            "notice_months": 3,
        }
    raise ValueError(f"Unknown structured kind: {kind!r}")


def _initial_parties(partnership: Partnership) -> dict:
    party = partnership.municipal_party
    municipal = party.name
    if party.parent_id:  # a bydel: "Bydel Grorud, Oslo kommune"
        municipal = f"{party.name}, {party.parent.name}"
    covered, signatories = [], []
    if partnership.pk:
        covered = list(
            partnership.covered_municipalities.order_by("name").values_list("name", flat=True)
        )
        # Those who already sign for a side on this partnership, when their name and title
        # are known; the parties can change them.
        for membership in (
            partnership.memberships.filter(role=Membership.Role.SIGNATORY, side__in=SIDES)
            .select_related("user")
            .order_by("side", "pk")
        ):
            name = membership.user.get_full_name().strip()
            if name and membership.title.strip():
                signatories.append(
                    {"side": membership.side, "name": name, "title": membership.title.strip()}
                )
    return {
        "municipal_party": municipal,
        "state_party": partnership.state_party.name,
        "covered_municipalities": covered,
        "signatories": signatories,
    }


# --- validate --------------------------------------------------------------------------------


class _Errors:
    def __init__(self):
        self.items: dict[str, list[ValidationError]] = {}

    def add(self, key: str, message, code: str, **params) -> None:
        self.items.setdefault(key, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    def __bool__(self):
        return bool(self.items)


def validate(kind: str, data: dict, template: VeilederTemplate) -> dict:
    """Check and normalise a structured part. Returns a JSON-serialisable dict with exactly
    the kind's keys (dates as ISO strings); raises ValidationError keyed by field."""
    if kind in (None, NONE):
        return {}
    validator = _VALIDATORS.get(kind)
    if validator is None:
        raise ValueError(f"Unknown structured kind: {kind!r}")
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
        if side not in SIDES:
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
        if owner not in SIDES:
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


# --- is_empty --------------------------------------------------------------------------------


def _str(data: dict, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _strs(data: dict, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _dicts(data: dict, key: str) -> list[dict]:
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def is_empty(kind: str | None, data: dict) -> bool:
    """True when nothing meaningful is filled in (see the module docstring for each kind)."""
    if kind in (None, NONE) or not isinstance(data, dict) or not data:
        return True
    if kind == PARTIES:
        return not (
            _str(data, "municipal_party")
            or _str(data, "state_party")
            or _strs(data, "covered_municipalities")
            or _dicts(data, "signatories")
        )
    if kind == MEETINGS:
        return not (
            data.get("meetings_per_year")
            or _str(data, "chair")
            or _str(data, "agenda_owner")
            or _strs(data, "participants")
        )
    if kind == LEADERSHIP:
        return not (_str(data, "model") and _str(data, "employment"))
    if kind == DELEGATION:
        return not (data.get("delegated") is True or _dicts(data, "task_areas"))
    if kind == OPERATING_AGREEMENT:
        return not (_str(data, "cost_key") or _str(data, "tenant") or _str(data, "note"))
    if kind == SERVICES:
        return not (_strs(data, "legal_minimum") or _strs(data, "optional"))
    if kind == COOPERATION:
        return not _dicts(data, "partners")
    if kind == DISPUTES:
        return not _strs(data, "steps")
    if kind == VALIDITY:
        return not (
            data.get("valid_from") or data.get("valid_to") or data.get("until_renewed") is True
        )
    return True


# --- render ----------------------------------------------------------------------------------

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
SIDE_NB = {"municipal": "For kommunen", "state": "For NAV (staten)"}
OWNER_NB = {"municipal": "kommunens myndighetsområde", "state": "statens myndighetsområde"}
COST_KEY_NB = {
    "arsverk": "etter antall årsverk hver eier har i NAV-kontoret",
    "percentage": "etter en prosentvis fordeling som partene avtaler",
    "area": "etter arealet hver eier disponerer",
    "per_item": "post for post etter faktisk bruk",
}
TENANT_NB = {
    "municipal": "Kommunen står som leietaker for lokalene og viderefakturerer statens andel.",
    "state": "NAV (staten) står som leietaker for lokalene og viderefakturerer kommunens andel.",
}


def _nb_date(value) -> str:
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value or "")
    return f"{date.day}. {MONTHS_NB[date.month - 1]} {date.year}"


def _int(data: dict, key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ul(items) -> SafeString:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def _join(separator: str, parts) -> SafeString:
    """Join escaping what is not already safe HTML."""
    return format_html_join(separator, "{}", ((part,) for part in parts if part))


def _wrap(kind: str, *parts) -> SafeString:
    return format_html('<div class="structured structured-{}">{}</div>', kind, _join("", parts))


def render(kind: str | None, data: dict) -> SafeString:
    """The part as short, readable Norwegian HTML, as in the printed agreement. Everything
    from the data is escaped. Empty string when the part is empty."""
    if is_empty(kind, data):
        return mark_safe("")
    renderer = _RENDERERS.get(kind)
    return _wrap(kind, *renderer(data)) if renderer else mark_safe("")


def _render_parties(data):
    rows = []
    if municipal := _str(data, "municipal_party"):
        rows.append(format_html("<dt>Kommunal part</dt><dd>{}</dd>", municipal))
    if state := _str(data, "state_party"):
        rows.append(format_html("<dt>Statlig part</dt><dd>{}</dd>", state))
    if covered := _strs(data, "covered_municipalities"):
        rows.append(
            format_html(
                "<dt>Kommuner som omfattes (vertskommunesamarbeid)</dt><dd>{}</dd>",
                ", ".join(covered),
            )
        )
    signatories = [
        format_html(
            "{}: {}, {}", SIDE_NB.get(s.get("side"), "Part"), _str(s, "name"), _str(s, "title")
        )
        for s in _dicts(data, "signatories")
    ]
    if signatories:
        rows.append(format_html("<dt>Underskrivere</dt><dd>{}</dd>", _ul(signatories)))
    return [format_html("<dl>{}</dl>", _join("", rows))]


def _render_meetings(data):
    sentences = []
    if meetings := _int(data, "meetings_per_year"):
        times = "gang" if meetings == 1 else "ganger"
        sentences.append(
            format_html("Partnerskapsmøtet holdes minst {} {} i året.", meetings, times)
        )
    if chair := _str(data, "chair"):
        sentences.append(format_html("Møteleder: {}.", chair.rstrip(".")))
    if owner := _str(data, "agenda_owner"):
        sentences.append(format_html("{} har ansvaret for dagsorden.", owner.rstrip(".")))
    parts = []
    if sentences:
        parts.append(format_html("<p>{}</p>", _join(" ", sentences)))
    if participants := _strs(data, "participants"):
        parts.append(format_html("<p>Faste deltakere: {}.</p>", ", ".join(participants)))
    return parts


def _render_leadership(data):
    model, employment = _str(data, "model"), _str(data, "employment")
    if model == "two":
        text = (
            "NAV-kontoret ledes av to ledere, én fra hver eier: én ansatt på kommunale "
            "vilkår og én ansatt på statlige vilkår."
        )
    elif employment == "state":
        text = "NAV-kontoret ledes av én felles NAV-leder, ansatt på statlige vilkår."
    elif employment == "municipal":
        text = "NAV-kontoret ledes av én felles NAV-leder, ansatt på kommunale vilkår."
    else:
        text = "NAV-kontoret ledes av én felles NAV-leder."
    return [format_html("<p>{}</p>", text)]


def _render_delegation(data):
    parts = []
    if data.get("delegated") is True:
        reference = _str(data, "decision_reference")
        if reference:
            parts.append(
                format_html(
                    "<p>Eierne delegerer myndighet i delegasjonsvedtak ({}), som er vedlegg til "
                    "avtalen.</p>",
                    reference,
                )
            )
        else:
            parts.append(
                format_html(
                    "<p>{}</p>",
                    "Eierne delegerer myndighet i delegasjonsvedtak, som er vedlegg til avtalen.",
                )
            )
    areas = []
    for row in _dicts(data, "task_areas"):
        owner = OWNER_NB.get(row.get("owner"), "den andre eierens myndighetsområde")
        description = _str(row, "description")
        areas.append(
            format_html(
                "<strong>{}</strong> ({}){}",
                _str(row, "area"),
                owner,
                format_html(": {}", description) if description else "",
            )
        )
    if areas:
        parts.append(
            format_html(
                "<p>Ansatte hos den ene eieren kan utføre oppgaver på den andre eierens "
                "myndighetsområde innen:</p>{}",
                _ul(areas),
            )
        )
    return parts


def _render_operating_agreement(data):
    parts = []
    if cost_key := COST_KEY_NB.get(_str(data, "cost_key")):
        parts.append(
            format_html("<p>Felles driftskostnader fordeles mellom eierne {}.</p>", cost_key)
        )
    if tenant := TENANT_NB.get(_str(data, "tenant")):
        parts.append(format_html("<p>{}</p>", tenant))
    if note := _str(data, "note"):
        parts.append(mark_safe(linebreaks(note, autoescape=True)))  # noqa: S308 - escaped
    return parts


def _render_services(data):
    parts = []
    if legal := _strs(data, "legal_minimum"):
        parts.append(
            format_html(
                "<p>NAV-kontoret skal som et minimum dekke kommunens ansvar etter "
                "sosialtjenesteloven for:</p>{}",
                _ul(legal),
            )
        )
    if optional := _strs(data, "optional"):
        parts.append(
            format_html(
                "<p>I tillegg inngår disse kommunale tjenestene i NAV-kontoret:</p>{}",
                _ul(optional),
            )
        )
    return parts


def _render_cooperation(data):
    items = []
    for row in _dicts(data, "partners"):
        written = (
            " Det skal inngås egen skriftlig avtale."
            if row.get("written_agreement_needed") is True
            else ""
        )
        note = _str(row, "note")
        items.append(
            format_html(
                "<strong>{}</strong>{}{}",
                _str(row, "name"),
                written,
                format_html(" {}", note) if note else "",
            )
        )
    return [format_html("<p>NAV-kontoret har et forpliktende samarbeid med:</p>{}", _ul(items))]


def _render_disputes(data):
    steps = format_html_join("", "<li>{}</li>", ((s,) for s in _strs(data, "steps")))
    return [
        format_html(
            "<p>Uenighet mellom partene søkes løst i denne rekkefølgen:</p><ol>{}</ol>", steps
        )
    ]


def _render_validity(data):
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    until_renewed = data.get("until_renewed") is True
    start = f" fra {_nb_date(valid_from)}" if valid_from else ""
    if valid_to:
        period = f"Avtalen gjelder{start} til og med {_nb_date(valid_to)}."
    elif until_renewed:
        period = (
            f"Avtalen gjelder{start} og inntil den fornyes, eller til en av partene sier den opp."
        )
    else:
        period = f"Avtalen gjelder{start}."
    sentences = [period]  # plain text, escaped when joined
    evaluation = _int(data, "evaluation_interval_months")
    if evaluation == 1:
        sentences.append("Avtalen evalueres hver måned.")
    elif evaluation == 12:
        sentences.append("Avtalen evalueres hvert år.")
    elif evaluation:
        sentences.append(f"Avtalen evalueres hver {evaluation}. måned.")
    notice = _int(data, "notice_months")
    if notice == 0:
        sentences.append("Avtalen kan sies opp uten oppsigelsestid.")
    elif notice:
        months = "måneds" if notice == 1 else "måneders"
        sentences.append(f"Oppsigelse skal gis med minst {notice} {months} varsel.")
    return [format_html("<p>{}</p>", _join(" ", sentences))]


_RENDERERS = {
    PARTIES: _render_parties,
    MEETINGS: _render_meetings,
    LEADERSHIP: _render_leadership,
    DELEGATION: _render_delegation,
    OPERATING_AGREEMENT: _render_operating_agreement,
    SERVICES: _render_services,
    COOPERATION: _render_cooperation,
    DISPUTES: _render_disputes,
    VALIDITY: _render_validity,
}


# --- editor: forms ---------------------------------------------------------------------------

CHOOSE = ("", _("Choose…"))
SIDE_CHOICES = [CHOOSE, ("municipal", _("The municipality")), ("state", _("NAV (the state)"))]
OWNER_CHOICES = [
    CHOOSE,
    ("municipal", _("The municipality's area of authority")),
    ("state", _("The state's (NAV's) area of authority")),
]


class _BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget, and is-invalid on fields with errors. Django adds
    aria-invalid and aria-describedby (help text, error) itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _line_formset(*, legend, help_text, row_label, max_length=SHORT, extra=2, multiline=False):
    """A formset for a list of text lines; an empty line is dropped."""
    widget = forms.Textarea(attrs={"rows": 2}) if multiline else forms.TextInput
    form = type(
        "LineForm",
        (_BootstrapForm,),
        {
            "value": forms.CharField(required=False, max_length=max_length, widget=widget),
        },
    )
    return formset_factory(
        form,
        formset=_LinesFormSet,
        extra=extra,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS + 20,
    ), {"legend": legend, "help_text": help_text, "row_label": row_label}


class _RowsFormSet(forms.BaseFormSet):
    legend = ""
    help_text = ""
    row_label = _("Row %(n)s")
    remove_label = _("Remove row %(n)s")

    def __init__(self, *args, legend="", help_text="", row_label=None, remove_label=None, **kwargs):
        self.legend, self.help_text = legend, help_text
        self.row_label = row_label or self.row_label
        self.remove_label = remove_label or self.remove_label
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        n = (index or 0) + 1
        form.legend = self.row_label % {"n": n}
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label % {"n": n}
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[dict]:
        """The cleaned, non-blank, non-deleted rows, in order."""
        rows = []
        for form in self.forms:
            data = dict(getattr(form, "cleaned_data", None) or {})
            if not data or data.pop("DELETE", False):
                continue
            if any(value not in ("", None, False, []) for value in data.values()):
                rows.append(data)
        return rows


class _LinesFormSet(_RowsFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["value"].label = form.legend

    def lines(self) -> list[str]:
        return [row["value"] for row in self.rows() if row.get("value", "").strip()]


def _rows_formset(form, *, extra=2):
    return formset_factory(
        form,
        formset=_RowsFormSet,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS + 20,
    )


class _RequireWhenFilled(_BootstrapForm):
    """A row of a list: left empty it is ignored; filled in, `row_required` must be given."""

    row_required: dict[str, object] = {}
    filled_when: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.filled_when):
            for name, message in self.row_required.items():
                if not data.get(name) and name not in self._errors:
                    self.add_error(name, message)
        return data


class PartiesForm(_BootstrapForm):
    municipal_party = forms.CharField(
        label=_("Municipal party"),
        max_length=SHORT,
        help_text=_(
            "The municipality, the host municipality (vertskommune) or the city "
            "district, as it is to be written in the agreement."
        ),
    )
    state_party = forms.CharField(
        label=_("State party"),
        max_length=SHORT,
        help_text=_("The NAV county office."),
    )


class SignatoryForm(_RequireWhenFilled):
    side = forms.ChoiceField(label=_("Signs for"), choices=SIDE_CHOICES, required=False)
    name = forms.CharField(label=_("Name"), max_length=SHORT, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=SHORT,
        required=False,
        help_text=_("E.g. rådmann, bydelsdirektør or direktør NAV fylke."),
    )
    filled_when = ("name", "title")
    row_required = {
        "side": _("Choose which party they sign for."),
        "name": _("Write the name."),
        "title": _("Write the title."),
    }


class MeetingsForm(_BootstrapForm):
    meetings_per_year = forms.IntegerField(
        label=_("Partnership meetings a year, at least"),
        min_value=MEETINGS_RANGE[0],
        max_value=MEETINGS_RANGE[1],
        help_text=_(
            "The owners agree how often the partnership meets; at least twice a year is common."
        ),
    )
    chair = forms.CharField(
        label=_("Chair of the meetings"),
        max_length=SHORT,
        required=False,
        help_text=_("Preferably a role, e.g. rådmann."),
    )
    agenda_owner = forms.CharField(
        label=_("Responsible for the agenda"),
        max_length=SHORT,
        required=False,
        help_text=_("The veileder recommends that the NAV-leder is responsible for the agenda."),
    )


LEADERSHIP_CHOICES = [
    ("one_state", _("One common NAV-leder, employed on state terms")),
    ("one_municipal", _("One common NAV-leder, employed on municipal terms")),
    ("two", _("Two leaders, one employed by each party")),
]
LEADERSHIP_ARRANGEMENTS = {
    "one_state": ("one", "state"),
    "one_municipal": ("one", "municipal"),
    "two": ("two", "both"),
}


class LeadershipForm(_BootstrapForm):
    arrangement = forms.ChoiceField(
        label=_("How the NAV office is led"),
        choices=LEADERSHIP_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Agree on the terms before the position of NAV-leder is advertised. Until "
            "they are chosen, this part of the section counts as not filled in."
        ),
    )


class DelegationForm(_BootstrapForm):
    delegated = forms.BooleanField(
        label=_("The owners delegate authority in a delegation decision (delegasjonsvedtak)"),
        required=False,
        help_text=_(
            "Needed if staff of one owner are to make decisions on the other owner's "
            "area of authority. The decision must be attached to the agreement."
        ),
    )
    decision_reference = forms.CharField(
        label=_("Reference to the delegation decision"),
        max_length=MEDIUM,
        required=False,
        help_text=_("E.g. the case number and date of the decision."),
    )


class TaskAreaForm(_RequireWhenFilled):
    area = forms.CharField(label=_("Task area"), max_length=SHORT, required=False)
    owner = forms.ChoiceField(
        label=_("Whose area of authority"), choices=OWNER_CHOICES, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    filled_when = ("area", "description")
    row_required = {
        "area": _("Name the task area."),
        "owner": _("Choose whose area of authority it is."),
    }


class OperatingAgreementForm(_BootstrapForm):
    cost_key = forms.ChoiceField(
        label=_("How the common running costs are shared"),
        widget=forms.RadioSelect,
        choices=[
            (
                "arsverk",
                _(
                    "By the number of full-time equivalents (årsverk) each owner has at "
                    "the office – recommended by the veileder"
                ),
            ),
            ("percentage", _("By an agreed percentage")),
            ("area", _("By the floor area each owner uses")),
            ("per_item", _("Cost item by cost item, by actual use")),
        ],
        error_messages={"required": _("Choose how the common running costs are shared.")},
    )
    tenant = forms.ChoiceField(
        label=_("Tenant of the premises"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            ("municipal", _("The municipality")),
            ("state", _("NAV (the state)")),
            ("", _("Neither, or not decided")),
        ],
    )
    note = forms.CharField(
        label=_("Other provisions"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. which common costs are shared. The operating agreement itself can "
            "be attached to the agreement."
        ),
    )


class ServicesForm(_BootstrapForm):
    optional = forms.MultipleChoiceField(
        label=_("Further municipal services at the NAV office"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["optional"].choices = [(s, s) for s in services]


class PartnerForm(_RequireWhenFilled):
    name = forms.CharField(label=_("Service or partner"), max_length=SHORT, required=False)
    written_agreement_needed = forms.BooleanField(
        label=_("A separate written agreement is needed"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=LONG, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    filled_when = ("name", "note", "written_agreement_needed")
    row_required = {"name": _("Name the service or partner.")}


class ValidityForm(_BootstrapForm):
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if the agreement applies until it is renewed."),
    )
    until_renewed = forms.BooleanField(
        label=_(
            "The agreement applies until it is renewed, or until one of the parties terminates it"
        ),
        required=False,
    )
    evaluation_interval_months = forms.IntegerField(
        label=_("Evaluation interval in months"),
        min_value=EVALUATION_RANGE[0],
        max_value=EVALUATION_RANGE[1],
    )
    notice_months = forms.IntegerField(
        label=_("Period of notice in months"),
        min_value=NOTICE_RANGE[0],
        max_value=NOTICE_RANGE[1],
    )


# --- editor ----------------------------------------------------------------------------------


class StructuredEditor:
    """The form (and formsets for lists of records) that edit one structured part.

    Render with ``{% include editor.template_name with editor=editor %}`` inside the section's
    own <form>. ``is_valid()`` also runs ``validate()``, so a valid editor's ``cleaned()`` is
    always accepted by the service; its messages are shown at the fields they concern."""

    prefix = "structured"
    form_class: type[Form] = _BootstrapForm
    # Keys of validate()'s errors that belong to another field of the editor.
    error_fields: dict[str, str] = {}

    def __init__(self, kind: str, template: VeilederTemplate, *, data=None, initial: dict):
        self.kind = kind
        self.veileder = template
        self.template_name = f"agreements/structured/{kind}.html"
        initial = initial if isinstance(initial, dict) else {}
        self.form = self.form_class(
            data=data,
            initial=self.form_initial(initial),
            prefix=self.prefix,
            **self.form_kwargs(),
        )
        self.formsets: dict[str, _RowsFormSet] = {
            name: formset_class(
                data=data,
                initial=self.formset_initial(name, initial),
                prefix=f"{self.prefix}-{name.replace('_', '-')}",
                **options,
            )
            for name, (formset_class, options) in self.formset_classes().items()
        }
        self._valid: bool | None = None
        self._cleaned: dict | None = None

    # To override per kind.
    def form_kwargs(self) -> dict:
        return {}

    def formset_classes(self) -> dict[str, tuple[type, dict]]:
        return {}

    def form_initial(self, data: dict) -> dict:
        return {name: data.get(name) for name in self.form_class.base_fields}

    def formset_initial(self, name: str, data: dict) -> list[dict]:
        return _dicts(data, name)

    def collect(self) -> dict:
        return dict(self.form.cleaned_data)

    # The interface.
    def is_valid(self) -> bool:
        if self._valid is None:
            valid = self.form.is_valid()
            for formset in self.formsets.values():
                valid = formset.is_valid() and valid
            if valid:
                try:
                    self._cleaned = validate(self.kind, self.collect(), self.veileder)
                except ValidationError as exc:
                    self._attach(exc)
                    valid = False
            self._valid = valid
        return self._valid

    def cleaned(self) -> dict:
        """The normalised data for validate() and the service; only after is_valid()."""
        if not self.is_valid():
            raise ValueError("The structured editor is not valid.")
        return self._cleaned

    @property
    def forms(self) -> list[Form]:
        """Every form the editor posts: its form, and each formset's management form and rows."""
        result = [self.form]
        for formset in self.formsets.values():
            result.append(formset.management_form)
            result.extend(formset.forms)
        return result

    @property
    def non_field_errors(self):
        return self.form.non_field_errors()

    @property
    def errors(self) -> dict[str, list[str]]:
        """Every message, by field or list name (a list's row errors under the list's name)."""
        errors = {name: list(messages) for name, messages in self.form.errors.items()}
        for name, formset in self.formsets.items():
            messages = list(formset.non_form_errors())
            for row_errors in formset.errors if formset.is_bound else []:
                for field_messages in row_errors.values():
                    messages.extend(field_messages)
            if messages:
                errors[name] = messages
        return errors

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def media(self) -> Media:
        media = self.form.media
        for formset in self.formsets.values():
            media += formset.media
        return media

    def _attach(self, exc: ValidationError) -> None:
        items = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for key, errors in items.items():
            target = self.error_fields.get(key, key)
            if target in self.formsets:
                self.formsets[target].non_form_errors().extend(errors)
            elif target in self.form.fields:
                self.form.add_error(target, errors)
            else:
                self.form.add_error(None, errors)


def _lines_initial(data: dict, key: str) -> list[dict]:
    return [{"value": line} for line in _strs(data, key)]


class PartiesEditor(StructuredEditor):
    form_class = PartiesForm

    def formset_classes(self):
        lines, options = _line_formset(
            legend=_("Other municipalities covered by the agreement"),
            help_text=_(
                "Only for a host municipality (vertskommune): the municipalities that "
                "have delegated their authority to it. Leave a line empty to remove "
                "it."
            ),
            row_label=_("Municipality %(n)s"),
        )
        return {
            "covered_municipalities": (lines, options),
            "signatories": (
                _rows_formset(SignatoryForm),
                {
                    "legend": _("Signatories"),
                    "help_text": _(
                        "Who signs the agreement for each party, usually the rådmann "
                        "and the director of the NAV county office."
                    ),
                    "row_label": _("Signatory %(n)s"),
                    "remove_label": _("Remove signatory %(n)s"),
                },
            ),
        }

    def formset_initial(self, name, data):
        if name == "covered_municipalities":
            return _lines_initial(data, name)
        return super().formset_initial(name, data)

    def collect(self):
        return {
            **self.form.cleaned_data,
            "covered_municipalities": self.formsets["covered_municipalities"].lines(),
            "signatories": self.formsets["signatories"].rows(),
        }


class MeetingsEditor(StructuredEditor):
    form_class = MeetingsForm

    def formset_classes(self):
        return {
            "participants": _line_formset(
                legend=_("Permanent participants"),
                help_text=_(
                    "Roles, e.g. rådmann, direktør NAV fylke and NAV-leder. Leave a line "
                    "empty to remove it."
                ),
                row_label=_("Participant %(n)s"),
            )
        }

    def formset_initial(self, name, data):
        return _lines_initial(data, name)

    def collect(self):
        return {**self.form.cleaned_data, "participants": self.formsets["participants"].lines()}


class LeadershipEditor(StructuredEditor):
    form_class = LeadershipForm
    error_fields = {"model": "arrangement", "employment": "arrangement"}

    def form_initial(self, data):
        model, employment = data.get("model"), data.get("employment")
        self._initial_model = model if model in LEADERSHIP_MODELS else ""
        if model == "two":  # two leaders: each party employs one
            return {"arrangement": "two"}
        if model == "one" and employment in ("state", "municipal"):
            return {"arrangement": f"one_{employment}"}
        return {}

    def collect(self):
        arrangement = self.form.cleaned_data.get("arrangement")
        if arrangement in LEADERSHIP_ARRANGEMENTS:
            model, employment = LEADERSHIP_ARRANGEMENTS[arrangement]
            return {"model": model, "employment": employment}
        # Not chosen yet: keep the model proposed from the office, terms still open.
        return {"model": self._initial_model, "employment": ""}


class DelegationEditor(StructuredEditor):
    form_class = DelegationForm

    def formset_classes(self):
        return {
            "task_areas": (
                _rows_formset(TaskAreaForm),
                {
                    "legend": _("Tasks on the other owner's area of authority"),
                    "help_text": _(
                        "Where staff employed by one owner may carry out tasks, and make "
                        "decisions, on the other owner's area of authority."
                    ),
                    "row_label": _("Task area %(n)s"),
                    "remove_label": _("Remove task area %(n)s"),
                },
            )
        }

    def collect(self):
        return {**self.form.cleaned_data, "task_areas": self.formsets["task_areas"].rows()}


class OperatingAgreementEditor(StructuredEditor):
    form_class = OperatingAgreementForm


class ServicesEditor(StructuredEditor):
    form_class = ServicesForm

    @property
    def legal_minimum(self) -> list[str]:
        return list(self.veileder.legal_minimum_services)

    @property
    def examples(self) -> list[str]:
        return list(self.veileder.optional_services)

    def form_kwargs(self):
        return {"services": self.examples}

    def formset_classes(self):
        return {
            "other": _line_formset(
                legend=_("Other municipal services"),
                help_text=_(
                    "Services that are not in the list above. Leave a line empty to remove it."
                ),
                row_label=_("Service %(n)s"),
                extra=3,
            )
        }

    def form_initial(self, data):
        examples = set(self.examples)
        return {"optional": [s for s in _strs(data, "optional") if s in examples]}

    def formset_initial(self, name, data):
        examples = set(self.examples)
        return [{"value": s} for s in _strs(data, "optional") if s not in examples]

    def collect(self):
        return {
            "legal_minimum": self.legal_minimum,
            "optional": [*self.form.cleaned_data["optional"], *self.formsets["other"].lines()],
        }


class CooperationEditor(StructuredEditor):
    def formset_classes(self):
        return {
            "partners": (
                _rows_formset(PartnerForm, extra=3),
                {
                    "legend": _("Services and partners the NAV office cooperates with"),
                    "help_text": _(
                        "E.g. schools, the health trust, the child welfare service, the "
                        "refugee service or employers."
                    ),
                    "row_label": _("Partner %(n)s"),
                    "remove_label": _("Remove partner %(n)s"),
                },
            )
        }

    def form_initial(self, data):
        return {}

    def collect(self):
        return {"partners": self.formsets["partners"].rows()}


class DisputesEditor(StructuredEditor):
    def formset_classes(self):
        return {
            "steps": _line_formset(
                legend=_("Steps for resolving disputes, in order"),
                help_text=_(
                    "The parties try the first step first. Leave a line empty to remove it."
                ),
                row_label=_("Step %(n)s"),
                max_length=MEDIUM,
                multiline=True,
            )
        }

    def form_initial(self, data):
        return {}

    def formset_initial(self, name, data):
        return _lines_initial(data, name)

    def collect(self):
        return {"steps": self.formsets["steps"].lines()}


class ValidityEditor(StructuredEditor):
    form_class = ValidityForm


_EDITORS: dict[str, type[StructuredEditor]] = {
    PARTIES: PartiesEditor,
    MEETINGS: MeetingsEditor,
    LEADERSHIP: LeadershipEditor,
    DELEGATION: DelegationEditor,
    OPERATING_AGREEMENT: OperatingAgreementEditor,
    SERVICES: ServicesEditor,
    COOPERATION: CooperationEditor,
    DISPUTES: DisputesEditor,
    VALIDITY: ValidityEditor,
}


def editor(kind: str, template: VeilederTemplate, *, data=None, initial: dict) -> StructuredEditor:
    """The editor of a structured part; bound when `data` (request.POST) is given."""
    editor_class = _EDITORS.get(kind)
    if editor_class is None:
        raise ValueError(f"No editor for structured kind: {kind!r}")
    return editor_class(kind, template, data=data, initial=initial)
