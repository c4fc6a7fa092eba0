"""Demo driftsavtaler for this year, built through the services as the demo users would:

* NAV Grorud: the bydel holds the lease and re-invoices the state; husleie by floor area
  (the state 610 m², the bydel 540 m²), everything else by årsverk (the state 14.5 to
  30 June and 12.5 from 1 July, the bydel 11 all year); the actuals of the quarters that have
  passed, and the state's payments on account for them.
* NAV Indre Namdal: the state holds the lease and re-invoices the vertskommune Grong, whose
  share is divided among Grong, Høylandet, Namsskogan and Røyrvik by population.

A partnership that already has a driftsavtale is left alone, so running it again changes
nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from costsharing import services, split
from costsharing.models import CostKey, ExpenseLine, MunicipalKey, OperatingAgreement
from costsharing.selectors import cost_overview
from partnerships.models import Partnership, Side

Category = ExpenseLine.Category
D = Decimal

# category, name, own key, budget, actuals of the four quarters (only the quarters that have
# passed are registered)
GRORUD_LINES = [
    (
        Category.RENT,
        "",
        CostKey.AREA,
        D("2412600.00"),
        (D("603150.00"), D("603150.00"), D("611594.10"), D("611594.10")),
    ),
    (
        Category.COMMON,
        "",
        "",
        D("318450.00"),
        (D("79612.50"), D("79612.50"), D("81205.75"), D("81205.75")),
    ),
    (
        Category.ENERGY,
        "",
        "",
        D("186000.00"),
        (D("71284.37"), D("38912.60"), D("22147.95"), D("57310.00")),
    ),
    (
        Category.CLEANING,
        "",
        "",
        D("264880.50"),
        (D("66220.13"), D("66220.13"), D("68941.20"), D("66220.12")),
    ),
    (
        Category.SECURITY,
        "",
        "",
        D("142300.00"),
        (D("35575.00"), D("35575.00"), D("39812.50"), D("35575.00")),
    ),
    (
        Category.RECEPTION,
        "",
        "",
        D("385000.00"),
        (D("96250.00"), D("93480.40"), D("96250.00"), D("96250.00")),
    ),
    (
        Category.FURNITURE,
        "",
        "",
        D("75000.00"),
        (D("12480.00"), D("31954.90"), D("4399.00"), D("26000.00")),
    ),
    (
        Category.SUPPLIES,
        "",
        "",
        D("48250.75"),
        (D("13118.42"), D("11276.85"), D("9840.10"), D("12000.00")),
    ),
]

NAMDAL_LINES = [
    (
        Category.RENT,
        "",
        "",
        D("684000.00"),
        (D("171000.00"), D("171000.00"), D("173394.00"), D("173394.00")),
    ),
    (
        Category.COMMON,
        "",
        "",
        D("92400.00"),
        (D("23100.00"), D("23100.00"), D("24718.60"), D("23100.00")),
    ),
    (
        Category.ENERGY,
        "",
        "",
        D("71500.00"),
        (D("29874.12"), D("14210.55"), D("8933.40"), D("20000.00")),
    ),
    (
        Category.CLEANING,
        "",
        "",
        D("118760.00"),
        (D("29690.00"), D("29690.00"), D("29690.00"), D("29690.00")),
    ),
    (
        Category.SUPPLIES,
        "",
        "",
        D("21350.50"),
        (D("6120.80"), D("4388.25"), D("5012.00"), D("5800.00")),
    ),
    (
        Category.OTHER,
        "Bredbånd og felles skrivere",
        "",
        D("36000.00"),
        (D("9000.00"), D("9000.00"), D("9000.00"), D("9000.00")),
    ),
]

# Kommunenummer -> innbyggere (rounded figures for the demo).
NAMDAL_POPULATION = {
    "5045": D("2405"),  # Grong, the vertskommune
    "5046": D("1238"),  # Høylandet
    "5044": D("852"),  # Namsskogan
    "5043": D("471"),  # Røyrvik
}


def _quarters_passed(year: int) -> int:
    """How many of the year's quarters have ended before today."""
    today = timezone.localdate()
    return sum(1 for _start, end in split.quarters(year) if end < today)


def _lines(agreement: OperatingAgreement, user, rows) -> None:
    passed = _quarters_passed(agreement.year)
    for category, name, key, budget, actuals in rows:
        services.expense_line_add(
            agreement=agreement,
            user=user,
            category=category,
            name=name,
            key=key,
            budget=budget,
            actuals=tuple(amount if n < passed else D("0.00") for n, amount in enumerate(actuals)),
        )


def _pay_on_account(agreement: OperatingAgreement, user) -> None:
    """The party that is not the tenant pays a quarter of its budgeted share, in whole
    kroner, for each quarter that has passed."""
    result = cost_overview(agreement).result
    non_tenant = split.MUNICIPAL if agreement.tenant == split.STATE else split.STATE
    quarterly = (result.budget_totals[non_tenant] / 4).quantize(D("1"))
    passed = _quarters_passed(agreement.year)
    services.payments_on_account_set(
        agreement=agreement,
        user=user,
        paid=tuple(quarterly if n < passed else D("0.00") for n in range(4)),
    )


def _grorud(partnership: Partnership, user, year: int) -> None:
    agreement = services.operating_agreement_create(
        partnership=partnership, user=user, year=year, tenant=Side.MUNICIPAL, key=CostKey.ARSVERK
    )
    agreement = services.operating_agreement_update_terms(
        agreement=agreement,
        user=user,
        tenant=Side.MUNICIPAL,
        key=CostKey.ARSVERK,
        state_percentage=None,
        municipal_percentage=None,
        state_area=D("610.00"),
        municipal_area=D("540.00"),
        municipal_key=MunicipalKey.ARSVERK,
        note=(
            "Bydel Grorud er leietaker i Ammerudveien 22 og viderefakturerer statens andel. "
            "Husleie fordeles etter disponert areal; øvrige driftskostnader etter årsverk, "
            "jf. veilederen punkt 3.8. Staten betaler a konto hvert kvartal, og det gjøres "
            "opp etter faktiske kostnader ved årets slutt."
        ),
    )
    _lines(agreement, user, GRORUD_LINES)
    first = dt.date(year, 1, 1)
    services.staffing_period_add(
        agreement=agreement,
        user=user,
        side=Side.STATE,
        starts_on=first,
        ends_on=None,
        fte=D("14.50"),
    )
    services.staffing_period_change(
        agreement=agreement,
        user=user,
        side=Side.STATE,
        changes_on=dt.date(year, 7, 1),
        fte=D("12.50"),
    )
    services.staffing_period_add(
        agreement=agreement,
        user=user,
        side=Side.MUNICIPAL,
        starts_on=first,
        ends_on=None,
        fte=D("11.00"),
    )
    _pay_on_account(agreement, user)


def _namdal(partnership: Partnership, user, year: int) -> None:
    agreement = services.operating_agreement_create(
        partnership=partnership, user=user, year=year, tenant=Side.STATE, key=CostKey.ARSVERK
    )
    agreement = services.operating_agreement_update_terms(
        agreement=agreement,
        user=user,
        tenant=Side.STATE,
        key=CostKey.ARSVERK,
        state_percentage=None,
        municipal_percentage=None,
        state_area=None,
        municipal_area=None,
        municipal_key=MunicipalKey.POPULATION,
        note=(
            "NAV Trøndelag er leietaker i Søndre gate 2 og viderefakturerer kommunenes andel "
            "til vertskommunen Grong. Kommunenes andel fordeles mellom Grong, Høylandet, "
            "Namsskogan og Røyrvik etter innbyggertall per 1. januar."
        ),
    )
    _lines(agreement, user, NAMDAL_LINES)
    for side, fte in ((Side.STATE, D("6.00")), (Side.MUNICIPAL, D("5.50"))):
        services.staffing_period_add(
            agreement=agreement,
            user=user,
            side=side,
            starts_on=dt.date(year, 1, 1),
            ends_on=None,
            fte=fte,
        )
    municipalities = [partnership.municipal_party, *partnership.covered_municipalities.all()]
    services.municipal_weights_set(
        agreement=agreement,
        user=user,
        weights={
            m.pk: NAMDAL_POPULATION[m.number]
            for m in municipalities
            if m.number in NAMDAL_POPULATION
        },
    )
    _pay_on_account(agreement, user)


def seed_costsharing(partnerships: dict[str, Partnership], users) -> int:
    """This year's driftsavtale for NAV Grorud and NAV Indre Namdal, unless the partnership
    already has one. Returns how many were made."""
    year = timezone.localdate().year
    builders = [
        ("NAV Grorud", "navleder.grorud", _grorud),
        ("NAV Indre Namdal", "radmann.grong", _namdal),
    ]
    created = 0
    for key, username, build in builders:
        partnership = partnerships[key]
        if partnership.operating_agreements.exists():
            continue
        build(partnership, users[username], year)
        created += 1
    return created
