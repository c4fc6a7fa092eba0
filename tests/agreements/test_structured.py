"""The structured parts of agreement sections: initial proposals, validation, emptiness,
rendering and the editors (the package agreements/structured/).

Tests run in Norwegian (LANGUAGE_CODE nb), but the module's msgids may not be in the catalogue
yet. Messages are therefore compared with gettext(msgid) in the active language — which is the
English msgid until the translation is merged and the Norwegian text after — or by field key
and error code, never with hard-coded Norwegian text."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext

from agreements import structured
from agreements.models import VeilederTemplate
from partnerships.models import Membership, Partnership
from tests.agreements import editor_post
from tests.factories import (
    BydelFactory,
    CentralPartnershipFactory,
    CountyFactory,
    MembershipFactory,
    MunicipalityFactory,
    OfficeFactory,
    PartnershipFactory,
    UserFactory,
)

KINDS = [
    "parties",
    "meetings",
    "leadership",
    "delegation",
    "operating_agreement",
    "services",
    "cooperation",
    "disputes",
    "validity",
]


@pytest.fixture
def template(veileder) -> VeilederTemplate:
    """The veileder, under the name the structured functions give it."""
    return veileder


@pytest.fixture
def ordinary(db) -> Partnership:
    county = CountyFactory(number="46", name="NAV Vestland")
    host = MunicipalityFactory(number="4601", name="Bergen", county=county)
    partnership = PartnershipFactory(
        office=OfficeFactory(name="NAV Bergen", leadership_model="two"),
        municipal_party=host,
        state_party=county,
    )
    partnership.covered_municipalities.set(
        [
            MunicipalityFactory(number="4631", name="Alver", county=county),
            MunicipalityFactory(number="4624", name="Bjørnafjorden", county=county),
        ]
    )
    return partnership


@pytest.fixture
def bydel(db) -> Partnership:
    county = CountyFactory(number="03", name="NAV Oslo")
    oslo = MunicipalityFactory(number="0301", name="Oslo kommune", county=county)
    central = CentralPartnershipFactory(municipal_party=oslo, state_party=county)
    return PartnershipFactory(
        office=OfficeFactory(name="NAV Grorud"),
        municipal_party=BydelFactory(number="030110", name="Bydel Grorud", parent=oslo),
        parent=central,
    )


def messages(exc: ValidationError, key: str) -> list[str]:
    return exc.message_dict.get(key, [])


def codes(exc: ValidationError, key: str) -> list[str]:
    return [error.code for error in exc.error_dict.get(key, [])]


def invalid(kind, data, template) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        structured.validate(kind, data, template)
    return info.value


# --- initial ---------------------------------------------------------------------------------


def test_initial_parties_of_an_ordinary_host_municipality(template, ordinary):
    data = structured.initial("parties", template, ordinary)

    assert data == {
        "municipal_party": "Bergen",
        "state_party": "NAV Vestland",
        "covered_municipalities": ["Alver", "Bjørnafjorden"],
        "signatories": [],
    }


def test_initial_parties_of_a_bydel_names_the_city(template, bydel):
    data = structured.initial("parties", template, bydel)

    assert data["municipal_party"] == "Bydel Grorud, Oslo kommune"
    assert data["state_party"] == "NAV Oslo"
    assert data["covered_municipalities"] == []


def test_initial_parties_proposes_known_signatories_of_the_partnership(template, bydel):
    director = UserFactory(username="direktor", first_name="Ola", last_name="Nordmann")
    MembershipFactory(
        user=director,
        partnership=bydel,
        side=Membership.Side.STATE,
        role=Membership.Role.SIGNATORY,
        title="Direktør NAV Oslo",
    )
    MembershipFactory(
        user=UserFactory(username="bydel", first_name="Kari", last_name="Hansen"),
        partnership=bydel,
        side=Membership.Side.MUNICIPAL,
        role=Membership.Role.SIGNATORY,
        title="Bydelsdirektør",
    )
    MembershipFactory(  # no title: not proposed
        user=UserFactory(username="utenTittel"),
        partnership=bydel,
        side=Membership.Side.MUNICIPAL,
        role=Membership.Role.SIGNATORY,
    )
    MembershipFactory(  # an editor, not a signatory
        partnership=bydel, side=Membership.Side.STATE, title="Rådgiver"
    )

    data = structured.initial("parties", template, bydel)

    assert data["signatories"] == [
        {"side": "municipal", "name": "Kari Hansen", "title": "Bydelsdirektør"},
        {"side": "state", "name": "Ola Nordmann", "title": "Direktør NAV Oslo"},
    ]


def test_initial_dispute_ladder_goes_through_the_central_partnership_for_a_bydel(
    template, bydel, ordinary
):
    with_central = structured.initial("disputes", template, bydel)["steps"]
    ordinary_steps = structured.initial("disputes", template, ordinary)["steps"]
    central_steps = structured.initial("disputes", template, bydel.parent)["steps"]

    assert len(with_central) == 3
    assert "lokale partnerskapsmøtet" in with_central[0]
    assert "Sentralt samarbeidsutvalg" in with_central[1]
    assert "Nemndbasert tvisteløsning" in with_central[2]
    assert ordinary_steps[1] == "Rådmannen og direktøren for NAV fylke"
    assert not any("samarbeidsutvalg" in step for step in ordinary_steps)
    assert ordinary_steps[-1] == with_central[-1]
    assert central_steps[0] == "Forhandling i sentralt samarbeidsutvalg"


def test_initial_leadership_follows_the_office_and_leaves_the_terms_open(template, bydel, ordinary):
    assert structured.initial("leadership", template, ordinary) == {
        "model": "two",
        "employment": "",
    }
    assert structured.initial("leadership", template, bydel)["model"] == "one"
    assert structured.initial("leadership", template, bydel.parent) == {
        "model": "",
        "employment": "",
    }
    assert structured.is_empty("leadership", structured.initial("leadership", template, bydel))


def test_initial_defaults_follow_the_veileder_and_the_oslo_agreement(template, bydel):
    assert structured.initial("meetings", template, bydel) == {
        "meetings_per_year": 2,
        "chair": "",
        "agenda_owner": "NAV-leder",
        "participants": [],
    }
    assert structured.initial("operating_agreement", template, bydel)["cost_key"] == "arsverk"
    assert structured.initial("validity", template, bydel) == {
        "valid_from": None,
        "valid_to": None,
        "until_renewed": True,
        "evaluation_interval_months": 12,
        "notice_months": 3,
    }
    assert structured.initial("services", template, bydel) == {
        "legal_minimum": template.legal_minimum_services,
        "optional": [],
    }
    assert structured.initial("none", template, bydel) == {}


@pytest.mark.parametrize("kind", KINDS)
def test_every_initial_value_passes_validation_unchanged(template, bydel, kind):
    data = structured.initial(kind, template, bydel)

    assert structured.validate(kind, data, template) == data
    assert json.loads(json.dumps(data)) == data


# --- validate --------------------------------------------------------------------------------


def test_the_legal_minimum_cannot_be_removed(template):
    data = structured.validate(
        "services",
        {"legal_minimum": ["Bare dette"], "optional": [" Boligkontor ", "", "boligkontor"]},
        template,
    )

    assert data["legal_minimum"] == template.legal_minimum_services
    assert data["optional"] == ["Boligkontor"]
    assert structured.validate("services", {}, template)["legal_minimum"] == (
        template.legal_minimum_services
    )


def test_optional_services_drop_blanks_duplicates_and_the_legal_minimum(template):
    legal = template.legal_minimum_services[0]

    data = structured.validate(
        "services",
        {"optional": ["  Introduksjonsprogram", "Rusomsorg", "", legal, "Introduksjonsprogram"]},
        template,
    )

    assert data["optional"] == ["Introduksjonsprogram", "Rusomsorg"]


def test_an_optional_service_is_at_most_200_characters(template):
    exc = invalid("services", {"optional": ["x" * 201]}, template)

    assert codes(exc, "optional") == ["max_length"]


def test_validity_end_date_must_be_after_start_date(template):
    exc = invalid(
        "validity",
        {
            "valid_from": "2025-01-01",
            "valid_to": "2024-12-31",
            "until_renewed": False,
            "evaluation_interval_months": 12,
            "notice_months": 3,
        },
        template,
    )

    assert messages(exc, "valid_to") == [gettext("The end date must be after the start date.")]
    assert codes(exc, "valid_to") == ["order"]


def test_validity_not_both_end_date_and_until_renewed(template):
    exc = invalid(
        "validity",
        {
            "valid_from": "2025-01-01",
            "valid_to": "2026-12-31",
            "until_renewed": True,
            "evaluation_interval_months": 12,
            "notice_months": 3,
        },
        template,
    )

    assert codes(exc, "valid_to") == ["both"]


def test_validity_needs_an_end_once_it_has_a_start(template):
    exc = invalid(
        "validity",
        {"valid_from": "2025-01-01", "evaluation_interval_months": 12, "notice_months": 3},
        template,
    )

    assert codes(exc, "valid_to") == ["required"]


def test_validity_ranges_and_bad_dates(template):
    exc = invalid(
        "validity",
        {"valid_from": "1. mars", "evaluation_interval_months": 0, "notice_months": 25},
        template,
    )

    assert codes(exc, "valid_from") == ["invalid"]
    assert codes(exc, "evaluation_interval_months") == ["out_of_range"]
    assert codes(exc, "notice_months") == ["out_of_range"]


def test_validity_is_normalised_to_iso_dates(template):
    data = structured.validate(
        "validity",
        {
            "valid_from": dt.date(2021, 3, 1),
            "valid_to": "2025-02-28",
            "until_renewed": "",
            "evaluation_interval_months": "24",
            "notice_months": 3,
            "stray": "ignored",
        },
        template,
    )

    assert data == {
        "valid_from": "2021-03-01",
        "valid_to": "2025-02-28",
        "until_renewed": False,
        "evaluation_interval_months": 24,
        "notice_months": 3,
    }
    assert json.dumps(data)


def test_a_draft_agreement_may_start_without_dates(template):
    data = {"until_renewed": False, "evaluation_interval_months": 12, "notice_months": 3}

    assert structured.validate("validity", data, template)["valid_from"] is None


def test_delegation_requires_the_reference_to_the_delegation_decision(template):
    exc = invalid("delegation", {"delegated": True, "decision_reference": " "}, template)

    assert codes(exc, "decision_reference") == ["required"]
    assert messages(exc, "decision_reference") == [
        gettext(
            "Write the reference to the delegation decision (delegasjonsvedtak). "
            "The decision must be attached to the agreement."
        )
    ]


def test_task_areas_need_a_delegation_and_complete_rows(template):
    exc = invalid(
        "delegation",
        {"delegated": False, "task_areas": [{"area": "Økonomisk stønad", "owner": "kommune"}]},
        template,
    )

    assert codes(exc, "delegated") == ["required"]
    assert codes(exc, "task_areas") == ["owner"]


def test_delegation_is_normalised(template):
    data = structured.validate(
        "delegation",
        {
            "delegated": "on",
            "decision_reference": " Sak 24/123 ",
            "task_areas": [
                {"area": "Økonomisk stønad", "owner": "municipal", "description": "Vedtak"},
                {"area": "", "owner": "state", "description": ""},  # an empty row
            ],
        },
        template,
    )

    assert data == {
        "delegated": True,
        "decision_reference": "Sak 24/123",
        "task_areas": [{"area": "Økonomisk stønad", "owner": "municipal", "description": "Vedtak"}],
    }
    not_delegated = structured.validate(
        "delegation", {"delegated": False, "decision_reference": "Sak 1"}, template
    )
    assert not_delegated["decision_reference"] == ""


def test_parties_need_names_and_complete_signatories(template):
    exc = invalid(
        "parties",
        {
            "municipal_party": "",
            "state_party": "NAV Oslo",
            "signatories": [{"side": "municipal", "name": "Kari", "title": ""}, {}],
        },
        template,
    )

    assert codes(exc, "municipal_party") == ["required"]
    assert codes(exc, "signatories") == ["title"]
    assert "state_party" not in exc.message_dict


def test_parties_allow_a_draft_without_signatories(template):
    data = structured.validate(
        "parties",
        {
            "municipal_party": "Bergen",
            "state_party": "NAV Vestland",
            "covered_municipalities": ["Alver", "alver", "Bergen", " "],
        },
        template,
    )

    assert data == {
        "municipal_party": "Bergen",
        "state_party": "NAV Vestland",
        "covered_municipalities": ["Alver"],
        "signatories": [],
    }


def test_meetings_per_year_between_1_and_24(template):
    assert codes(invalid("meetings", {"meetings_per_year": 25}, template), "meetings_per_year")
    assert codes(invalid("meetings", {}, template), "meetings_per_year") == ["required"]
    assert codes(invalid("meetings", {"meetings_per_year": "to"}, template), "meetings_per_year")


def test_leadership_terms_must_fit_the_model(template):
    assert codes(
        invalid("leadership", {"model": "one", "employment": "both"}, template), "employment"
    ) == ["invalid"]
    assert codes(
        invalid("leadership", {"model": "two", "employment": "state"}, template), "employment"
    ) == ["invalid"]
    assert codes(invalid("leadership", {"employment": "state"}, template), "model") == ["required"]
    assert structured.validate("leadership", {"model": "one", "employment": ""}, template) == {
        "model": "one",
        "employment": "",
    }


def test_operating_agreement_needs_a_known_cost_key(template):
    exc = invalid("operating_agreement", {"cost_key": "flat", "tenant": "landlord"}, template)

    assert codes(exc, "cost_key") == ["required"]
    assert codes(exc, "tenant") == ["invalid"]


def test_disputes_need_at_least_one_step(template):
    exc = invalid("disputes", {"steps": ["", "  "]}, template)

    assert messages(exc, "steps") == [gettext("Describe at least one step for resolving disputes.")]


def test_cooperation_rows_need_a_name(template):
    exc = invalid("cooperation", {"partners": [{"note": "Skole", "name": ""}]}, template)

    assert codes(exc, "partners") == ["name"]


def test_malformed_data_is_refused_and_no_part_means_nothing(template):
    with pytest.raises(ValidationError):
        structured.validate("disputes", ["not", "a", "dict"], template)
    assert codes(invalid("cooperation", {"partners": "Skolen"}, template), "partners") == [
        "invalid"
    ]
    assert structured.validate("none", {"x": 1}, template) == {}
    assert structured.validate(None, {"x": 1}, template) == {}
    with pytest.raises(ValueError):
        structured.validate("unknown", {}, template)


# --- is_empty --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data", "empty"),
    [
        (None, {"steps": ["x"]}, True),
        ("none", {}, True),
        ("parties", {}, True),
        ("parties", {"municipal_party": "Bergen"}, False),
        ("meetings", {"meetings_per_year": None, "chair": "", "participants": []}, True),
        ("meetings", {"meetings_per_year": 2}, False),
        ("leadership", {"model": "one", "employment": ""}, True),
        ("leadership", {"model": "one", "employment": "state"}, False),
        ("delegation", {"delegated": False, "decision_reference": "", "task_areas": []}, True),
        ("delegation", {"delegated": True, "decision_reference": "Sak 1"}, False),
        ("operating_agreement", {"cost_key": "", "tenant": "", "note": ""}, True),
        ("operating_agreement", {"cost_key": "arsverk"}, False),
        ("services", {"legal_minimum": [], "optional": []}, True),
        ("services", {"legal_minimum": ["Økonomisk stønad"], "optional": []}, False),
        ("cooperation", {"partners": []}, True),
        ("disputes", {"steps": []}, True),
        ("disputes", {"steps": ["Forhandling"]}, False),
        ("validity", {"until_renewed": False, "evaluation_interval_months": 12}, True),
        ("validity", {"until_renewed": True}, False),
        ("validity", {"valid_from": "2025-01-01"}, False),
    ],
)
def test_is_empty(kind, data, empty):
    assert structured.is_empty(kind, data) is empty


# --- render ----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "parties": {
        "municipal_party": SCRIPT,
        "state_party": SCRIPT,
        "covered_municipalities": [SCRIPT],
        "signatories": [{"side": "state", "name": SCRIPT, "title": SCRIPT}],
    },
    "meetings": {
        "meetings_per_year": 2,
        "chair": SCRIPT,
        "agenda_owner": SCRIPT,
        "participants": [SCRIPT],
    },
    "leadership": {"model": SCRIPT, "employment": SCRIPT},
    "delegation": {
        "delegated": True,
        "decision_reference": SCRIPT,
        "task_areas": [{"area": SCRIPT, "owner": SCRIPT, "description": SCRIPT}],
    },
    "operating_agreement": {"cost_key": "area", "tenant": SCRIPT, "note": SCRIPT},
    "services": {"legal_minimum": [SCRIPT], "optional": [SCRIPT]},
    "cooperation": {"partners": [{"name": SCRIPT, "note": SCRIPT}]},
    "disputes": {"steps": [SCRIPT]},
    "validity": {"valid_from": SCRIPT, "until_renewed": True, "notice_months": 3},
}


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("kind", KINDS)
def test_render_escapes_everything(kind, language):
    html = structured.render(kind, HOSTILE[kind], language)

    assert "<script>" not in html
    if kind != "leadership":  # the leadership text only picks from fixed sentences
        assert "&lt;script&gt;" in html
    assert html.startswith(f'<div class="structured structured-{kind}">')


@pytest.mark.parametrize("kind", [None, "none", *KINDS])
def test_render_of_an_empty_part_is_empty(kind):
    assert structured.render(kind, {}) == ""


def test_render_reads_like_the_agreement(template):
    meetings = structured.render(
        "meetings",
        {
            "meetings_per_year": 2,
            "chair": "Rådmann",
            "agenda_owner": "NAV-leder",
            "participants": ["Rådmann", "Direktør NAV fylke", "NAV-leder"],
        },
    )
    validity = structured.render(
        "validity",
        {
            "valid_from": "2021-03-01",
            "valid_to": None,
            "until_renewed": True,
            "evaluation_interval_months": 12,
            "notice_months": 3,
        },
    )
    disputes = structured.render("disputes", {"steps": ["Lokalt", "Nemnd"]})
    services = structured.render(
        "services",
        {"legal_minimum": template.legal_minimum_services, "optional": ["Boligkontor"]},
    )

    assert "Partnerskapsmøtet holdes minst 2 ganger i året. Møteleder: Rådmann." in meetings
    assert "NAV-leder har ansvaret for dagsorden." in meetings
    assert "Faste deltakere: Rådmann, Direktør NAV fylke, NAV-leder." in meetings
    assert "Avtalen gjelder fra 1. mars 2021 og inntil den fornyes" in validity
    # Without a start: no dangling "og".
    no_start = {"valid_from": None, "until_renewed": True}
    assert structured.render("validity", no_start).startswith(
        '<div class="structured structured-validity"><p>Avtalen gjelder inntil den fornyes, '
        "eller til en av partene sier den opp.</p>"
    )
    assert "Avtalen gjeld fram til den blir fornya, eller" in structured.render(
        "validity", no_start, "nn"
    )
    assert "Oppsigelse skal gis med minst 3 måneders varsel." in validity
    assert "Avtalen evalueres hvert år." in validity
    assert "<ol><li>Lokalt</li><li>Nemnd</li></ol>" in disputes
    assert "<li>Boligkontor</li>" in services
    assert all(f"<li>{s}</li>" in services for s in template.legal_minimum_services)
    assert "felles NAV-leder, ansatt på kommunale vilkår" in structured.render(
        "leadership", {"model": "one", "employment": "municipal"}
    )


#: Every kind with every sentence it can print in play (the data neutral: names, numbers).
FULL = {
    "parties": {
        "municipal_party": "Sogndal kommune",
        "state_party": "NAV Vestland",
        "covered_municipalities": ["Luster kommune"],
        "signatories": [{"side": "municipal", "name": "Kari Nes", "title": "Kommunedirektør"}],
    },
    "meetings": {
        "meetings_per_year": 1,
        "chair": "Kommunedirektør",
        "agenda_owner": "NAV-leiar",
        "participants": ["Kommunedirektør", "NAV-leiar"],
    },
    "leadership": {"model": "two", "employment": "both"},
    "delegation": {
        "delegated": True,
        "decision_reference": "Sak 12/2024",
        "task_areas": [
            {"area": "Økonomisk rådgjeving", "owner": "municipal", "description": ""},
            {"area": "Oppfølging", "owner": "state", "description": ""},
        ],
    },
    "operating_agreement": {"cost_key": "percentage", "tenant": "state", "note": ""},
    "services": {"legal_minimum": ["Økonomisk stønad"], "optional": ["Bustadkontor"]},
    "cooperation": {"partners": [{"name": "Helse Førde", "written_agreement_needed": True}]},
    "disputes": {"steps": ["Lokalt", "Nemnd"]},
    "validity": {
        "valid_from": "2025-01-01",
        "valid_to": "2028-12-31",
        "until_renewed": False,
        "evaluation_interval_months": 6,
        "notice_months": 1,
    },
}
#: Words of the bokmål phrases that nynorsk writes otherwise.
BOKMAL_PHRASE_WORDS = (
    "ikke", "Statlig", "omfattes", "Underskrivere", "holdes", "ganger", "Møteleder",
    "dagsorden", "deltakere", "ledes", "ledere", "ansatt ", "én fra", "Eierne", "myndighet",
    "eieren", "Ansatte", "oppgaver", "innen:", "partene", "fordeles", "leietaker", "lokalene",
    "et minimum", "sosialtjenesteloven", "disse", "tjenestene", "inngås", "egen", "skriftlig",
    "et forpliktende", "Uenighet", "søkes", "rekkefølgen", "gjelder", " fra ", "fornyes",
    "evalueres", "måned", "Oppsigelse", "gis med",
)  # fmt: skip
NYNORSK = {
    "parties": "Statleg part",
    "meetings": "Partnarskapsmøtet blir halde minst 1 gong i året.",
    "leadership": "NAV-kontoret blir leidd av to leiarar, éin frå kvar eigar",
    "delegation": "Eigarane delegerer mynde i delegasjonsvedtak (Sak 12/2024)",
    "operating_agreement": "blir fordelte mellom eigarane etter ei prosentvis fordeling",
    "services": "I tillegg inngår desse kommunale tenestene i NAV-kontoret:",
    "cooperation": "Det skal inngåast eiga skriftleg avtale.",
    "disputes": "Usemje mellom partane skal ein prøve å løyse i denne rekkjefølgja:",
    "validity": "Avtalen gjeld frå 1. januar 2025 til og med 31. desember 2028. Avtalen blir "
    "evaluert kvar 6. månad. Oppseiing skal givast med minst 1 månads varsel.",
}


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("kind", KINDS)
def test_a_nynorsk_partnerships_part_reads_in_nynorsk(kind, template):
    """The partnership's document language, not the reader's: every fixed phrase of every
    kind has its nynorsk form, and no bokmål word is left in it."""
    structured.validate(kind, FULL[kind], template)  # data an editor could save
    nynorsk = _words(structured.render(kind, FULL[kind], "nn"))
    bokmal = _words(structured.render(kind, FULL[kind], "nb"))

    assert NYNORSK[kind] in nynorsk
    assert [word for word in BOKMAL_PHRASE_WORDS if word in nynorsk] == []
    assert nynorsk != bokmal
    assert structured.render(kind, FULL[kind]) == structured.render(kind, FULL[kind], "nb")


# --- editor ----------------------------------------------------------------------------------


def rows(name: str, *records: dict, initial: int = 0) -> dict:
    """A formset's part of a POST, management form included."""
    prefix = f"structured-{name.replace('_', '-')}"
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(records)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, record in enumerate(records):
        data.update({f"{prefix}-{index}-{key}": value for key, value in record.items()})
    return data


def fields(**values) -> dict:
    return {f"structured-{key}": value for key, value in values.items()}


def query(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            result.setlist(key, value)
        else:
            result[key] = value
    return result


def bound(kind, template, data, initial=None):
    return structured.editor(kind, template, data=query(data), initial=initial or {})


def round_trip(kind, template, data, initial=None) -> dict:
    editor = bound(kind, template, data, initial)
    assert editor.is_valid(), editor.errors
    return structured.validate(kind, editor.cleaned(), template)


SAMPLES = {
    "parties": {
        "municipal_party": "Bergen",
        "state_party": "NAV Vestland",
        "covered_municipalities": ["Alver", "Bjørnafjorden"],
        "signatories": [
            {"side": "municipal", "name": "Kari Nordmann", "title": "Kommunedirektør"},
            {"side": "state", "name": "Ola Nordmann", "title": "Direktør NAV Vestland"},
        ],
    },
    "meetings": {
        "meetings_per_year": 4,
        "chair": "Kommunedirektør",
        "agenda_owner": "NAV-leder",
        "participants": ["Kommunedirektør", "NAV-leder"],
    },
    "leadership": {"model": "one", "employment": "municipal"},
    "delegation": {
        "delegated": True,
        "decision_reference": "Sak 24/123",
        "task_areas": [
            {"area": "Økonomisk stønad", "owner": "municipal", "description": "Vedtak"},
            {"area": "Dagpenger", "owner": "state", "description": ""},
        ],
    },
    "operating_agreement": {"cost_key": "percentage", "tenant": "state", "note": "60/40"},
    "services": {"legal_minimum": [], "optional": []},  # filled in by the fixture
    "cooperation": {
        "partners": [
            {"name": "Helse Bergen", "written_agreement_needed": True, "note": ""},
            {"name": "Skolen", "written_agreement_needed": False, "note": "Ungdom"},
        ]
    },
    "disputes": {"steps": ["Lokalt partnerskap", "Nemnd"]},
    "validity": {
        "valid_from": "2025-01-01",
        "valid_to": "2027-12-31",
        "until_renewed": False,
        "evaluation_interval_months": 6,
        "notice_months": 2,
    },
}


def sample(kind, template):
    if kind == "services":
        return {
            "legal_minimum": template.legal_minimum_services,
            "optional": [template.optional_services[1], "Boligkontor"],
        }
    return SAMPLES[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_an_untouched_editor_posts_back_the_same_data(template, kind):
    data = sample(kind, template)
    shown = structured.editor(kind, template, initial=data)

    assert round_trip_query(kind, template, query(editor_post(shown)), data) == data


def round_trip_query(kind, template, post, initial):
    editor = structured.editor(kind, template, data=post, initial=initial)
    assert editor.is_valid(), editor.errors
    return structured.validate(kind, editor.cleaned(), template)


@pytest.mark.parametrize("kind", KINDS)
def test_an_untouched_editor_of_a_new_agreement_posts_back_the_initial_data(template, bydel, kind):
    data = structured.initial(kind, template, bydel)
    shown = structured.editor(kind, template, initial=data)

    assert round_trip_query(kind, template, query(editor_post(shown)), data) == data


def test_editor_parties(template):
    post = {
        **fields(municipal_party=" Bergen ", state_party="NAV Vestland"),
        **rows("covered_municipalities", {"value": "Alver"}, {"value": ""}),
        **rows(
            "signatories",
            {"side": "municipal", "name": "Kari", "title": "Rådmann"},
            {"side": "state", "name": "Ola", "title": "Direktør", "DELETE": "on"},
            {"side": "", "name": "", "title": ""},
            initial=2,
        ),
    }

    assert round_trip("parties", template, post) == {
        "municipal_party": "Bergen",
        "state_party": "NAV Vestland",
        "covered_municipalities": ["Alver"],
        "signatories": [{"side": "municipal", "name": "Kari", "title": "Rådmann"}],
    }


def test_editor_meetings(template):
    post = {
        **fields(meetings_per_year="3", chair="Rådmann", agenda_owner="NAV-leder"),
        **rows("participants", {"value": "Rådmann"}, {"value": "NAV-leder"}, {"value": ""}),
    }

    assert round_trip("meetings", template, post) == {
        "meetings_per_year": 3,
        "chair": "Rådmann",
        "agenda_owner": "NAV-leder",
        "participants": ["Rådmann", "NAV-leder"],
    }


@pytest.mark.parametrize(
    ("arrangement", "expected"),
    [
        ("one_state", {"model": "one", "employment": "state"}),
        ("one_municipal", {"model": "one", "employment": "municipal"}),
        ("two", {"model": "two", "employment": "both"}),
    ],
)
def test_editor_leadership(template, arrangement, expected):
    assert round_trip("leadership", template, fields(arrangement=arrangement)) == expected


def test_editor_leadership_not_chosen_keeps_the_model_and_stays_empty(template):
    data = round_trip("leadership", template, {}, initial={"model": "one", "employment": ""})

    assert data == {"model": "one", "employment": ""}
    assert structured.is_empty("leadership", data)


def test_editor_delegation(template):
    post = {
        **fields(delegated="on", decision_reference="Sak 24/123"),
        **rows(
            "task_areas",
            {"area": "Økonomisk stønad", "owner": "municipal", "description": "Vedtak"},
            {"area": "", "owner": "", "description": ""},
        ),
    }

    assert round_trip("delegation", template, post) == {
        "delegated": True,
        "decision_reference": "Sak 24/123",
        "task_areas": [{"area": "Økonomisk stønad", "owner": "municipal", "description": "Vedtak"}],
    }


def test_editor_operating_agreement(template):
    post = fields(cost_key="arsverk", tenant="", note="Felles husleie")

    assert round_trip("operating_agreement", template, post) == {
        "cost_key": "arsverk",
        "tenant": "",
        "note": "Felles husleie",
    }


def test_editor_services_keeps_the_legal_minimum_whatever_is_posted(template):
    example = template.optional_services[0]
    post = {
        **fields(optional=[example], legal_minimum=["Ingenting"]),
        **rows("other", {"value": "Boligkontor"}, {"value": example}, {"value": ""}),
    }

    assert round_trip("services", template, post) == {
        "legal_minimum": template.legal_minimum_services,
        "optional": [example, "Boligkontor"],
    }


def test_editor_services_shows_the_legal_minimum_as_a_fixed_list(template):
    editor = structured.editor("services", template, initial={})
    html = render_to_string(editor.template_name, {"editor": editor})

    for service in template.legal_minimum_services:
        assert f'<li class="list-group-item">{service}</li>' in html
    assert 'name="structured-legal_minimum"' not in html
    assert html.count('type="checkbox" name="structured-optional"') == len(
        template.optional_services
    )


def test_editor_cooperation(template):
    post = rows(
        "partners",
        {"name": "Helse Bergen", "written_agreement_needed": "on", "note": ""},
        {"name": "", "note": ""},
    )

    assert round_trip("cooperation", template, post) == {
        "partners": [{"name": "Helse Bergen", "written_agreement_needed": True, "note": ""}]
    }


def test_editor_disputes(template):
    post = rows("steps", {"value": "Lokalt"}, {"value": ""}, {"value": "Nemnd"})

    assert round_trip("disputes", template, post) == {"steps": ["Lokalt", "Nemnd"]}


def test_editor_validity(template):
    post = fields(
        valid_from="2025-01-01",
        valid_to="",
        until_renewed="on",
        evaluation_interval_months="12",
        notice_months="3",
    )

    assert round_trip("validity", template, post) == {
        "valid_from": "2025-01-01",
        "valid_to": None,
        "until_renewed": True,
        "evaluation_interval_months": 12,
        "notice_months": 3,
    }


@pytest.mark.parametrize(
    ("kind", "post", "key", "msgid"),
    [
        ("parties", {**fields(state_party="NAV"), **rows("signatories")}, "municipal_party", None),
        (
            "parties",
            {
                **fields(municipal_party="A", state_party="B"),
                **rows("signatories", {"side": "", "name": "Kari", "title": ""}),
            },
            "signatories",
            "Write the title.",
        ),
        (
            "meetings",
            {**fields(meetings_per_year="30"), **rows("participants")},
            "meetings_per_year",
            None,
        ),
        ("leadership", fields(arrangement="three"), "arrangement", None),
        (
            "delegation",
            {**fields(delegated="on", decision_reference=""), **rows("task_areas")},
            "decision_reference",
            "Write the reference to the delegation decision (delegasjonsvedtak). "
            "The decision must be attached to the agreement.",
        ),
        (
            "delegation",
            {**fields(), **rows("task_areas", {"area": "Stønad", "owner": "state"})},
            "delegated",
            "Tasks on the other owner's area of authority need a delegation decision: tick "
            "that authority is delegated and give its reference.",
        ),
        (
            "operating_agreement",
            fields(tenant="state"),
            "cost_key",
            "Choose how the common running costs are shared.",
        ),
        ("services", rows("other", {"value": "x" * 201}), "other", None),
        (
            "cooperation",
            rows("partners", {"name": "", "note": "Skole"}),
            "partners",
            "Name the service or partner.",
        ),
        (
            "disputes",
            rows("steps", {"value": ""}),
            "steps",
            "Describe at least one step for resolving disputes.",
        ),
        (
            "validity",
            fields(
                valid_from="2025-06-01",
                valid_to="2025-01-01",
                evaluation_interval_months="12",
                notice_months="3",
            ),
            "valid_to",
            "The end date must be after the start date.",
        ),
        (
            "validity",
            fields(valid_from="2025-06-01", evaluation_interval_months="12", notice_months="3"),
            "valid_to",
            "Give an end date, or tick that the agreement applies until it is renewed.",
        ),
        ("parties", fields(municipal_party="A", state_party="B"), "covered_municipalities", None),
    ],
)
def test_a_bad_post_is_refused_with_the_message_at_its_field(template, kind, post, key, msgid):
    editor = bound(kind, template, post)

    assert editor.is_valid() is False
    assert key in editor.errors
    if msgid:  # gettext: the msgid until the catalogue has it, its Norwegian text after
        assert gettext(msgid) in editor.errors[key]
    with pytest.raises(ValueError):
        editor.cleaned()


@pytest.mark.parametrize("kind", KINDS)
def test_editor_templates_label_every_control_and_have_no_form_of_their_own(template, kind):
    editor = bound(kind, template, {"structured-unknown": "x"})  # bound, so errors show
    editor.is_valid()

    html = render_to_string(editor.template_name, {"editor": editor})

    assert editor.template_name == f"agreements/structured/{kind}.html"
    assert "<form" not in html and 'type="submit"' not in html and "<script" not in html
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        if "_FORMS" in control_id:  # the management form is hidden
            continue
        assert f'for="{control_id}"' in html, control_id
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert f'id="{target}"' in html, target
    assert html.count("<fieldset") == html.count("<legend")
    assert str(editor.media) == ""


def test_editor_shows_row_errors_next_to_the_row(template):
    post = {
        **fields(municipal_party="A", state_party="B"),
        **rows("covered_municipalities"),
        **rows("signatories", {"side": "state", "name": "Ola", "title": ""}),
    }
    editor = bound("parties", template, post)
    assert not editor.is_valid()

    html = render_to_string(editor.template_name, {"editor": editor})

    assert 'id="id_structured-signatories-0-title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "is-invalid" in html


def test_editor_for_a_part_that_does_not_exist():
    with pytest.raises(ValueError):
        structured.editor("none", VeilederTemplate(), initial={})
