"""The demo agreements' texts, as the prose editor would save them, by veileder point number.

* ``CENTRAL_*`` – the central partnership agreement between Oslo kommune and NAV Oslo, in force
  since 1 March 2021. Written in our own words after the public agreement (seed 004); the
  people who sign it in the demo are made up.
* ``GRORUD_*`` – the local agreement for NAV Grorud (version 1, in force since 1 January 2022)
  and the changes of its revision (version 2, under negotiation).
* ``NAMDAL_*`` – the first points of a draft for NAV Indre Namdal, where Grong is the
  vertskommune for Høylandet, Namsskogan and Røyrvik.

Points missing from a ``*_BODIES`` dict are left as the veileder made them. ``*_STRUCTURED``
holds the structured part of the points that carry one (see ``agreements.structured``).
Everything local (addresses aside) is invented for the demo.
"""

# --- Oslo kommune – NAV Oslo: the central agreement ------------------------------------------

CENTRAL_IN_FORCE_FROM = "2021-03-01"
CENTRAL_ANSWER_NOTE = "Drøftet i sentralt samarbeidsutvalg."

CENTRAL_BODIES = {
    "1.0": (
        "<p>Avtalen er inngått mellom <strong>Oslo kommune</strong> og "
        "<strong>Arbeids- og velferdsetaten i Oslo (NAV Oslo)</strong>.</p>"
        "<p>Dette er den sentrale partnerskapsavtalen i Oslo. Den setter rammene for de lokale "
        "partnerskapsavtalene som hver bydel har med NAV Oslo om sitt NAV-kontor. De lokale "
        "avtalene gjør rammene konkrete og tilpasser dem til hvordan NAV-tjenestene drives i "
        "bydelen. Sier en lokal avtale noe annet enn denne, går den sentrale avtalen foran.</p>"
    ),
    "2.0": (
        "<p>Avtalen bygger på arbeids- og velferdsforvaltningsloven § 14. Den omfatter driften "
        "og utviklingen av NAV-kontorene i Oslo og de føringene som skal gjelde for alle "
        "kontorene. Kommunen og NAV Oslo samarbeider som likeverdige parter, har et felles "
        "ansvar for et godt arbeidsfellesskap og skal sammen sørge for at kontorene fungerer "
        "godt og fremstår som én enhet for innbyggerne.</p>"
        "<p>Forvaltningen skal vise respekt for hver enkelt, hjelpe folk over i arbeid, fremme "
        "sosial inkludering og deltakelse og gi sosial og økonomisk trygghet. Brukerne skal få "
        "oppfølging som er tilpasset dem og ser behovene deres i sammenheng.</p>"
        "<p>Avtalen skal gjøre samarbeidet mellom kommunen og staten i kontorene sterkere og "
        "støtte utviklings- og innovasjonsarbeid lokalt. Sammen skal partene:</p>"
        "<ul>"
        "<li><p>få flere i arbeid og aktivitet og færre over på stønad</p></li>"
        "<li><p>gi tjenester som er lette å nå og tilpasset brukernes behov</p></li>"
        "<li><p>bygge en helhetlig og effektiv velferdsforvaltning</p></li>"
        "<li><p>arbeide for likeverd og like sjanser, forebygge sosiale problemer og gi et "
        "tilbud der tjenestene henger sammen</p></li>"
        "</ul>"
    ),
    "2.1": (
        "<p>Hvor det enkelte NAV-kontoret skal ligge og hvordan det skal utformes, avtales i den "
        "lokale partnerskapsavtalen. Felles krav til innleie, drift og universell utforming "
        "står i punkt 3.8.</p>"
    ),
    "3.0": (
        "<p>Punktene 3.1–3.8 gir de felles rammene for hvordan NAV-kontorene i Oslo "
        "organiseres og drives. Den lokale avtalen for hvert kontor fyller dem ut.</p>"
    ),
    "3.1": (
        "<h3>Sentralt samarbeidsutvalg</h3>"
        "<p>Den byrådsavdelingen som har ansvaret for NAV-kontorene, og NAV Oslo møtes i "
        "sentralt samarbeidsutvalg så ofte det trengs, og <strong>minst tre ganger hvert "
        "halvår</strong>. Utvalget samordner de overordnede styringssignalene fra kommunen og "
        "staten, blir enige om felles prioriteringer og satsinger og vurderer strategisk hvordan "
        "kontorene skal utvikles. Utvalget gjør klart hva eierne venter av kontorene, og følger "
        "med på at samarbeidet og kvaliteten i driften utvikler seg i tråd med det felles "
        "samfunnsoppdraget. Ved behov kan utvalget sette ned underutvalg eller lage andre "
        "møtearenaer.</p>"
        "<p>Partene samarbeider om å:</p>"
        "<ul>"
        "<li><p>samle, ordne og dele tall, kunnskap og erfaringer fra kontorene</p></li>"
        "<li><p>følge opp og spre erfaringer som åpner nye muligheter i partnerskapet</p></li>"
        "<li><p>utvikle og bruke tiltak og virkemidler</p></li>"
        "<li><p>utvikle kompetansen i kontorene</p></li>"
        "</ul>"
        "<p>Tjenestene utvikles ut fra kartlegginger og analyser av de lokale utfordringene i "
        "NAV i Oslo, og brukerne og organisasjonene deres tas med i det arbeidet.</p>"
        "<h3>Partnerskapet lokalt</h3>"
        "<p>Hvert lokale partnerskap møtes <strong>minst to ganger i året</strong>. Faste "
        "deltakere er:</p>"
        "<ul>"
        "<li><p>bydelsdirektøren</p></li>"
        "<li><p>direktøren i NAV Oslo</p></li>"
        "<li><p>lederne ved NAV-kontoret</p></li>"
        "<li><p>en representant for den ansvarlige byrådsavdelingen</p></li>"
        "</ul>"
        "<p>Deltakerne kan bli enige om å invitere andre når det er nyttig. Lederen eller "
        "lederne ved kontoret er sekretariat: de kaller inn, setter opp dagsorden og skriver "
        "referat, som sendes til deltakerne. Alle faste deltakere kan melde saker. Partnerskapet "
        "sørger for at vernetjenesten og de tillitsvalgte får medvirke så mye som trengs.</p>"
        "<h3>Styring av NAV-kontorene</h3>"
        "<p>NAV-kontorene får instrukser fra begge eierne: fra kommunen gjennom "
        "bydelsdirektøren og fra Arbeids- og velferdsetaten gjennom direktøren i NAV Oslo.</p>"
    ),
    "3.2": (
        "<p>NAV-kontorene i Oslo skal som hovedregel ha <strong>én NAV-leder</strong> med et "
        "samlet administrativt og faglig ansvar for kontoret. Lederen rapporterer til, og "
        "forholder seg til, begge eierne. På hvilke vilkår lederen ansettes, avtales i den "
        "lokale avtalen.</p>"
    ),
    "3.3": (
        "<p>Hvert NAV-kontor skal ha egne rutiner som ivaretar personvern, "
        "informasjonssikkerhet og beredskap, og som oppfyller lovkravene og det begge "
        "styringslinjene har bestemt.</p>"
        "<p><strong>Samordning av HMS-arbeidet.</strong> NAV Oslo har ansvaret for å samordne "
        "helse-, miljø- og sikkerhetsarbeidet til de to virksomhetene i kontorene. Kommunalt "
        "ansatte registrerer avvik i kommunens eget system, og kommunen beholder full tilgang "
        "til disse dataene.</p>"
    ),
    "3.4": (
        "<p>De ansattes medbestemmelse i NAV-kontorene følger overenskomstene og hoved- og "
        "tilpasningsavtalene i kommunen og i staten. Partene skal, både lokalt og sentralt, "
        "legge til rette for godt samarbeid og for at medbestemmelsen og medvirkningen i "
        "kontorene blir reell. NAV-leder skal ta i bruk det handlingsrommet avtaleverkene "
        "gir.</p>"
    ),
    "3.5": (
        "<p>Mål og resultatkrav kommer gjennom styringsdokumentene i hver styringslinje. "
        "Sentralt samarbeidsutvalg samordner forventningene til kontorene (punkt 3.1); lokale "
        "mål avtales i de lokale partnerskapene.</p>"
    ),
    "3.6": (
        "<p>Kompetanseutvikling er et av de faste samarbeidsområdene i sentralt "
        "samarbeidsutvalg (punkt 3.1). Kompetanseplanen for det enkelte kontoret avtales "
        "lokalt.</p>"
    ),
    "3.7": (
        "<p>Bydelsdirektøren og direktøren i NAV Oslo gir NAV-leder fullmakter i hver sin "
        "styringslinje.</p>"
        "<p>Partene er enige om at ansatte i den kommunale og den statlige linjen kan utføre "
        "oppgaver på hverandres myndighetsområde. Hvilke fullmakter lederen har, går fram av "
        "egne delegasjonsvedtak for hvert kontor. Myndigheten skal alltid brukes innenfor de "
        "lovene, forskriftene, instruksene og styringsdokumentene som gjelder.</p>"
        "<p>Hver av partene, eller begge sammen, kan når som helst endre eller trekke tilbake "
        "et lokalt delegasjonsvedtak.</p>"
    ),
    "3.8": (
        "<p>Hver part bærer kostnadene for sin del av kontorarealene i det felles NAV-kontoret. "
        "For hvert kontor lages en <strong>lokal driftsavtale</strong> som blant annet fordeler "
        "driftskostnadene for de leide arealene og regulerer viderefakturering av felles "
        "husleie når den ene parten er leietaker. Partene inngår ikke fremleieavtaler seg "
        "imellom; driftsavtalen regulerer alt som gjelder drift og forvaltning av "
        "eiendommen.</p>"
        "<p>Partene kan bli enige om at den ene står som leietaker og leder arbeidet med "
        "leiekontrakten. Den andre kan da gi råd og anbefalinger så langt partene avtaler. Før "
        "arbeidet starter, samordner partene sine standarder for leiekontrakter, "
        "kravspesifikasjoner og retningslinjer for eiendomsforvaltning. Leiekontrakten og de "
        "andre vilkårene skal være forankret i partnerskapet, og den lokale driftsavtalen skal "
        "være skrevet, før kontrakten signeres.</p>"
        "<p>Begge parter sørger for at tjenester, kommunikasjon og lokaler er universelt "
        "utformet. Når nye lokaler anskaffes, skal kravene til universell utforming stå i "
        "konkurransegrunnlaget eller kravspesifikasjonen. I areal- og innleieprosesser følges "
        "reglene for medbestemmelse i både staten og kommunen.</p>"
    ),
    "4.0": (
        "<p>NAV-kontorene skal gi et helhetlig og effektivt tilbud ut fra behovene til "
        "innbyggerne og arbeidslivet, oppfylle sentrale krav og føringer, holde høy faglig "
        "kvalitet og være forutsigbare. Uansett hvordan innbyggerne tar kontakt, skal de få "
        "vite hvilke muligheter, rettigheter og plikter de har, slik at de kan ivareta sine "
        "interesser. Kontorene skal bruke digitalisering til å gjøre tjenestene bedre og "
        "lettere tilgjengelige.</p>"
        "<p>NAV-kontorene skal:</p>"
        "<ul>"
        "<li><p>gi arbeidsrettet og inkluderende oppfølging til innbyggere som trenger det, "
        "uansett hvilken ytelse de har</p></li>"
        "<li><p>ha tett kontakt og samarbeid med arbeidsgivere</p></li>"
        "<li><p>arbeide for likeverd og like sjanser for alle</p></li>"
        "<li><p>forebygge sosiale problemer og bidra til å løse dem</p></li>"
        "<li><p>sørge for at barn og unge i utsatte situasjoner får et samlet og koordinert "
        "tilbud</p></li>"
        "</ul>"
        "<p><strong>Statlige hovedområder:</strong> arbeidssøkere og personer under "
        "arbeidsavklaring, sykmeldte, enslige forsørgere og uføre som ønsker arbeid – og "
        "oppfølging av arbeidsgivere for et velfungerende arbeidsmarked.</p>"
        "<p><strong>Kommunale tjenester i alle kontorene:</strong></p>"
        "<ul>"
        "<li><p>individuelle tjenester etter sosialtjenesteloven: opplysning, råd og veiledning "
        "(også økonomi- og gjeldsrådgivning), økonomisk stønad, midlertidig botilbud, "
        "kvalifiseringsprogram og arbeid med individuell plan</p></li>"
        "<li><p>frivillig og tvungen forvaltning av trygdeytelser</p></li>"
        "<li><p>utredning av og medvirkning til tiltak for personer med rusavhengighet eller "
        "psykiske eller uavklarte helseplager, i tett samarbeid med kommunens helse- og "
        "velferdstjenester og spesialisthelsetjenesten</p></li>"
        "<li><p>bistand til å skaffe og beholde bolig for vanskeligstilte</p></li>"
        "<li><p>introduksjonsprogram og oppfølging etter integreringsloven, sammen med Oslo "
        "voksenopplæring</p></li>"
        "</ul>"
        "<p>Også andre kommunale tjenester med et selvhjelpsperspektiv kan legges til kontoret. "
        "Ønsker en bydel flere tjenester i sitt NAV-kontor, drøftes det i det lokale "
        "partnerskapet.</p>"
    ),
    "5.0": (
        "<p>Partene legger til rette for brukermedvirkning både i den enkeltes sak og på "
        "systemnivå, og prøver gjerne ut nye former for den. På systemnivå skal hvert NAV-kontor "
        "være representert i et brukerutvalg, enten kontorets eget eller et felles regionalt "
        "utvalg. Ansvaret følger av arbeids- og velferdsforvaltningsloven §§ 6, 14 og 15.</p>"
    ),
    "6.0": (
        "<p>NAV-kontorene samarbeider med andre statlige og kommunale aktører og bidrar aktivt "
        "til at innbyggerne får et helhetlig og samordnet tilbud. Trengs det en egen "
        "samarbeidsavtale eller skriftlige rutiner, tar det lokale partnerskapet initiativ til "
        "at de blir laget.</p>"
    ),
    "7.0": (
        "<p>Partene vil helst løse uenighet om inngåelse og tolkning av partnerskapsavtalene "
        "ved å forhandle lokalt. Det som ikke blir løst i det lokale partnerskapet, legges "
        "skriftlig fram for sentralt samarbeidsutvalg, der den aktuelle bydelsdirektøren da "
        "deltar. Fører heller ikke det fram, løses tvisten etter forskriften om nemndbasert "
        "tvisteløsning.</p>"
        "<p>Er partene uenige på sentralt nivå, forsøkes saken først løst i sentralt "
        "samarbeidsutvalg.</p>"
    ),
    "8.0": (
        "<p>Hvordan Riksrevisjonen, internrevisjonen i Arbeids- og velferdsetaten og "
        "Kommunerevisjonen i Oslo får tilgang til det enkelte kontoret, avtales i de lokale "
        "partnerskapsavtalene.</p>"
    ),
    "9.0": (
        "<p>Avtalen gjelder fra <strong>1. mars 2021</strong> til den blir fornyet, eller til "
        "en av partene sier den opp med <strong>minst tre måneders varsel</strong>.</p>"
        "<p>Partene kan ta opp nye satsingsområder underveis når det trengs, og kan bli enige "
        "om å prøve ut forsøksvirksomhet innenfor avtalen.</p>"
    ),
}

CENTRAL_STRUCTURED = {
    "1.0": {
        "municipal_party": "Oslo kommune",
        "state_party": "NAV Oslo",
        "covered_municipalities": [],
        "signatories": [
            {"side": "municipal", "name": "Jon Berg", "title": "Kommunaldirektør"},
            {"side": "state", "name": "Hilde Bakken", "title": "Direktør NAV Oslo"},
        ],
    },
    "3.1": {
        "meetings_per_year": 6,  # at least three each half-year
        "chair": "Byrådsavdelingen og NAV Oslo, vekselvis",
        "agenda_owner": "Byrådsavdelingen og NAV Oslo i fellesskap",
        "participants": ["Ansvarlig byrådsavdeling i Oslo kommune", "Direktør NAV Oslo"],
    },
    "3.2": {"model": "one", "employment": ""},  # the terms are agreed locally
    "3.8": {
        "cost_key": "area",
        "tenant": "",
        "note": (
            "Hver part bærer kostnadene for sin del av arealene. Egen lokal driftsavtale for "
            "hvert kontor; ingen fremleieavtaler mellom partene."
        ),
    },
    "4.0": {
        "optional": [
            "Introduksjonsprogram for nyankomne flyktninger og innvandrere",
            "Tiltak for personer med rusavhengighet eller psykiske helseutfordringer",
            "Bistand til å skaffe og beholde bolig for vanskeligstilte",
            "Forvaltning av trygdeytelser for enkeltpersoner (frivillig eller tvungen forvaltning)",
        ]
    },
    "6.0": {
        "partners": [
            {
                "name": "Oslo voksenopplæring",
                "written_agreement_needed": True,
                "note": "Introduksjonsprogrammet og oppfølging etter integreringsloven.",
            },
            {
                "name": "Kommunens helse- og velferdstjenester",
                "written_agreement_needed": False,
                "note": "Rus og psykisk helse; utsatte barn og unge.",
            },
            {
                "name": "Spesialisthelsetjenesten",
                "written_agreement_needed": False,
                "note": "Tiltak for personer med rusavhengighet eller psykiske helseplager.",
            },
        ]
    },
    "9.0": {
        "valid_from": CENTRAL_IN_FORCE_FROM,
        "valid_to": None,
        "until_renewed": True,
        "evaluation_interval_months": 12,
        "notice_months": 3,
    },
}

# The central agreement's own sections: (title, text).
CENTRAL_OWN_SECTIONS = [
    (
        "Kommunikasjon",
        "<p>Hvem som følger opp saker i media og uttaler seg, følger linje- og saksansvaret. "
        "Kommunen og staten tar imot henvendelser fra pressen etter rutinene i sin egen "
        "styringslinje, og viser journalisten videre til riktig linje når det trengs. Er det "
        "uklart hvem som skal uttale seg, blir det lokale partnerskapet enig om det.</p>"
        "<p>Partene holder hverandre orientert og samordner kommunikasjonen når det er "
        "behov.</p>",
    ),
]


# --- NAV Grorud: version 1, in force, and its revision ----------------------------------------

GRORUD_IN_FORCE_FROM = "2022-01-01"
GRORUD_ANSWER_NOTE = "Drøftet i partnerskapsmøtet."

GRORUD_BODIES = {
    "1.0": (
        "<p>Avtalen er inngått mellom <strong>Bydel Grorud, Oslo kommune</strong>, og "
        "<strong>NAV Oslo</strong>. Den gjelder NAV Grorud i Ammerudveien 22, som betjener "
        "innbyggerne i hele bydelen.</p>"
        "<p>Avtalen bygger på den sentrale partnerskapsavtalen mellom Oslo kommune og NAV Oslo, "
        "som går foran ved motstrid.</p>"
    ),
    "2.0": (
        "<p>Partnerskapet skal gjøre NAV Grorud til et kontor der innbyggerne får samlet hjelp "
        "til arbeid, aktivitet og en trygg økonomi. I avtaleperioden prioriterer partene:</p>"
        "<ul>"
        "<li><p>flere unge under 30 år i arbeid eller utdanning</p></li>"
        "<li><p>færre som mottar økonomisk sosialhjelp over lang tid</p></li>"
        "<li><p>tett samarbeid med arbeidsgivere i Groruddalen</p></li>"
        "</ul>"
        "<p>Partene har en felles virksomhetsplan for kontoret som rulleres hvert år.</p>"
    ),
    "2.1": (
        "<p>NAV Grorud holder til i Ammerudveien 22, kort vei fra T-banen. Publikumsmottaket er "
        "universelt utformet, og lokalene oppfyller minimumskravene til fysisk sikring av "
        "NAV-kontor. Verneombud og brukerrepresentanter var med da lokalene ble planlagt.</p>"
    ),
    "3.0": (
        "<p>Organisering og drift følger rammene i den sentrale avtalen. Punktene under gir de "
        "lokale tilpasningene for NAV Grorud.</p>"
    ),
    "3.1": (
        "<p>Partnerskapet møtes <strong>minst to ganger i året</strong>. Faste deltakere er "
        "bydelsdirektøren i Bydel Grorud, direktøren i NAV Oslo (eller den direktøren peker "
        "ut), NAV-leder og en representant for den ansvarlige byrådsavdelingen. "
        "Bydelsdirektøren og direktøren leder møtene vekselvis. NAV-leder er sekretær: "
        "kaller inn, sender ut dagsorden og skriver referat.</p>"
        "<p>Styringssignalene fra de to linjene samordnes i partnerskapsmøtet, slik at NAV-leder "
        "får ett samlet oppdrag. NAV-leder rapporterer i begge linjer etter de fristene linjene "
        "setter.</p>"
    ),
    "3.2": (
        "<p>NAV Grorud har én NAV-leder, ansatt på kommunale vilkår i Bydel Grorud. NAV-leder "
        "er med i bydelsdirektørens ledergruppe og i lederforumet i NAV Oslo, og ansetter de "
        "andre medarbeiderne etter reglementet i den linjen stillingen hører til.</p>"
    ),
    "3.3": (
        "<p>Kontoret bruker Felles sikkerhetsnormer for Arbeids- og velferdsforvaltningen for "
        "alle ansatte, kommunale som statlige. Den lokale beredskapsplanen og den lokale "
        "sikkerhetsinstruksen gjennomgås hvert år sammen med verneombudet.</p>"
    ),
    "3.4": (
        "<p>Saker som berører de ansatte, drøftes tidlig med tillitsvalgte fra begge "
        "avtaleverkene. NAV-leder holder et felles informasjonsmøte med tillitsvalgte og "
        "verneombud hver måned.</p>"
    ),
    "3.5": (
        "<p>Partnerskapet setter hvert år lokale mål ut fra Mål- og disponeringsbrevet og "
        "bydelens budsjett og virksomhetsplan. Resultatene gjennomgås i hvert "
        "partnerskapsmøte.</p>"
    ),
    "3.6": (
        "<p>NAV-leder lager en felles kompetanseplan for alle ansatte. Bydelen og NAV Oslo "
        "dekker opplæringen av sine egne ansatte.</p>"
    ),
    "3.7": (
        "<p>Bydelsdirektøren og direktøren i NAV Oslo har gitt NAV-leder fullmakter i hver sin "
        "styringslinje, slik den sentrale avtalen forutsetter. NAV-leder har budsjett- og "
        "personalansvar for hele kontoret.</p>"
        "<p>Partene har foreløpig ikke vedtatt at ansatte skal treffe vedtak på den andre "
        "eierens myndighetsområde. Spørsmålet tas opp igjen ved neste revisjon.</p>"
    ),
    # The structured part says the cost key and the tenant; the text only what it does not.
    "3.8": (
        "<p>Den lokale driftsavtalen lister opp hvilke kostnader som er felles, og revideres når "
        "årsverkene endrer seg med mer enn ti prosent.</p>"
    ),
    # The services themselves are listed by the structured part.
    "4.0": (
        "<p>Gjeldsrådgiveren tar også imot innbyggere som ikke mottar stønad, og "
        "introduksjonsprogrammet gis sammen med Oslo voksenopplæring. De statlige tjenestene "
        "følger av Arbeids- og velferdsetatens oppdrag.</p>"
    ),
    "5.0": (
        "<p>Brukerne skal ha reell innflytelse i sin egen sak. På systemnivå deltar NAV Grorud "
        "i det felles brukerutvalget for NAV-kontorene i Groruddalen.</p>"
    ),
    "6.0": (
        "<p>NAV Grorud samarbeider tett med bydelens egne tjenester og med skole og "
        "helsetjenester i Groruddalen. Samarbeidet med barneverntjenesten og "
        "Oppfølgingstjenesten er beskrevet i skriftlige rutiner.</p>"
    ),
    "7.0": (
        "<p>Partene forsøker først å løse uenighet i partnerskapsmøtet. Saker som ikke blir "
        "løst der, går videre etter tvisteløsningen i den sentrale avtalen.</p>"
    ),
    "8.0": (
        "<p>Riksrevisjonen, internrevisjonen i Arbeids- og velferdsetaten og Kommunerevisjonen "
        "i Oslo får tilgang til kontoret etter avtale med NAV-leder, innenfor de grensene "
        "taushetsplikten setter.</p>"
    ),
    # Period, evaluation interval and notice are the structured part's.
    "9.0": "<p>Den årlige evalueringen gjøres i partnerskapets siste møte i året.</p>",
}

GRORUD_STRUCTURED = {
    "1.0": {
        "municipal_party": "Bydel Grorud, Oslo kommune",
        "state_party": "NAV Oslo",
        "covered_municipalities": [],
        "signatories": [
            {"side": "municipal", "name": "Anders Lie", "title": "Bydelsdirektør"},
            {"side": "state", "name": "Hilde Bakken", "title": "Direktør NAV Oslo"},
        ],
    },
    "3.1": {
        "meetings_per_year": 2,
        "chair": "Bydelsdirektør og direktør NAV Oslo, vekselvis",
        "agenda_owner": "NAV-leder",
        "participants": [
            "Bydelsdirektør",
            "Direktør NAV Oslo",
            "NAV-leder",
            "Representant for ansvarlig byrådsavdeling",
        ],
    },
    "3.2": {"model": "one", "employment": "municipal"},
    "3.7": {"delegated": False, "decision_reference": "", "task_areas": []},
    "3.8": {
        "cost_key": "arsverk",
        "tenant": "municipal",
        "note": "Statens andel faktureres kvartalsvis.",
    },
    "4.0": {
        "optional": [
            "Introduksjonsprogram for nyankomne flyktninger og innvandrere",
            "Tiltak for personer med rusavhengighet eller psykiske helseutfordringer",
            "Bistand til å skaffe og beholde bolig for vanskeligstilte",
            "Forvaltning av trygdeytelser for enkeltpersoner (frivillig eller tvungen forvaltning)",
            "Gjeldsrådgivning ut over minimumet (egen gjeldsrådgiver)",
        ]
    },
    "6.0": {
        "partners": [
            {
                "name": "Barneverntjenesten i Bydel Grorud",
                "written_agreement_needed": True,
                "note": "Felles rutine for unge som går ut av barnevernet.",
            },
            {
                "name": "Oppfølgingstjenesten i Osloskolen",
                "written_agreement_needed": True,
                "note": "Ungdom som har avbrutt videregående opplæring.",
            },
            {
                "name": "Helse- og omsorgstjenesten i bydelen",
                "written_agreement_needed": False,
                "note": "Rus og psykisk helse.",
            },
            {
                "name": "Oslo voksenopplæring",
                "written_agreement_needed": False,
                "note": "Introduksjonsprogrammet.",
            },
        ]
    },
    "9.0": {
        "valid_from": GRORUD_IN_FORCE_FROM,
        "valid_to": None,
        "until_renewed": True,
        "evaluation_interval_months": 12,
        "notice_months": 3,
    },
}

GRORUD_OWN_SECTIONS = [
    (
        "Samordning av HMS",
        "<p>Som den sentrale avtalen bestemmer, samordner NAV Oslo HMS-arbeidet ved NAV "
        "Grorud, og NAV-leder har det daglige ansvaret. Kommunalt ansatte melder avvik i "
        "bydelens avvikssystem og statlig ansatte i NAVs. Avvikene gjennomgås samlet med "
        "verneombudet hvert kvartal.</p>",
    ),
    (
        "Innleie og drift",
        "<p>Lokalene er i Ammerudveien 22 (leietaker og fakturering: punkt 3.8). Endringer i "
        "leieforholdet skal forankres i partnerskapet før de avtales med utleier.</p>",
    ),
]

# Version 2: what the revision changes (text, and structured part where given).
GRORUD_REVISION_BODIES = {
    "3.1": (
        "<p>Partnerskapet møtes <strong>fire ganger i året</strong>, én gang i hvert kvartal. "
        "Faste deltakere er bydelsdirektøren i Bydel Grorud, direktøren i NAV Oslo (eller den "
        "direktøren peker ut), NAV-leder og en representant for den ansvarlige "
        "byrådsavdelingen. Bydelsdirektøren og direktøren leder møtene vekselvis. NAV-leder er "
        "sekretær: kaller inn, sender ut dagsorden og skriver referat.</p>"
        "<p>Styringssignalene fra de to linjene samordnes i partnerskapsmøtet, slik at NAV-leder "
        "får ett samlet oppdrag. NAV-leder rapporterer i begge linjer etter de fristene linjene "
        "setter, og legger fram en felles resultatrapport i hvert møte.</p>"
    ),
    "3.6": (
        "<p>NAV-leder lager hvert år en <strong>felles kompetanseplan</strong> for alle "
        "ansatte, bygd på brukernes behov og de lokale utfordringene i bydelen. Planen legges "
        "fram i partnerskapsmøtet i første kvartal. I avtaleperioden prioriteres:</p>"
        "<ul>"
        "<li><p>motiverende intervju og arbeidsrettet veiledning</p></li>"
        "<li><p>økonomi- og gjeldsrådgivning</p></li>"
        "<li><p>veiledning av brukere med innvandrerbakgrunn</p></li>"
        "</ul>"
        "<p>Bydelen og NAV Oslo dekker opplæringen av sine egne ansatte; felles tiltak deles "
        "etter årsverk.</p>"
    ),
    "5.0": (
        "<p>Brukerne skal ha reell innflytelse i sin egen sak, og veilederne får opplæring i "
        "brukermedvirkning. NAV Grorud oppretter et <strong>eget brukerutvalg</strong> med "
        "representanter for brukerorganisasjonene, ungdomsrådet i bydelen og brukere med "
        "minoritetsbakgrunn. Utvalget møtes fire ganger i året, og NAV-leder legger planer for "
        "å utvikle tjenestene fram for utvalget før de blir bestemt.</p>"
    ),
}
GRORUD_REVISION_STRUCTURED = {"3.1": {**GRORUD_STRUCTURED["3.1"], "meetings_per_year": 4}}

# Where version 2 stands: the sections each side has approved so far (every other section is
# approved by both), and the questions reopened for the revision (point → (question index,
# note)).
GRORUD_REVISION_APPROVED_BY_MUNICIPAL_ONLY = ["3.1", "4.0"]
GRORUD_REVISION_APPROVED_BY_STATE_ONLY = ["5.0"]
GRORUD_REVISION_APPROVED_BY_NEITHER = ["3.6"]
GRORUD_REVISION_REOPENED_QUESTIONS = {
    "3.1": (3, "Kvartalsvise møter foreslått; møteledelse ikke avklart."),
    "3.6": (0, "Utkast til kompetanseplan for neste år er ikke ferdig."),
    "5.0": (0, "Mandat og sammensetning av brukerutvalget drøftes i neste møte."),
}


# --- NAV Indre Namdal: a draft ----------------------------------------------------------------

NAMDAL_BODIES = {
    "1.0": (
        "<p>Avtalen er inngått mellom <strong>Grong kommune</strong>, som vertskommune, og "
        "<strong>NAV Trøndelag</strong>. Høylandet, Namsskogan og Røyrvik kommuner har i en "
        "vertskommuneavtale etter kommuneloven overlatt de kommunale oppgavene i NAV til Grong. "
        "Grong er derfor avtalepart også for disse tre kommunene.</p>"
        "<p>Avtalen gjelder NAV Indre Namdal, med hovedkontor i Grong og faste kontordager i "
        "Høylandet, Namsskogan og Røyrvik.</p>"
    ),
    "2.0": (
        "<p>Innbyggerne i alle fire kommunene skal få et likeverdig NAV-tilbud, selv om "
        "avstandene er store. Partnerskapet vil bruke digitale møter og faste kontordager for å "
        "være tilgjengelig der folk bor.</p>"
    ),
    "3.7": (
        "<p>Kommunedirektøren i Grong delegerer myndighet etter sosialtjenesteloven til "
        "NAV-leder, også for saker fra Høylandet, Namsskogan og Røyrvik, slik "
        "vertskommuneavtalen åpner for.</p>"
        "<p>Statlig ansatte veiledere kan behandle og treffe vedtak om økonomisk stønad. "
        "Delegasjonsvedtaket legges ved avtalen.</p>"
    ),
}

NAMDAL_STRUCTURED = {
    "3.7": {
        "delegated": True,
        "decision_reference": "Grong kommunestyre, sak 45/23 (vertskommunesamarbeid om NAV)",
        "task_areas": [
            {
                "area": "Økonomisk stønad",
                "owner": "municipal",
                "description": (
                    "Statlig ansatte veiledere kan behandle og treffe vedtak etter "
                    "sosialtjenesteloven."
                ),
            }
        ],
    },
}
NAMDAL_ANSWERS = {
    "1.0": (
        0,
        "Ja: Høylandet, Namsskogan og Røyrvik har delegert til Grong, som er avtalepart.",
    ),
}

# Version 2 under negotiation: what was added to 3.3 after both sides had approved it, the
# wording the state side proposes for 3.1 (old, new), and what the parties said about it.
GRORUD_NEGOTIATION_3_3_ADDED = (
    "<p>Nye medarbeidere gjennomgår sikkerhetsinstruksen i løpet av den første uken.</p>"
)
GRORUD_NEGOTIATION_3_1_SUGGESTED = (
    "<strong>fire ganger i året</strong>, én gang i hvert kvartal",
    "<strong>tre ganger i året</strong>, i februar, juni og oktober",
)
GRORUD_NEGOTIATION_3_1_THREAD = (
    "Fire møter i året blir mye for direktøren i NAV Oslo, som har fjorten kontorer. Vi "
    "foreslår tre, lagt utenom budsjettarbeidet. Se forslaget til ny tekst.",
    "Vi kan gå med på tre møter hvis det første kommer tidlig nok til å drøfte "
    "budsjettinnspillet. Februar er for sent; kan vi ta januar?",
)
GRORUD_NEGOTIATION_3_1_INTERNAL = (
    "Internt: vi godtar tre møter hvis vi får januar, ellers holder vi på fire. "
    "Bydelsdirektøren avgjør før neste partnerskapsmøte."
)


# --- NAV Sogndal: a draft in nynorsk ----------------------------------------------------------

SOGNDAL_BODIES = {
    "2.0": (
        "<p>Partnarskapet skal gje innbyggjarane i Sogndal eitt kontor med tenester frå både "
        "kommunen og staten, slik at den som treng hjelp, ikkje må gå frå dør til dør.</p>"
        "<p>Måla for kontoret er at fleire kjem i arbeid og aktivitet, og at færre blir "
        "verande utanfor arbeidslivet over lang tid.</p>"
    ),
    "3.1": (
        "<p>Kommunedirektøren og direktøren i NAV Vestland styrer kontoret saman gjennom "
        "partnarskapsmøtet. NAV-leiaren har det daglege ansvaret og rapporterer til begge "
        "eigarane.</p>"
        "<p>Partnarskapsmøtet skal haldast minst to gonger i året.</p>"
    ),
}
