"""A structured part as readable HTML, as in the printed agreement. The wording is the
agreement's own and therefore always Norwegian, like the section texts."""

import datetime as dt

from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe

from partnerships.models import Side

from .base import (
    COOPERATION,
    DELEGATION,
    DISPUTES,
    LEADERSHIP,
    MEETINGS,
    OPERATING_AGREEMENT,
    PARTIES,
    SERVICES,
    VALIDITY,
    is_empty,
    read_int,
    read_lines,
    read_rows,
    read_text,
)

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
SIDE_NB = {Side.MUNICIPAL: "For kommunen", Side.STATE: "For NAV (staten)"}
OWNER_NB = {Side.MUNICIPAL: "kommunens myndighetsområde", Side.STATE: "statens myndighetsområde"}
COST_KEY_NB = {
    "arsverk": "etter antall årsverk hver eier har i NAV-kontoret",
    "percentage": "etter en prosentvis fordeling som partene avtaler",
    "area": "etter arealet hver eier disponerer",
    "per_item": "post for post etter faktisk bruk",
}
TENANT_NB = {
    Side.MUNICIPAL: "Kommunen står som leietaker for lokalene og viderefakturerer statens andel.",
    Side.STATE: "NAV (staten) står som leietaker for lokalene og viderefakturerer kommunens andel.",
}


def _nb_date(value) -> str:
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value or "")
    return f"{date.day}. {MONTHS_NB[date.month - 1]} {date.year}"


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
    if municipal := read_text(data, "municipal_party"):
        rows.append(format_html("<dt>Kommunal part</dt><dd>{}</dd>", municipal))
    if state := read_text(data, "state_party"):
        rows.append(format_html("<dt>Statlig part</dt><dd>{}</dd>", state))
    if covered := read_lines(data, "covered_municipalities"):
        rows.append(
            format_html(
                "<dt>Kommuner som omfattes (vertskommunesamarbeid)</dt><dd>{}</dd>",
                ", ".join(covered),
            )
        )
    signatories = [
        format_html(
            "{}: {}, {}",
            SIDE_NB.get(s.get("side"), "Part"),
            read_text(s, "name"),
            read_text(s, "title"),
        )
        for s in read_rows(data, "signatories")
    ]
    if signatories:
        rows.append(format_html("<dt>Underskrivere</dt><dd>{}</dd>", _ul(signatories)))
    return [format_html("<dl>{}</dl>", _join("", rows))]


def _render_meetings(data):
    sentences = []
    if meetings := read_int(data, "meetings_per_year"):
        times = "gang" if meetings == 1 else "ganger"
        sentences.append(
            format_html("Partnerskapsmøtet holdes minst {} {} i året.", meetings, times)
        )
    if chair := read_text(data, "chair"):
        sentences.append(format_html("Møteleder: {}.", chair.rstrip(".")))
    if owner := read_text(data, "agenda_owner"):
        sentences.append(format_html("{} har ansvaret for dagsorden.", owner.rstrip(".")))
    parts = []
    if sentences:
        parts.append(format_html("<p>{}</p>", _join(" ", sentences)))
    if participants := read_lines(data, "participants"):
        parts.append(format_html("<p>Faste deltakere: {}.</p>", ", ".join(participants)))
    return parts


def _render_leadership(data):
    model, employment = read_text(data, "model"), read_text(data, "employment")
    if model == "two":
        text = (
            "NAV-kontoret ledes av to ledere, én fra hver eier: én ansatt på kommunale "
            "vilkår og én ansatt på statlige vilkår."
        )
    elif employment == Side.STATE:
        text = "NAV-kontoret ledes av én felles NAV-leder, ansatt på statlige vilkår."
    elif employment == Side.MUNICIPAL:
        text = "NAV-kontoret ledes av én felles NAV-leder, ansatt på kommunale vilkår."
    else:
        text = "NAV-kontoret ledes av én felles NAV-leder."
    return [format_html("<p>{}</p>", text)]


def _render_delegation(data):
    parts = []
    if data.get("delegated") is True:
        reference = read_text(data, "decision_reference")
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
    for row in read_rows(data, "task_areas"):
        owner = OWNER_NB.get(row.get("owner"), "den andre eierens myndighetsområde")
        description = read_text(row, "description")
        areas.append(
            format_html(
                "<strong>{}</strong> ({}){}",
                read_text(row, "area"),
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
    if cost_key := COST_KEY_NB.get(read_text(data, "cost_key")):
        parts.append(
            format_html("<p>Felles driftskostnader fordeles mellom eierne {}.</p>", cost_key)
        )
    if tenant := TENANT_NB.get(read_text(data, "tenant")):
        parts.append(format_html("<p>{}</p>", tenant))
    if note := read_text(data, "note"):
        parts.append(mark_safe(linebreaks(note, autoescape=True)))  # noqa: S308 - escaped
    return parts


def _render_services(data):
    parts = []
    if legal := read_lines(data, "legal_minimum"):
        parts.append(
            format_html(
                "<p>NAV-kontoret skal som et minimum dekke kommunens ansvar etter "
                "sosialtjenesteloven for:</p>{}",
                _ul(legal),
            )
        )
    if optional := read_lines(data, "optional"):
        parts.append(
            format_html(
                "<p>I tillegg inngår disse kommunale tjenestene i NAV-kontoret:</p>{}",
                _ul(optional),
            )
        )
    return parts


def _render_cooperation(data):
    items = []
    for row in read_rows(data, "partners"):
        written = (
            " Det skal inngås egen skriftlig avtale."
            if row.get("written_agreement_needed") is True
            else ""
        )
        note = read_text(row, "note")
        items.append(
            format_html(
                "<strong>{}</strong>{}{}",
                read_text(row, "name"),
                written,
                format_html(" {}", note) if note else "",
            )
        )
    return [format_html("<p>NAV-kontoret har et forpliktende samarbeid med:</p>{}", _ul(items))]


def _render_disputes(data):
    steps = format_html_join("", "<li>{}</li>", ((s,) for s in read_lines(data, "steps")))
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
    evaluation = read_int(data, "evaluation_interval_months")
    if evaluation == 1:
        sentences.append("Avtalen evalueres hver måned.")
    elif evaluation == 12:
        sentences.append("Avtalen evalueres hvert år.")
    elif evaluation:
        sentences.append(f"Avtalen evalueres hver {evaluation}. måned.")
    notice = read_int(data, "notice_months")
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
