"""A structured part as readable HTML, as in the printed agreement. The wording is the
agreement's own, like the section texts: in the partnership's document language, bokmål or
nynorsk, whatever language the reader's pages are in. Each phrase is written in both forms
side by side (`w(bokmål, nynorsk)`); the months are the same in both."""

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

MONTHS = (
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


class _Words:
    """Picks the bokmål or the nynorsk form of a phrase: ``w("Statlig part", "Statleg part")``."""

    def __init__(self, language: str):
        self.nynorsk = language == "nn"

    def __call__(self, bokmal: str, nynorsk: str) -> str:
        return nynorsk if self.nynorsk else bokmal


def _date(value) -> str:
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value or "")
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}"


def _ul(items) -> SafeString:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def _join(separator: str, parts) -> SafeString:
    """Join escaping what is not already safe HTML."""
    return format_html_join(separator, "{}", ((part,) for part in parts if part))


def _wrap(kind: str, *parts) -> SafeString:
    return format_html('<div class="structured structured-{}">{}</div>', kind, _join("", parts))


def render(kind: str | None, data: dict, language: str = "nb") -> SafeString:
    """The part as short, readable HTML in `language` ("nb" or "nn": the partnership's
    document language), as in the printed agreement. Everything from the data is escaped.
    Empty string when the part is empty."""
    if is_empty(kind, data):
        return mark_safe("")
    renderer = _RENDERERS.get(kind)
    return _wrap(kind, *renderer(data, _Words(language))) if renderer else mark_safe("")


def _render_parties(data, w):
    rows = []
    if municipal := read_text(data, "municipal_party"):
        rows.append(
            format_html("<dt>{}</dt><dd>{}</dd>", w("Kommunal part", "Kommunal part"), municipal)
        )
    if state := read_text(data, "state_party"):
        rows.append(format_html("<dt>{}</dt><dd>{}</dd>", w("Statlig part", "Statleg part"), state))
    if covered := read_lines(data, "covered_municipalities"):
        rows.append(
            format_html(
                "<dt>{}</dt><dd>{}</dd>",
                w(
                    "Kommuner som omfattes (vertskommunesamarbeid)",
                    "Kommunar som er omfatta (vertskommunesamarbeid)",
                ),
                ", ".join(covered),
            )
        )
    sides = {Side.MUNICIPAL: "For kommunen", Side.STATE: "For NAV (staten)"}
    signatories = [
        format_html(
            "{}: {}, {}",
            sides.get(s.get("side"), "Part"),
            read_text(s, "name"),
            read_text(s, "title"),
        )
        for s in read_rows(data, "signatories")
    ]
    if signatories:
        rows.append(
            format_html(
                "<dt>{}</dt><dd>{}</dd>", w("Underskrivere", "Underskrivarar"), _ul(signatories)
            )
        )
    return [format_html("<dl>{}</dl>", _join("", rows))]


def _render_meetings(data, w):
    sentences = []
    if meetings := read_int(data, "meetings_per_year"):
        times = w("gang", "gong") if meetings == 1 else w("ganger", "gonger")
        sentences.append(
            format_html(
                w(
                    "Partnerskapsmøtet holdes minst {} {} i året.",
                    "Partnarskapsmøtet blir halde minst {} {} i året.",
                ),
                meetings,
                times,
            )
        )
    if chair := read_text(data, "chair"):
        sentences.append(format_html(w("Møteleder: {}.", "Møteleiar: {}."), chair.rstrip(".")))
    if owner := read_text(data, "agenda_owner"):
        sentences.append(
            format_html(
                w("{} har ansvaret for dagsorden.", "{} har ansvaret for sakslista."),
                owner.rstrip("."),
            )
        )
    parts = []
    if sentences:
        parts.append(format_html("<p>{}</p>", _join(" ", sentences)))
    if participants := read_lines(data, "participants"):
        parts.append(
            format_html(
                w("<p>Faste deltakere: {}.</p>", "<p>Faste deltakarar: {}.</p>"),
                ", ".join(participants),
            )
        )
    return parts


def _render_leadership(data, w):
    model, employment = read_text(data, "model"), read_text(data, "employment")
    if model == "two":
        text = w(
            "NAV-kontoret ledes av to ledere, én fra hver eier: én ansatt på kommunale "
            "vilkår og én ansatt på statlige vilkår.",
            "NAV-kontoret blir leidd av to leiarar, éin frå kvar eigar: éin tilsett på "
            "kommunale vilkår og éin tilsett på statlege vilkår.",
        )
    elif employment == Side.STATE:
        text = w(
            "NAV-kontoret ledes av én felles NAV-leder, ansatt på statlige vilkår.",
            "NAV-kontoret blir leidd av éin felles NAV-leiar, tilsett på statlege vilkår.",
        )
    elif employment == Side.MUNICIPAL:
        text = w(
            "NAV-kontoret ledes av én felles NAV-leder, ansatt på kommunale vilkår.",
            "NAV-kontoret blir leidd av éin felles NAV-leiar, tilsett på kommunale vilkår.",
        )
    else:
        text = w(
            "NAV-kontoret ledes av én felles NAV-leder.",
            "NAV-kontoret blir leidd av éin felles NAV-leiar.",
        )
    return [format_html("<p>{}</p>", text)]


def _render_delegation(data, w):
    parts = []
    if data.get("delegated") is True:
        reference = read_text(data, "decision_reference")
        if reference:
            parts.append(
                format_html(
                    w(
                        "<p>Eierne delegerer myndighet i delegasjonsvedtak ({}), som er "
                        "vedlegg til avtalen.</p>",
                        "<p>Eigarane delegerer mynde i delegasjonsvedtak ({}), som er "
                        "vedlegg til avtalen.</p>",
                    ),
                    reference,
                )
            )
        else:
            parts.append(
                format_html(
                    "<p>{}</p>",
                    w(
                        "Eierne delegerer myndighet i delegasjonsvedtak, som er vedlegg til "
                        "avtalen.",
                        "Eigarane delegerer mynde i delegasjonsvedtak, som er vedlegg til avtalen.",
                    ),
                )
            )
    owners = {
        Side.MUNICIPAL: w("kommunens myndighetsområde", "myndeområdet til kommunen"),
        Side.STATE: w("statens myndighetsområde", "myndeområdet til staten"),
    }
    areas = []
    for row in read_rows(data, "task_areas"):
        owner = owners.get(
            row.get("owner"),
            w("den andre eierens myndighetsområde", "myndeområdet til den andre eigaren"),
        )
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
                w(
                    "<p>Ansatte hos den ene eieren kan utføre oppgaver på den andre eierens "
                    "myndighetsområde innen:</p>{}",
                    "<p>Tilsette hos den eine eigaren kan utføre oppgåver på myndeområdet "
                    "til den andre eigaren innanfor:</p>{}",
                ),
                _ul(areas),
            )
        )
    return parts


def _render_operating_agreement(data, w):
    cost_keys = {
        "arsverk": w(
            "etter antall årsverk hver eier har i NAV-kontoret",
            "etter talet på årsverk kvar eigar har i NAV-kontoret",
        ),
        "percentage": w(
            "etter en prosentvis fordeling som partene avtaler",
            "etter ei prosentvis fordeling som partane avtaler",
        ),
        "area": w("etter arealet hver eier disponerer", "etter arealet kvar eigar disponerer"),
        "per_item": w("post for post etter faktisk bruk", "post for post etter faktisk bruk"),
    }
    tenants = {
        Side.MUNICIPAL: w(
            "Kommunen står som leietaker for lokalene og viderefakturerer statens andel.",
            "Kommunen står som leigetakar for lokala og fakturerer vidare delen til staten.",
        ),
        Side.STATE: w(
            "NAV (staten) står som leietaker for lokalene og viderefakturerer kommunens andel.",
            "NAV (staten) står som leigetakar for lokala og fakturerer vidare delen til kommunen.",
        ),
    }
    parts = []
    if cost_key := cost_keys.get(read_text(data, "cost_key")):
        parts.append(
            format_html(
                w(
                    "<p>Felles driftskostnader fordeles mellom eierne {}.</p>",
                    "<p>Felles driftskostnader blir fordelte mellom eigarane {}.</p>",
                ),
                cost_key,
            )
        )
    if tenant := tenants.get(read_text(data, "tenant")):
        parts.append(format_html("<p>{}</p>", tenant))
    if note := read_text(data, "note"):
        parts.append(mark_safe(linebreaks(note, autoescape=True)))  # noqa: S308 - escaped
    return parts


def _render_services(data, w):
    parts = []
    if legal := read_lines(data, "legal_minimum"):
        parts.append(
            format_html(
                w(
                    "<p>NAV-kontoret skal som et minimum dekke kommunens ansvar etter "
                    "sosialtjenesteloven for:</p>{}",
                    "<p>NAV-kontoret skal som eit minimum dekkje ansvaret kommunen har etter "
                    "sosialtenestelova for:</p>{}",
                ),
                _ul(legal),
            )
        )
    if optional := read_lines(data, "optional"):
        parts.append(
            format_html(
                w(
                    "<p>I tillegg inngår disse kommunale tjenestene i NAV-kontoret:</p>{}",
                    "<p>I tillegg inngår desse kommunale tenestene i NAV-kontoret:</p>{}",
                ),
                _ul(optional),
            )
        )
    return parts


def _render_cooperation(data, w):
    items = []
    for row in read_rows(data, "partners"):
        written = (
            w(
                " Det skal inngås egen skriftlig avtale.",
                " Det skal inngåast eiga skriftleg avtale.",
            )
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
    return [
        format_html(
            w(
                "<p>NAV-kontoret har et forpliktende samarbeid med:</p>{}",
                "<p>NAV-kontoret har eit forpliktande samarbeid med:</p>{}",
            ),
            _ul(items),
        )
    ]


def _render_disputes(data, w):
    steps = format_html_join("", "<li>{}</li>", ((s,) for s in read_lines(data, "steps")))
    return [
        format_html(
            w(
                "<p>Uenighet mellom partene søkes løst i denne rekkefølgen:</p><ol>{}</ol>",
                "<p>Usemje mellom partane skal ein prøve å løyse i denne rekkjefølgja:</p>"
                "<ol>{}</ol>",
            ),
            steps,
        )
    ]


def _render_validity(data, w):
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    until_renewed = data.get("until_renewed") is True
    start = w(" fra {}", " frå {}").format(_date(valid_from)) if valid_from else ""
    if valid_to:
        period = w("Avtalen gjelder{} til og med {}.", "Avtalen gjeld{} til og med {}.").format(
            start, _date(valid_to)
        )
    elif until_renewed and start:
        period = w(
            "Avtalen gjelder{} og inntil den fornyes, eller til en av partene sier den opp.",
            "Avtalen gjeld{} og fram til den blir fornya, eller til ein av partane seier den opp.",
        ).format(start)
    elif until_renewed:
        period = w(
            "Avtalen gjelder inntil den fornyes, eller til en av partene sier den opp.",
            "Avtalen gjeld fram til den blir fornya, eller til ein av partane seier den opp.",
        )
    else:
        period = w("Avtalen gjelder{}.", "Avtalen gjeld{}.").format(start)
    sentences = [period]  # plain text, escaped when joined
    evaluation = read_int(data, "evaluation_interval_months")
    if evaluation == 1:
        sentences.append(w("Avtalen evalueres hver måned.", "Avtalen blir evaluert kvar månad."))
    elif evaluation == 12:
        sentences.append(w("Avtalen evalueres hvert år.", "Avtalen blir evaluert kvart år."))
    elif evaluation:
        sentences.append(
            w("Avtalen evalueres hver {}. måned.", "Avtalen blir evaluert kvar {}. månad.").format(
                evaluation
            )
        )
    notice = read_int(data, "notice_months")
    if notice == 0:
        sentences.append(
            w(
                "Avtalen kan sies opp uten oppsigelsestid.",
                "Avtalen kan seiast opp utan oppseiingstid.",
            )
        )
    elif notice:
        months = w("måneds", "månads") if notice == 1 else w("måneders", "månaders")
        sentences.append(
            w(
                "Oppsigelse skal gis med minst {} {} varsel.",
                "Oppseiing skal givast med minst {} {} varsel.",
            ).format(notice, months)
        )
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
