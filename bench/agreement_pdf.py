"""Render time, size and pictures of a realistic printed partnership agreement (15+ pages).

Builds NAV Grorud (Bydel Grorud, Oslo kommune – NAV Oslo, under the central Oslo partnership)
with every veileder point written out, in a throwaway SQLite test database; renders
templates/pdf/agreement.html with navpartner.pdf.render_pdf N times; prints the median time,
pages and size; and turns pages 1, 2 and the last into PNGs under bench/out/ (git-ignored).

Run: uv run python bench/agreement_pdf.py [N] [--signed] [--catalogue=PATH]
  --signed          the signed archival copy: no watermark, recorded signatures, SHA-256,
                    PDF/A-3b
  --catalogue=PATH  a JSON object msgid → bokmål added to the active catalogue before
                    rendering, to preview strings not yet in locale/ (e.g. /tmp/pdf_nb.json)
"""

import datetime as dt
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"

# --- the agreement's text --------------------------------------------------------------------


def _p(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _ol(*items):
    return "<ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"


TEXT = {
    "1.0": _p(
        "Partene i avtalen er Bydel Grorud, Oslo kommune, og Arbeids- og velferdsetaten ved "
        "NAV Oslo. Partene eier NAV Grorud i fellesskap, og hver part har ansvaret for sine "
        "egne tjenester, sine egne ansatte og sine egne midler i kontoret.",
        "Avtalen er inngått med hjemmel i lov om arbeids- og velferdsforvaltningen § 14. Den "
        "bygger på den sentrale partnerskapsavtalen mellom Oslo kommune og NAV Oslo og på "
        "rammeavtalen mellom KS og Arbeids- og sosialdepartementet.",
    ),
    "2.0": _p(
        "Formålet med avtalen er å legge til rette for at NAV Grorud gir befolkningen i "
        "bydelen helhetlige og samordnede tjenester, slik at flere kommer i arbeid og "
        "aktivitet, og færre blir stående utenfor arbeidslivet.",
        "Avtalen skal gjøre det tydelig hvordan eierne styrer kontoret sammen, hvilke "
        "tjenester kontoret gir, og hvordan partene løser uenighet. Den skal være et levende "
        "dokument som partnerskapet bruker i det daglige arbeidet, og som evalueres jevnlig.",
    )
    + "<h3>Satsingsområder i avtaleperioden</h3>"
    + _ul(
        "Ungdom og unge voksne under 30 år skal få tett og koordinert oppfølging, med vekt på "
        "fullføring av utdanning og overgang til arbeid.",
        "Barnefamilier med lav inntekt skal få helhetlig bistand, i samarbeid med bydelens "
        "tjenester for barn og unge.",
        "Personer med nedsatt arbeidsevne skal få tilbud om arbeidsrettet oppfølging tidlig i "
        "sykdomsløpet.",
        "Samarbeidet med arbeidsgivere i bydelen og i Groruddalen skal styrkes.",
    ),
    "2.1": _p(
        "NAV Grorud holder til i Ammerudveien 22, 0958 Oslo. Lokalene er tilpasset et felles "
        "kontor med publikumsmottak, samtalerom og kontorarbeidsplasser for ansatte fra begge "
        "eiere.",
        "Lokalene skal være universelt utformet og oppfylle kravene til sikkerhet for ansatte "
        "og brukere. Publikumsmottaket skal ha skjermede samtalerom, og alarmsystemet skal "
        "testes minst to ganger i året.",
        "Bydelen er leietaker. Forhold knyttet til drift og forvaltning av eiendommen er "
        "regulert i egen avtale, som er vedlegg til denne avtalen.",
    ),
    "3.0": _p(
        "NAV Grorud er et felles kontor der ansatte fra bydelen og staten arbeider sammen om "
        "å nå felles mål. Kontoret organiseres slik at brukerne møter ett kontor, uavhengig "
        "av hvilken eier som har ansvaret for tjenesten.",
        "Organiseringen av kontoret besluttes av NAV-leder innenfor rammene i denne avtalen, "
        "i eiernes styringsdokumenter og i lov og forskrift. Vesentlige endringer i "
        "organiseringen drøftes i partnerskapsmøtet før de settes i verk.",
    ),
    "3.1": _p(
        "Partnerskapet styrer kontoret gjennom partnerskapsmøtet. Møtet behandler mål og "
        "resultater, budsjett og ressurser, kompetanseplan, risikovurderinger og saker som "
        "gjelder samarbeidet mellom eierne.",
        "Hver av eierne kan be om ekstraordinært partnerskapsmøte. Møtet skal da holdes innen "
        "tre uker. Referat fra møtet sendes begge eiere og arkiveres hos begge.",
    )
    + "<h3>Styringsdokumenter</h3>"
    + _p(
        "Kontoret styres etter bydelens virksomhetsplan og NAV Oslos disponeringsbrev. NAV-"
        "leder utarbeider hvert år en felles virksomhetsplan for kontoret, som behandles i "
        "partnerskapsmøtet innen utgangen av februar."
    ),
    "3.2": _p(
        "NAV-leder ansettes av den eieren som har arbeidsgiveransvaret etter denne avtalen, "
        "etter drøfting med den andre eieren. Begge eiere deltar i intervjuene, og den andre "
        "eieren gis anledning til å uttale seg før tilsetting.",
        "Medarbeidere ansettes av den eieren som har ansvaret for tjenesten de skal arbeide "
        "med. NAV-leder innstiller i alle tilsettinger ved kontoret.",
    ),
    "3.3": _p(
        "Begge eiere er behandlingsansvarlige for personopplysninger innenfor sine "
        "ansvarsområder. NAV-leder har ansvaret for at kontoret følger eiernes rutiner for "
        "personvern og informasjonssikkerhet, og for at ansatte får nødvendig opplæring.",
        "Avvik meldes i den eierens avvikssystem som gjelder for tjenesten avviket knytter seg "
        "til. Alvorlige avvik meldes samtidig til begge eiere.",
    )
    + "<h3>Sikkerhet og beredskap</h3>"
    + _p(
        "Kontoret skal ha en lokal beredskapsplan og en lokal sikkerhetsinstruks, som "
        "oppdateres hvert år og ellers ved behov. Planene er vedlegg til avtalen.",
        "Alle ansatte skal gjennomføre sikkerhetsopplæring ved oppstart og delta i minst én "
        "øvelse i året. Vold og trusler mot ansatte skal alltid meldes og følges opp.",
    )
    + "<blockquote><p>Sikkerheten for ansatte og brukere går foran alle andre hensyn i "
    "kontorets drift.</p></blockquote>",
    "3.4": _p(
        "De ansatte ved NAV Grorud har rett til medbestemmelse etter eiernes avtaleverk. "
        "Partene skal etablere et felles forum for medbestemmelse ved kontoret, der "
        "tillitsvalgte fra begge eiere deltar, i tillegg til verneombudet.",
        "Saker som gjelder begge eieres ansatte drøftes i det felles forumet. Saker som bare "
        "gjelder én eiers ansatte behandles etter den eierens avtaleverk.",
        "Det felles arbeidsmiljøutvalget for kontoret møtes minst fire ganger i året. Leder "
        "av utvalget veksler mellom arbeidsgiver- og arbeidstakersiden hvert år.",
    ),
    "3.5": _p(
        "Eierne fastsetter hvert år mål og resultatkrav for kontoret. Målene skal bygge på "
        "eiernes styringsdokumenter og på lokale behov i bydelen, og de skal være kjent for "
        "alle ansatte.",
        "NAV-leder rapporterer måloppnåelsen til partnerskapsmøtet hvert tertial, og til "
        "eierne etter deres egne rapporteringsrutiner. Rapporten skal omfatte både statlige "
        "og kommunale mål.",
    )
    + _ul(
        "andel brukere med nedsatt arbeidsevne som kommer i arbeid eller utdanning",
        "andel unge under 30 år med en aktivitet innen fire uker etter første kontakt",
        "saksbehandlingstid for økonomisk sosialhjelp",
        "brukertilfredshet målt i den årlige brukerundersøkelsen",
    ),
    "3.6": _p(
        "NAV-leder utarbeider en felles kompetanseplan for kontoret, som behandles i "
        "partnerskapsmøtet. Planen skal dekke både statlige og kommunale tjenester, og den "
        "skal legge vekt på veiledning, oppfølging og kunnskap om arbeidsmarkedet.",
        "Begge eiere gir ansatte ved kontoret tilgang til sine opplæringstilbud. Kostnader "
        "til felles kompetansetiltak fordeles etter driftsavtalen.",
    ),
    "3.7": _p(
        "For at brukerne skal få helhetlige tjenester, kan ansatte hos den ene eieren utføre "
        "oppgaver på den andre eierens myndighetsområde. Dette forutsetter delegasjonsvedtak "
        "fra eieren som har myndigheten, og at den ansatte har fått nødvendig opplæring.",
        "Delegasjonen gjelder til den trekkes tilbake skriftlig. Endringer i delegasjonen "
        "drøftes i partnerskapsmøtet.",
    ),
    "3.8": _p(
        "Partene inngår en egen driftsavtale om fordeling av felles kostnader til lokaler, "
        "IKT, inventar, sikkerhet og andre felles driftsutgifter. Driftsavtalen er vedlegg "
        "til partnerskapsavtalen og revideres hvert år i forbindelse med budsjettet."
    ),
    "4.0": _p(
        "NAV Grorud gir statens tjenester etter arbeids- og velferdsforvaltningsloven og "
        "kommunens tjenester etter sosialtjenesteloven. I tillegg inngår de kommunale "
        "tjenestene som er listet nedenfor.",
        "Bydelen beslutter hvilke kommunale tjenester som skal inngå i kontoret, etter "
        "drøfting i partnerskapsmøtet. Endringer i tjenestetilbudet tas inn i avtalen ved "
        "neste revisjon.",
    ),
    "5.0": _p(
        "Brukernes erfaringer skal brukes i utviklingen av kontorets tjenester. Kontoret skal "
        "ha et brukerutvalg med representanter fra brukerorganisasjoner i bydelen, og "
        "brukerutvalget skal møtes minst fire ganger i året.",
        "Brukerutvalget gis anledning til å uttale seg om kontorets virksomhetsplan, "
        "tilgjengelighet og service. Resultatene av brukerundersøkelser legges frem for "
        "brukerutvalget og for partnerskapsmøtet.",
    ),
    "6.0": _p(
        "NAV Grorud skal samarbeide med bydelens øvrige tjenester og med andre aktører i "
        "Groruddalen, slik at brukere med sammensatte behov får koordinert bistand.",
    ),
    "7.0": _p(
        "Partene skal søke å løse uenighet om forståelsen eller gjennomføringen av avtalen "
        "ved forhandlinger, på lavest mulig nivå og så raskt som mulig."
    ),
    "8.0": _p(
        "Avtalen revideres når en av partene ber om det, og ellers når den sentrale "
        "partnerskapsavtalen endres. Endringer skal være skriftlige og godkjennes av begge "
        "parter.",
        "Vedleggene kan endres uten at avtalen for øvrig revideres, når begge parter er enige "
        "om endringen. Endrede vedlegg erstatter de tidligere og nummereres på nytt.",
    ),
    "9.0": _p(
        "Avtalen trer i kraft når den er signert av begge parter og erstatter da tidligere "
        "partnerskapsavtale for NAV Grorud."
    ),
}

CUSTOM = [
    (
        "10.0",
        "Kommunikasjon og informasjon",
        _p(
            "Partene informerer hverandre om saker som berører NAV-kontoret, i god tid før "
            "beslutninger tas. Henvendelser fra media om kontoret besvares av NAV-leder, etter "
            "avklaring med den eieren saken gjelder.",
            "Kontoret skal ha oppdatert informasjon om tjenestene på nav.no og på bydelens "
            "nettsider. Informasjon til brukerne skal være klar og forståelig, og den skal "
            "være tilgjengelig på de språkene som er mest brukt i bydelen.",
        ),
    ),
    (
        "11.0",
        "Særlige bestemmelser for NAV Grorud",
        _p(
            "NAV Grorud deltar i Groruddalssatsingen og i bydelens områdeløft. Kontoret skal "
            "bidra med kunnskap om arbeidsmarkedet og om brukernes behov i planarbeidet for "
            "satsingen.",
        )
        + "<h3>Ungdomsteam</h3>"
        + _p(
            "Kontoret har et eget ungdomsteam som følger opp unge under 30 år. Teamet "
            "samarbeider tett med Oppfølgingstjenesten i Oslo, skolene i bydelen og "
            "fritidsklubbene.",
        )
        + "<h4>Rutiner for samarbeid</h4>"
        + _ol(
            "Kontaktperson i skolen melder behov for bistand til ungdomsteamet.",
            "Ungdomsteamet tar kontakt med eleven innen fem virkedager.",
            "Det lages en felles plan for oppfølgingen, som evalueres etter tre måneder.",
        ),
    ),
]

# Extra paragraphs that make the agreement as long as a real, fully written one.
ELABORATION = _p(
    "Partene er enige om at bestemmelsen skal forstås i lys av formålet med avtalen og de "
    "føringene som følger av den sentrale partnerskapsavtalen. Ved tvil om forståelsen skal "
    "spørsmålet tas opp i partnerskapsmøtet før det treffes beslutninger som binder kontoret.",
    "NAV-leder har ansvaret for at bestemmelsen blir fulgt opp i det daglige arbeidet, og "
    "for at ansatte fra begge eiere kjenner til den. Erfaringene med bestemmelsen "
    "oppsummeres i den årlige evalueringen av avtalen, der også brukerutvalget og de "
    "tillitsvalgte får anledning til å komme med innspill.",
    "Eventuelle kostnader som følger av bestemmelsen fordeles etter driftsavtalen, med "
    "mindre partene skriftlig har avtalt noe annet. Avtaler om fordeling av kostnader skal "
    "arkiveres hos begge eiere sammen med referatet fra partnerskapsmøtet der de ble inngått.",
)

FOLLOW_UP = "<h3>Oppfølging og rapportering</h3>" + _p(
    "NAV-leder rapporterer på oppfølgingen av bestemmelsen i partnerskapsmøtet, sammen med "
    "den ordinære rapporteringen på mål og resultater. Rapporteringen skal vise hva som er "
    "gjennomført, hva som gjenstår, og hvilke tiltak NAV-leder foreslår for neste periode.",
    "Begge eiere kan be om at bestemmelsen vurderes på nytt dersom forutsetningene for den "
    "endres vesentlig, for eksempel ved endringer i lov, forskrift, eiernes "
    "styringsdokumenter eller i bydelens organisering.",
)

STRUCTURED = {
    "meetings": {
        "meetings_per_year": 4,
        "chair": "Bydelsdirektør og direktør i NAV Oslo, vekselvis",
        "agenda_owner": "NAV-leder",
        "participants": [
            "Bydelsdirektør, Bydel Grorud",
            "Avdelingsdirektør, NAV Oslo",
            "NAV-leder (sekretær)",
            "Hovedtillitsvalgt",
            "Verneombud",
        ],
    },
    "leadership": {"model": "one", "employment": "municipal"},
    "delegation": {
        "delegated": True,
        "decision_reference": "Delegasjonsvedtak av 14. mars 2024, sak 24/1187",
        "task_areas": [
            {
                "area": "Økonomisk rådgivning",
                "owner": "municipal",
                "description": "Statlig ansatte veiledere kan gi økonomisk rådgivning.",
            },
            {
                "area": "Arbeidsrettet oppfølging",
                "owner": "state",
                "description": "Kommunalt ansatte kan fatte vedtak om oppfølging.",
            },
        ],
    },
    "operating_agreement": {
        "cost_key": "arsverk",
        "tenant": "municipal",
        "note": "Fordelingen justeres 1. januar hvert år etter antall årsverk per 1. oktober.",
    },
    "services": {
        "optional": [
            "Rusforebyggende arbeid for unge voksne",
            "Gjeldsrådgivning",
            "Boligsosialt arbeid og startlån",
            "Introduksjonsprogrammet for nyankomne flyktninger",
        ]
    },
    "cooperation": {
        "partners": [
            {"name": "Bydelens helse- og omsorgstjenester", "written_agreement_needed": True},
            {
                "name": "Barneverntjenesten i Bydel Grorud",
                "written_agreement_needed": True,
                "note": "Felles rutine for unge som går ut av barnevernet.",
            },
            {"name": "Oppfølgingstjenesten i Oslo", "written_agreement_needed": False},
            {"name": "Distriktspsykiatrisk senter Groruddalen", "written_agreement_needed": True},
            {"name": "Frivillige organisasjoner i bydelen", "written_agreement_needed": False},
        ]
    },
    "validity": {
        "valid_from": "2025-01-01",
        "valid_to": None,
        "until_renewed": True,
        "evaluation_interval_months": 12,
        "notice_months": 6,
    },
}

ATTACHMENTS = [
    ("avtale_eiendom", "Avtale om drift og forvaltning av eiendom", "eiendomsavtale-grorud.pdf"),
    ("lokal_beredskapsplan", "Lokal beredskapsplan", "beredskapsplan-2025.pdf"),
    ("lokal_sikkerhetsinstruks", "Lokal sikkerhetsinstruks", "sikkerhetsinstruks.pdf"),
    ("delegasjonsvedtak", "Delegasjonsvedtak av 14. mars 2024", "delegasjonsvedtak-24-1187.pdf"),
    ("driftsavtale", "Driftsavtale 2025", "driftsavtale-2025.pdf"),
]


def build():
    """NAV Grorud's agreement, written out. Returns (agreement, signatories)."""
    from agreements.models import Attachment
    from agreements.services import (
        agreement_create,
        agreement_section_add,
        agreement_section_update,
        veileder_template_load,
    )
    from partnerships.models import Membership
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

    veileder_template_load(path=Path("agreements/data/veileder-2019.json"))
    county = CountyFactory(number="03", name="NAV Oslo")
    oslo = MunicipalityFactory(number="0301", name="Oslo kommune", county=county)
    central = CentralPartnershipFactory(municipal_party=oslo, state_party=county)
    partnership = PartnershipFactory(
        office=OfficeFactory(
            name="NAV Grorud",
            street_address="Ammerudveien 22",
            postal_code="0958",
            postal_town="Oslo",
        ),
        municipal_party=BydelFactory(number="030110", name="Bydel Grorud", parent=oslo),
        parent=central,
    )
    municipal = UserFactory(username="bydelsdirektor", first_name="Anders", last_name="Lie")
    MembershipFactory(
        user=municipal,
        partnership=partnership,
        side=Membership.Side.MUNICIPAL,
        role=Membership.Role.SIGNATORY,
        title="Bydelsdirektør",
    )
    state = UserFactory(username="direktor.oslo", first_name="Hilde", last_name="Bakken")
    MembershipFactory(
        user=state,
        partnership=partnership,
        side=Membership.Side.STATE,
        role=Membership.Role.SIGNATORY,
        title="Direktør NAV Oslo",
    )
    agreement = agreement_create(partnership=partnership, user=municipal)
    for number, title, _body in CUSTOM:
        agreement_section_add(agreement=agreement, user=municipal, title=title, number=number)
    bodies = TEXT | {number: body for number, _title, body in CUSTOM}
    long_ones = {"2.0", "3.1", "3.3", "3.4", "3.5", "3.6", "3.7", "4.0", "5.0", "6.0", "8.0"}
    for section in agreement.sections.select_related("template_section"):
        kind = section.template_section.structured if section.template_section_id else None
        body = bodies.get(section.number, "")
        if section.number in long_ones or not section.template_section_id:
            body += ELABORATION + FOLLOW_UP
        data = None
        if kind and kind != "none":
            data = {**section.structured, **STRUCTURED.get(kind, {})}
        agreement_section_update(
            section=section,
            user=municipal,
            title=section.title,
            body=body,
            structured_data=data,
            expected_revision=section.revision,
        )
    for kind, title, name in ATTACHMENTS:
        Attachment.objects.create(
            agreement=agreement,
            kind=kind,
            title=title,
            file=f"agreements/{agreement.pk}/{kind}.pdf",
            original_name=name,
            size=48_213,
            sha256="0" * 64,
            uploaded_by=municipal,
        )
    agreement.refresh_from_db()
    return agreement


DRAFTED_AT = dt.datetime(2024, 11, 28, 9, 30, tzinfo=dt.UTC)


def context_for(agreement, *, signed: bool) -> dict:
    from agreements.selectors import agreement_text

    partnership = agreement.partnership
    signed_at = dt.datetime(2024, 12, 12, 13, 5, tzinfo=dt.UTC)
    signatures = []
    if signed:
        # As the signing flow leaves it (in memory only: the bench renders, it does not sign).
        agreement.status, agreement.status_changed_at = "in_force", signed_at
        agreement.in_force_from = dt.date(2025, 1, 1)
        signatures = [
            {
                "side_label": "Kommunal side",
                "party": "Bydel Grorud, Oslo kommune",
                "name": "Anders Lie",
                "title": "Bydelsdirektør",
                "place": "Oslo",
                "signed_at": signed_at,
            },
            {
                "side_label": "Statlig side",
                "party": "NAV Oslo",
                "name": "Hilde Bakken",
                "title": "Direktør NAV Oslo",
                "place": "Oslo",
                "signed_at": signed_at,
            },
        ]
    return {
        "agreement": agreement,
        "partnership": partnership,
        "covered_municipalities": list(partnership.covered_municipalities.all()),
        "sections": agreement_text(agreement),
        "attachments": list(agreement.attachments.all()),
        "signatures": signatures,
        "draft": not signed,
        "generated_at": signed_at + dt.timedelta(minutes=2) if signed else DRAFTED_AT,
        "sha256": "9f2c4e1a" * 8 if signed else "",
    }


def _add_to_catalogue(messages: dict) -> None:
    """Preview only: put msgid → msgstr pairs into the active language's loaded catalogue."""
    from django.utils import translation
    from django.utils.translation import trans_real

    catalogue = trans_real.translation(translation.get_language())._catalog
    for msgid, msgstr in messages.items():
        catalogue[msgid] = msgstr


def main():
    # No per-page progress lines (WeasyPrint logs them at INFO, from its import on).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from navpartner.pdf import render_pdf

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    repeats = int(args[0]) if args else 5
    signed = "--signed" in sys.argv
    catalogue = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--catalogue=")), "")
    if catalogue:
        _add_to_catalogue(json.loads(Path(catalogue).read_text(encoding="utf-8")))
    variant = "pdf/a-3b" if signed else None
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        context = context_for(build(), signed=signed)
        render_pdf(render_to_string("pdf/agreement.html", context))  # warm up: fonts, CSS
        html_times, pdf_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            html = render_to_string("pdf/agreement.html", context)
            middle = time.perf_counter()
            pdf = render_pdf(html, pdf_variant=variant)
            html_times.append((middle - start) * 1000)
            pdf_times.append((time.perf_counter() - middle) * 1000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    OUT.mkdir(exist_ok=True)
    stem = "agreement-signed" if signed else "agreement-draft"
    pdf_path = OUT / f"{stem}.pdf"
    pdf_path.write_bytes(pdf)
    pictures = []
    for page in sorted({1, 2, pages}):
        prefix = OUT / f"{stem}-p{page:02d}"
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l", str(page)]
            + [str(pdf_path), str(prefix)],
            check=True,
        )
        pictures.append(f"{prefix}.png")

    print(f"variant        {'signed, ' + variant if signed else 'draft (watermark), plain PDF'}")
    print(f"renders        {repeats}")
    print(f"template ms    {statistics.median(html_times):.0f} (median)")
    print(f"render_pdf ms  {statistics.median(pdf_times):.0f} (median), max {max(pdf_times):.0f}")
    print(f"pages          {pages}")
    print(f"size           {len(pdf) / 1024:.0f} KiB")
    print(f"pdf            {pdf_path}")
    for picture in pictures:
        print(f"png            {picture}")
    flags = (" --signed" if signed else "") + (f" --catalogue={catalogue}" if catalogue else "")
    print(f"reproduce: uv run python bench/agreement_pdf.py {repeats}{flags}")


if __name__ == "__main__":
    main()
