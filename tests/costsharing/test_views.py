"""The driftsavtale pages, as the NAV-leder and the owners use them.

The `driftsavtale` fixture (Grorud 2026, the bydel the tenant): husleie 1 200 000 and renhold
240 000, both by årsverk; the state 12 årsverk to 30 June and 10 from 1 July, the bydel 8.
Årsverk-days: state 12 × 181 + 10 × 184 = 4 012, bydel 8 × 365 = 2 920, together 6 932.
  husleie: 1 200 000 × 4 012 / 6 932 = 694 518.1766 → 694 518,18 state, 505 481,82 bydel
  renhold:   240 000 × 4 012 / 6 932 = 138 903.6353 → 138 903,64 state, 101 096,36 bydel
  totals: state 833 421,82, bydel 606 578,18, together 1 440 000,00
Quarter 1 (90 days): 12 × 90 = 1 080 against 8 × 90 = 720, i.e. 60 % / 40 %.
Quarter 3 (92 days): 10 × 92 = 920 against 8 × 92 = 736, i.e. 55.56 % / 44.44 %.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from costsharing.models import ExpenseLine, OperatingAgreement, StaffingPeriod
from tests.conftest import Role, Side, _persona
from tests.factories import (
    ExpenseLineFactory,
    MunicipalityFactory,
    PartnershipFactory,
    StaffingPeriodFactory,
)

NBSP = "\xa0"


def money(text: str) -> str:
    """A figure as the page prints it in bokmål: non-breaking spaces between thousands."""
    return text.replace(" ", NBSP)


def detail_url(agreement):
    return reverse("costsharing:detail", args=[agreement.pk])


# --- the list of years and creating a year ------------------------------------------------


def test_list_shows_empty_state_and_create_form(client, world, nav_leder):
    client.force_login(nav_leder)
    response = client.get(reverse("costsharing:list", args=[world.partnership.pk]))
    assert response.status_code == 200
    assert "Ingen driftsavtale er laget" in response.content.decode()
    assert 'data-testid="create-form"' in response.content.decode()


def test_create_year(client, world, nav_leder):
    client.force_login(nav_leder)
    response = client.post(
        reverse("costsharing:list", args=[world.partnership.pk]),
        {"year": "2027", "tenant": "state", "key": "arsverk"},
    )
    agreement = OperatingAgreement.objects.get(partnership=world.partnership, year=2027)
    assert response.status_code == 302
    assert response["Location"] == detail_url(agreement)
    assert agreement.tenant == "state"


def test_create_same_year_twice_is_refused(client, world, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    response = client.post(
        reverse("costsharing:list", args=[world.partnership.pk]),
        {"year": "2026", "tenant": "state", "key": "arsverk"},
    )
    assert response.status_code == 400
    assert "har allerede en driftsavtale for det året" in response.content.decode()
    assert OperatingAgreement.objects.filter(partnership=world.partnership).count() == 1


def test_reader_sees_years_but_cannot_create(client, world, reader, driftsavtale):
    client.force_login(reader)
    url = reverse("costsharing:list", args=[world.partnership.pk])
    response = client.get(url)
    assert "Driftsavtale 2026" in response.content.decode()
    assert 'data-testid="create-form"' not in response.content.decode()
    assert client.post(url, {"year": "2027", "tenant": "state"}).status_code == 403


def test_outsider_and_anonymous(client, world, outsider, driftsavtale):
    url = reverse("costsharing:list", args=[world.partnership.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(detail_url(driftsavtale)).status_code == 404


def test_central_partnership_has_no_driftsavtale_form(client, world, state_signatory):
    client.force_login(state_signatory)
    response = client.get(reverse("costsharing:list", args=[world.central.pk]))
    assert response.status_code == 200
    assert 'data-testid="create-form"' not in response.content.decode()


# --- the split -----------------------------------------------------------------------------


def test_detail_shows_the_split_to_the_ore(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    page = client.get(detail_url(driftsavtale)).content.decode()
    for figure in ("694 518,18", "505 481,82", "138 903,64", "101 096,36"):
        assert money(figure) in page
    assert money("833 421,82") in page and money("606 578,18") in page
    assert money("1 440 000,00") in page
    # the årsverk key's share of the year: 4 012 / 6 932 = 57.88 %
    assert "57,88" in page and "42,12" in page
    # the timeline lists the state's two periods
    assert "30.06.2026" in page and "01.07.2026" in page


def test_detail_explains_when_nothing_can_be_shared(client, nav_leder, driftsavtale):
    driftsavtale.periods.all().delete()
    client.force_login(nav_leder)
    response = client.get(detail_url(driftsavtale))
    assert response.status_code == 200
    assert 'data-testid="split-error"' in response.content.decode()
    assert "Ingen årsverk er registrert" in response.content.decode()


def _grow(agreement, lines, periods):
    for i in range(lines):
        ExpenseLineFactory(agreement=agreement, category="other", name=f"Post {i}")
    for month in range(2, 2 + periods):
        StaffingPeriodFactory(
            agreement=agreement,
            side="municipal",
            starts_on=dt.date(2026, month, 1),
            ends_on=dt.date(2026, month, 28),
            fte=Decimal(month),
        )


@pytest.mark.parametrize(("lines", "periods"), [(0, 0), (10, 4)])
def test_detail_query_count_is_constant(
    client, nav_leder, driftsavtale, django_assert_num_queries, lines, periods
):
    StaffingPeriod.objects.filter(agreement=driftsavtale, side="municipal").update(
        starts_on=dt.date(2026, 7, 1)
    )
    _grow(driftsavtale, lines, periods)
    client.force_login(nav_leder)
    # session, user, memberships, the driftsavtale, the partnership and the central one above
    # it (gate), covered municipalities (gate), its lines, its periods, the covered
    # municipalities
    # (vertskommune?), the history; the unread notifications; whether it may be deleted: its
    # PDF attached to an agreement, filed in the archive
    with django_assert_num_queries(14):
        response = client.get(detail_url(driftsavtale))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="split-row"') == 2 + lines


# --- expenses ------------------------------------------------------------------------------


def test_add_expense_updates_the_split(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    response = client.post(
        reverse("costsharing:line_add", args=[driftsavtale.pk]),
        {"category": "energy", "budget": "69 320", "actual_q1": "1 000,50"},
    )
    assert response.status_code == 302
    line = ExpenseLine.objects.get(agreement=driftsavtale, category="energy")
    assert line.budget == Decimal("69320.00") and line.actual_q1 == Decimal("1000.50")
    page = client.get(detail_url(driftsavtale)).content.decode()
    # 69 320 × 4 012 / 6 932 = 40 120 exactly; the bydel 29 200
    assert money("40 120,00") in page and money("29 200,00") in page
    assert "Energi" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "energy", "budget": "-5"}, "Beløpet kan ikke være negativt."),
        ({"category": "energy", "budget": "mange"}, "Skriv et tall, f.eks. 12 500,50."),
        ({"category": "energy", "budget": "10,555"}, "Oppgi høyst 2 desimaler."),
        ({"category": "other", "budget": "10"}, "Gi utgiften et navn."),
        ({"category": "rent", "budget": "10"}, "Driftsavtalen har allerede denne utgiften."),
        ({"category": "energy", "budget": "10", "key": "area"}, "arealet til hver part"),
    ],
)
def test_add_expense_refuses_bad_input(client, nav_leder, driftsavtale, data, message):
    client.force_login(nav_leder)
    before = list(ExpenseLine.objects.values_list("pk", "budget"))
    response = client.post(reverse("costsharing:line_add", args=[driftsavtale.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(ExpenseLine.objects.values_list("pk", "budget")) == before


def test_reader_and_outsider_cannot_add_expense(client, reader, outsider, driftsavtale):
    url = reverse("costsharing:line_add", args=[driftsavtale.pk])
    data = {"category": "energy", "budget": "100"}
    client.force_login(reader)
    assert client.post(url, data).status_code == 403
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    assert not ExpenseLine.objects.filter(category="energy").exists()


def test_add_expense_wrong_method(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    assert client.get(reverse("costsharing:line_add", args=[driftsavtale.pk])).status_code == 405


def test_edit_expense(client, state_editor, driftsavtale):
    line = driftsavtale.lines.get(category="cleaning")
    url = reverse("costsharing:line_edit", args=[driftsavtale.pk, line.pk])
    client.force_login(state_editor)
    assert "240000,00" in client.get(url).content.decode()
    response = client.post(url, {"category": "cleaning", "budget": "250000", "key": ""})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.budget == Decimal("250000.00") and line.actual_q1 == Decimal("0.00")


def test_expense_of_another_driftsavtale_is_404(client, nav_leder, driftsavtale, world):
    other = ExpenseLineFactory(agreement__partnership=world.other_partnership)
    client.force_login(nav_leder)
    url = reverse("costsharing:line_edit", args=[driftsavtale.pk, other.pk])
    assert client.get(url).status_code == 404


def test_remove_expense_asks_first(client, nav_leder, driftsavtale):
    line = driftsavtale.lines.get(category="cleaning")
    url = reverse("costsharing:line_remove", args=[driftsavtale.pk, line.pk])
    client.force_login(nav_leder)
    page = client.get(url).content.decode()
    assert "Fjerne utgiften" in page and ExpenseLine.objects.filter(pk=line.pk).exists()
    assert client.post(url).status_code == 302
    assert not ExpenseLine.objects.filter(pk=line.pk).exists()


# --- årsverk -------------------------------------------------------------------------------


def test_change_of_arsverk_from_a_date(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    response = client.post(
        reverse("costsharing:period_add", args=[driftsavtale.pk]),
        {"side": "municipal", "starts_on": "2026-10-01", "fte": "6"},
    )
    assert response.status_code == 302
    periods = list(
        driftsavtale.periods.filter(side="municipal").values_list("starts_on", "ends_on", "fte")
    )
    assert periods == [
        (dt.date(2026, 1, 1), dt.date(2026, 9, 30), Decimal("8.00")),
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31), Decimal("6.00")),
    ]


def test_the_history_is_worded_in_the_language_it_is_read_in(client, nav_leder, driftsavtale):
    """The change is made in English; each reader sees it in their own language."""
    client.force_login(nav_leder)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(
        reverse("costsharing:period_add", args=[driftsavtale.pk]),
        {"side": "municipal", "starts_on": "2026-10-01", "fte": "6"},
    )
    english = client.get(detail_url(driftsavtale)).content.decode()

    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    bokmal = client.get(detail_url(driftsavtale)).content.decode()

    assert "Registered 6.00 årsverk for The municipality from 01/10/2026 to 31/12/2026." in english
    assert "Registrerte" not in english
    assert "Registrerte 6,00 årsverk for Kommunen fra 01.10.2026 til 31.12.2026." in bokmal
    assert "Registered" not in bokmal


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"side": "state", "starts_on": "2026-06-01", "ends_on": "2026-08-31", "fte": "3"},
            "overlapper årsverkene til Staten (NAV) fra 01.01.2026 til 30.06.2026",
        ),
        (
            {"side": "state", "starts_on": "2027-01-01", "ends_on": "2027-02-01", "fte": "3"},
            "Datoen 01.01.2027 er utenfor budsjettåret 2026.",
        ),
        (
            {"side": "state", "starts_on": "2026-03-01", "ends_on": "2026-02-01", "fte": "3"},
            "Perioden kan ikke slutte før den begynner.",
        ),
        (
            {"side": "state", "starts_on": "2026-03-01", "fte": "-1"},
            "Antall årsverk kan ikke være negativt.",
        ),
    ],
)
def test_arsverk_validation(client, nav_leder, driftsavtale, data, message):
    client.force_login(nav_leder)
    before = list(driftsavtale.periods.values_list("pk", "starts_on", "ends_on", "fte"))
    response = client.post(reverse("costsharing:period_add", args=[driftsavtale.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(driftsavtale.periods.values_list("pk", "starts_on", "ends_on", "fte")) == before


def test_remove_period(client, nav_leder, driftsavtale):
    period = driftsavtale.periods.get(side="state", starts_on=dt.date(2026, 7, 1))
    url = reverse("costsharing:period_remove", args=[driftsavtale.pk, period.pk])
    client.force_login(nav_leder)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not StaffingPeriod.objects.filter(pk=period.pk).exists()


# --- key and terms, municipalities ---------------------------------------------------------


def test_percentages_must_add_up_to_100(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    url = reverse("costsharing:terms", args=[driftsavtale.pk])
    data = {
        "tenant": "municipal",
        "key": "percentage",
        "state_percentage": "55",
        "municipal_percentage": "35",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Prosentene må til sammen bli 100 %; de blir 90,00 %." in response.content.decode()
    driftsavtale.refresh_from_db()
    assert driftsavtale.key == "arsverk"
    response = client.post(url, {**data, "municipal_percentage": "45"})
    assert response.status_code == 302
    driftsavtale.refresh_from_db()
    assert driftsavtale.key == "percentage"
    page = client.get(detail_url(driftsavtale)).content.decode()
    assert money("792 000,00") in page  # 1 440 000 × 55 %


def test_municipal_figures_only_for_a_vertskommune(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    url = reverse("costsharing:municipal_weights", args=[driftsavtale.pk])
    assert client.get(url).status_code == 403


def test_vertskommune_divides_the_municipal_share(client, world):
    host = MunicipalityFactory(number="5045", name="Grong", county=world.oslo_county)
    covered = [
        MunicipalityFactory(number="5046", name="Høylandet", county=world.oslo_county),
        MunicipalityFactory(number="5047", name="Røyrvik", county=world.oslo_county),
    ]
    partnership = PartnershipFactory(municipal_party=host, covered_municipalities=covered)
    leader = _persona("navleder.namdal", partnership, Side.OFFICE, Role.SECRETARY)
    agreement = OperatingAgreement.objects.create(
        partnership=partnership, year=2026, municipal_key="population"
    )
    ExpenseLineFactory(agreement=agreement, budget=Decimal("100000.00"))
    StaffingPeriodFactory(agreement=agreement, side="state", fte=Decimal("5"))
    StaffingPeriodFactory(agreement=agreement, side="municipal", fte=Decimal("5"))
    client.force_login(leader)
    url = reverse("costsharing:municipal_weights", args=[agreement.pk])
    data = {f"m{host.pk}": "2 400", f"m{covered[0].pk}": "1 200", f"m{covered[1].pk}": "400"}
    assert client.post(url, data).status_code == 302
    page = client.get(detail_url(agreement)).content.decode()
    # the municipal half, 50 000, by population 2 400 : 1 200 : 400 of 4 000
    assert money("30 000,00") in page and money("15 000,00") in page
    assert money("5 000,00") in page


# --- settlement and what-if ----------------------------------------------------------------


def test_settlement_says_who_owes_whom(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    url = reverse("costsharing:settlement", args=[driftsavtale.pk])
    response = client.post(url, {"paid_q1": "200 000", "paid_q2": "216 000"})
    assert response.status_code == 302
    driftsavtale.refresh_from_db()
    assert driftsavtale.paid_q1 == Decimal("200000.00")
    page = client.get(url).content.decode()
    # quarter 1: the state's 60 % of 360 000 = 216 000, paid 200 000 → owes 16 000
    assert f"NAV Oslo skylder Bydel Grorud {money('16 000,00')} kr" in page
    # quarter 2: paid exactly 216 000
    assert "Avregnet: ingen av partene skylder den andre noe." in page


def test_settlement_reader_sees_no_form_and_cannot_post(client, reader, driftsavtale):
    client.force_login(reader)
    url = reverse("costsharing:settlement", args=[driftsavtale.pk])
    response = client.get(url)
    assert (
        response.status_code == 200
        and 'data-testid="payments-form"' not in response.content.decode()
    )
    assert client.post(url, {"paid_q1": "1"}).status_code == 403


def test_settlement_refuses_negative_payment(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    url = reverse("costsharing:settlement", args=[driftsavtale.pk])
    response = client.post(url, {"paid_q1": "-200"})
    assert response.status_code == 400
    assert "Beløpet kan ikke være negativt." in response.content.decode()


def test_what_if_shows_before_and_after_and_saves_nothing(client, reader, driftsavtale):
    client.force_login(reader)
    url = reverse("costsharing:what_if", args=[driftsavtale.pk])
    response = client.get(url, {"state_fte": "8"})
    page = response.content.decode()
    assert response.status_code == 200
    # state 8 all year against the bydel's 8: half each of 1 440 000
    assert money("720 000,00") in page
    assert money("833 421,82") in page
    # the state's difference: 720 000 − 833 421,82
    assert money("-113 421,82") in page
    assert driftsavtale.periods.filter(side="state").count() == 2


def test_what_if_bad_input(client, reader, driftsavtale):
    client.force_login(reader)
    url = reverse("costsharing:what_if", args=[driftsavtale.pk])
    response = client.get(url, {"state_fte": "tolv"})
    assert response.status_code == 400
    assert "Skriv et tall" in response.content.decode()
