"""The proposal a new agreement's structured parts start from, drawn from the partnership and
the veileder."""

from partnerships.models import OWNER_SIDES, Membership, Partnership

from ..models import VeilederTemplate, WrittenTemplate
from .base import (
    COOPERATION,
    DELEGATION,
    DISPUTES,
    LEADERSHIP,
    MEETINGS,
    NONE,
    OPERATING_AGREEMENT,
    PARTIES,
    SERVICES,
    VALIDITY,
    unknown_kind,
)

# The ladder of veileder 7.0. With a central partnership above (Oslo: seed 004) a local
# dispute goes to the central cooperation committee; otherwise to rådmann and fylkesdirektør
# (rammeavtalen KS–departementet). Both end in the tribunal of the regulation of 12 March 2007.
# In the partnership's document language: bokmål, nynorsk.
TRIBUNAL_STEP = {
    "nb": "Nemndbasert tvisteløsning etter forskrift om løsning av tvister mellom Arbeids- og "
    "velferdsetaten og kommunene etter arbeids- og velferdsforvaltningsloven",
    "nn": "Nemndbasert tvisteløysing etter forskrift om løysing av tvistar mellom Arbeids- og "
    "velferdsetaten og kommunane etter arbeids- og velferdsforvaltningslova",
}
DISPUTE_STEPS_WITH_CENTRAL = {
    "nb": [
        "Forhandling i det lokale partnerskapsmøtet",
        "Sentralt samarbeidsutvalg (saken fremmes skriftlig, og aktuell bydelsdirektør deltar)",
    ],
    "nn": [
        "Forhandling i det lokale partnarskapsmøtet",
        "Sentralt samarbeidsutval (saka blir fremja skriftleg, og aktuell bydelsdirektør deltek)",
    ],
}
DISPUTE_STEPS_CENTRAL = {
    "nb": ["Forhandling i sentralt samarbeidsutvalg"],
    "nn": ["Forhandling i sentralt samarbeidsutval"],
}
DISPUTE_STEPS = {
    "nb": ["Forhandling i det lokale partnerskapet", "Rådmannen og direktøren for NAV fylke"],
    "nn": ["Forhandling i det lokale partnarskapet", "Rådmannen og direktøren for NAV fylke"],
}
AGENDA_OWNER = {"nb": "NAV-leder", "nn": "NAV-leiar"}


def initial(
    kind: str, template: VeilederTemplate | WrittenTemplate, partnership: Partnership
) -> dict:
    """The proposal a new agreement's section starts from, in the partnership's document
    language; it passes validate() (given the revision written in that language:
    VeilederTemplate.written_in). Leadership leaves the terms of employment open, so that part
    counts as empty until they are chosen."""
    if kind in (None, NONE):
        return {}
    if kind == PARTIES:
        return _initial_parties(partnership)
    language = "nn" if partnership.document_language == "nn" else "nb"
    if kind == MEETINGS:
        return {
            "meetings_per_year": 2,
            "chair": "",
            "agenda_owner": AGENDA_OWNER[language],
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
        return {"steps": [*steps[language], TRIBUNAL_STEP[language]]}
    if kind == VALIDITY:
        return {
            "valid_from": None,
            "valid_to": None,
            "until_renewed": True,
            "evaluation_interval_months": 12,
            "notice_months": 3,
        }
    raise unknown_kind(kind)


def _initial_parties(partnership: Partnership) -> dict:
    municipal = partnership.municipal_party.printed_name  # "Bydel Grorud, Oslo kommune"
    covered, signatories = [], []
    if partnership.pk:
        covered = list(
            partnership.covered_municipalities.order_by("name").values_list("name", flat=True)
        )
        # Those who already sign for a side on this partnership, when their name and title
        # are known; the parties can change them.
        for membership in (
            partnership.memberships.filter(role=Membership.Role.SIGNATORY, side__in=OWNER_SIDES)
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
        "state_party": partnership.state_party.printed_name,
        "covered_municipalities": covered,
        "signatories": signatories,
    }
