"""Issue 20, points 1–5 and the settlement's smaller points, as the users see them: the rules
stated beside the figures (page, CSV/XLSX notes, PDF), each quarter's key in the settlement,
a quarter without årsverk marked while the rest is split, a quarter without costs "not
registered", and a vertskommune's quarterly statements per municipality.

The `driftsavtale` fixture: Grorud 2026, husleie 1 200 000 and renhold 240 000 by årsverk,
the state 12 årsverk to 30 June and 10 from 1 July, the bydel 8; a quarter of each in each
quarter. Quarter 1: 12 : 8 = 60 % / 40 %; quarter 3: 10 : 8 = 55.56 % / 44.44 %."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from costsharing import selectors
from costsharing.documents import operating_agreement_html
from costsharing.models import OperatingAgreement
from tests.conftest import Role, Side, _persona
from tests.factories import (
    ExpenseLineFactory,
    MunicipalityFactory,
    PartnershipFactory,
    StaffingPeriodFactory,
)

NBSP = "\xa0"
ACTUALS_RULE = (
    "Faktiske kostnader fordeles kvartal for kvartal etter kvartalets nøkkel, og hvert "
    "kvartal faktureres med differansen mellom den nøyaktige fordelingen av årets kostnader "
    "så langt, avrundet én gang, og det de tidligere kvartalene har avregnet"
)
TIE_RULE = "ved lik rest går øret til den største andelen, og ved like andeler til kommunen"


def url(name, agreement, *args):
    return reverse(f"costsharing:{name}", args=[agreement.pk, *args])


def money(text: str) -> str:
    return text.replace(" ", NBSP)


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


class TestTheRulesAreStated:
    def test_beside_the_split_and_the_settlement(self, client, reader, driftsavtale):
        client.force_login(reader)

        detail = client.get(url("detail", driftsavtale)).content.decode()
        settlement = client.get(url("settlement", driftsavtale)).content.decode()

        for page in (detail, settlement):
            assert 'data-testid="split-rules"' in page
            assert ACTUALS_RULE in page
            assert TIE_RULE in page
            assert "Budsjettet fordeles etter årets nøkkel" in page

    def test_each_quarter_shows_its_key(self, client, reader, driftsavtale):
        client.force_login(reader)

        response = client.get(url("settlement", driftsavtale))

        keys = [row.keys for row in response.context["rows"]]
        assert keys[0] == keys[1] == (("Etter årsverk", Decimal("60.00"), Decimal("40.00")),)
        assert keys[2] == keys[3] == (("Etter årsverk", Decimal("55.56"), Decimal("44.44")),)
        page = response.content.decode()
        assert page.count("60,00 % / 40,00 %") == 2
        assert page.count("55,56 % / 44,44 %") == 2

    def test_in_the_csv_and_the_pdf(self, client, reader, driftsavtale):
        client.force_login(reader)

        rows = read_csv(client.get(url("export", driftsavtale, "avregning", "csv")).content)
        html = operating_agreement_html(selectors.cost_overview(driftsavtale))

        notes = [row[0] for row in rows[7:] if row]
        assert any(note.startswith(ACTUALS_RULE) for note in notes)
        assert any(TIE_RULE in note for note in notes)
        assert ACTUALS_RULE in html and TIE_RULE in html
        assert "60,00 % / 40,00 %" in html and "55,56 % / 44,44 %" in html


class TestQuarters:
    def test_a_quarter_without_costs_is_not_registered_and_the_year_says_so(
        self, client, reader, driftsavtale
    ):
        driftsavtale.lines.update(actual_q2=0, actual_q3=0, actual_q4=0)
        client.force_login(reader)

        page = client.get(url("settlement", driftsavtale)).content.decode()

        assert page.count('colspan="3">Ikke registrert</td>') == 3
        assert "Ikke registrert: ingen faktiske kostnader er ført for kvartalet ennå." in page
        assert "Hele året (bare kvartal 1)" in page
        # Q2–Q4 are not "settled, nobody owes anything": that would not be the truth.
        assert "Avregnet: ingen av partene skylder den andre noe." not in page

    def test_a_year_without_costs_has_nothing_to_settle(self, client, reader, driftsavtale):
        driftsavtale.lines.update(actual_q1=0, actual_q2=0, actual_q3=0, actual_q4=0)
        client.force_login(reader)

        page = client.get(url("settlement", driftsavtale)).content.decode()

        assert "Hele året (ingen kvartaler avregnet ennå)" in page
        assert (
            "Ingenting å avregne ennå: ingen kvartaler har registrerte faktiske kostnader."
        ) in page
        assert "Avregnet: ingen av partene skylder den andre noe." not in page

    def test_an_office_opening_in_april_splits_all_but_the_first_quarter(
        self, client, reader, driftsavtale
    ):
        """Rent from January, årsverk from 1 April: the budget (by the year's årsverk) and
        Q2–Q4 are split, Q1 is marked with what to enter, the exports answer."""
        driftsavtale.periods.update(starts_on=dt.date(2026, 4, 1))
        client.force_login(reader)

        detail = client.get(url("detail", driftsavtale))
        settlement = client.get(url("settlement", driftsavtale)).content.decode()
        export = client.get(url("export", driftsavtale, "avregning", "csv"))

        result = detail.context["result"]
        assert result is not None and result.budget_totals["state"] > 0
        page = detail.content.decode()
        assert 'data-testid="missing-quarters"' in page
        message = (
            "Ingen årsverk er registrert for 01.01.2026–31.03.2026, så kostnadene for den "
            "perioden kan ikke fordeles etter årsverk. Registrer årsverkene i kvartalet for "
            "minst én av partene, eller flytt kostnadene til et kvartal som har årsverk."
        )
        assert message in page
        assert f"Ikke avregnet: {message}" in settlement
        assert "Hele året (bare kvartal 2, 3, 4)" in settlement
        assert export.status_code == 200
        rows = read_csv(export.content)
        assert rows[1][0] == "1. kvartal" and rows[1][3] == "" and message in rows[1][7]
        # The year is the three quarters that can be split: 3 × 360 000.
        assert rows[5][2] == "1080000,00"


@pytest.fixture
def namdal(world):
    """Grong hosts the office for Høylandet and Røyrvik; population 2 400 : 1 200 : 400; the
    parties 5 : 5 årsverk; 10 000 kr of actual costs each quarter."""
    county = world.oslo_county
    host = MunicipalityFactory(number="5045", name="Grong kommune", county=county)
    covered = [
        MunicipalityFactory(number="5046", name="Høylandet kommune", county=county),
        MunicipalityFactory(number="5043", name="Røyrvik kommune", county=county),
    ]
    partnership = PartnershipFactory(municipal_party=host, covered_municipalities=covered)
    leader = _persona("navleder.namdal", partnership, Side.OFFICE, Role.SECRETARY)
    agreement = OperatingAgreement.objects.create(
        partnership=partnership, year=2026, municipal_key="population"
    )
    ExpenseLineFactory(
        agreement=agreement,
        budget=Decimal("40000.00"),
        actual_q1=Decimal("10000.00"),
        actual_q2=Decimal("10000.00"),
        actual_q3=Decimal("10000.00"),
        actual_q4=Decimal("10000.00"),
    )
    StaffingPeriodFactory(agreement=agreement, side="state", fte=Decimal("5"))
    StaffingPeriodFactory(agreement=agreement, side="municipal", fte=Decimal("5"))
    weights = {host: 2400, covered[0]: 1200, covered[1]: 400}
    for municipality, weight in weights.items():
        agreement.municipal_weights.create(municipality=municipality, weight=Decimal(weight))
    return agreement, leader


class TestVertskommuneStatements:
    def test_each_municipality_gets_its_part_of_each_quarter_and_the_year(self, client, namdal):
        agreement, leader = namdal
        client.force_login(leader)

        response = client.get(url("municipal_statements", agreement))

        assert response.status_code == 200
        statements = {s.municipality.name: s for s in response.context["statements"]}
        # The municipal half of 10 000 a quarter, 5 000, by 2 400 : 1 200 : 400 of 4 000.
        assert [p.amount for p in statements["Høylandet kommune"].quarters] == [
            Decimal("1500.00")
        ] * 4
        assert statements["Høylandet kommune"].year == Decimal("6000.00")
        assert statements["Røyrvik kommune"].year == Decimal("2000.00")
        assert statements["Grong kommune"].is_host
        page = response.content.decode()
        assert '<th scope="col" class="text-end">Innbyggertall</th>' in page  # the key's figure
        assert page.count('data-testid="statement"') == 2  # the host owes itself nothing
        assert (
            "Høylandet kommune skylder Grong kommune sin del av den kommunale andelen av de "
            "faktiske kostnadene til NAV-kontoret i 2026:"
        ) in page
        assert f"Året så langt: {money('6 000,00')} kr" in page

    def test_as_csv_with_the_quarters_in_columns(self, client, namdal):
        agreement, leader = namdal
        client.force_login(leader)

        response = client.get(url("export", agreement, "kommuner", "csv"))

        assert response.status_code == 200
        rows = read_csv(response.content)
        assert rows[0][2:] == [
            "1. kvartal",
            "2. kvartal",
            "3. kvartal",
            "4. kvartal",
            "Året så langt",
        ]
        by_name = {row[0]: row for row in rows[1:4]}
        assert by_name["Røyrvik kommune"][2:] == ["500,00"] * 4 + ["2000,00"]
        assert rows[4][0] == "Totalt, Grong kommune" and rows[4][-1] == "20000,00"

    def test_in_the_pdf(self, namdal):
        agreement, _leader = namdal

        html = operating_agreement_html(selectors.cost_overview(agreement))

        assert "Kvartalsoppgjør for kommunene" in html
        assert f"Røyrvik kommune skylder Grong kommune {money('2 000,00')} kr" in html

    def test_only_a_vertskommune_has_statements(self, client, reader, outsider, driftsavtale):
        client.force_login(reader)
        assert client.get(url("municipal_statements", driftsavtale)).status_code == 404
        assert client.get(url("export", driftsavtale, "kommuner", "csv")).status_code == 404
        assert (
            'data-testid="statements-link"'
            not in client.get(url("settlement", driftsavtale)).content.decode()
        )

    def test_an_outsider_learns_nothing(self, client, outsider, namdal):
        agreement, _leader = namdal
        client.force_login(outsider)
        assert client.get(url("municipal_statements", agreement)).status_code == 404
