"""Days on which a party has no årsverk move that period's costs to the other party; an editor
must confirm them before the driftsavtale is printed (issue 20, point 6).

The ``gap`` fixture is the ``driftsavtale`` (Grorud 2026, by årsverk) with the bydel's 8
årsverk starting on 1 April instead of 1 January: from 1 January to 31 March the state (NAV
Oslo) has årsverk and the bydel none, so the first quarter's costs fall on the state alone.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from costsharing import documents, selectors, services
from costsharing.models import OperatingAgreement
from navpartner.models import RenderedDocument

pytestmark = pytest.mark.usefixtures("bokmal")

GAP = "municipal:2026-01-01:2026-03-31"
SENTENCE = (
    "Bydel Grorud har ingen årsverk registrert 01.01.2026–31.03.2026: kostnadene i den "
    "perioden fordeles bare på NAV Oslo."
)


@pytest.fixture
def gap(driftsavtale):
    driftsavtale.periods.filter(side="municipal").update(starts_on=dt.date(2026, 4, 1))
    return driftsavtale


def detail(client, agreement) -> str:
    response = client.get(reverse("costsharing:detail", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def acknowledge(client, agreement, seen):
    return client.post(reverse("costsharing:gaps_acknowledge", args=[agreement.pk]), {"gap": seen})


def make_pdf(client, agreement):
    return client.post(reverse("costsharing:pdf", args=[agreement.pk]))


def test_the_page_names_each_gap_and_replaces_the_pdf_button(client, nav_leder, gap):
    client.force_login(nav_leder)

    page = detail(client, gap)

    assert 'data-testid="gaps-warning"' in page
    assert SENTENCE in page
    assert f'<input type="hidden" name="gap" value="{GAP}">' in page
    assert "Jeg har sjekket: dette er riktig" in page
    assert 'data-testid="make-pdf"' not in page


def test_a_reader_sees_the_warning_but_no_button(client, reader, gap):
    client.force_login(reader)

    page = detail(client, gap)

    assert SENTENCE in page
    assert 'data-testid="gaps-acknowledge"' not in page


def test_without_gaps_there_is_no_warning(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)

    page = detail(client, driftsavtale)

    assert 'data-testid="gaps-warning"' not in page
    assert 'data-testid="make-pdf"' in page


def test_under_a_key_other_than_arsverk_a_gap_moves_nothing(client, nav_leder, gap):
    gap.key = "percentage"
    gap.state_percentage, gap.municipal_percentage = 50, 50
    gap.save()
    gap.lines.update(key="")
    client.force_login(nav_leder)

    assert 'data-testid="gaps-warning"' not in detail(client, gap)


def test_confirming_records_the_gaps_seen_and_brings_the_pdf_button(client, nav_leder, gap):
    client.force_login(nav_leder)

    response = acknowledge(client, gap, [GAP])

    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.gaps_acknowledged == [GAP]
    page = detail(client, gap)
    assert 'data-testid="gaps-warning"' not in page
    assert 'data-testid="make-pdf"' in page
    assert "Bekreftet at dagene uten årsverk er riktige: Kommunen 01.01.2026–31.03.2026." in page
    event = gap.events.first()
    assert (event.kind, event.params) == ("gaps_acknowledged", {"gaps": [GAP]})


def test_a_confirmation_of_other_gaps_than_the_current_is_refused(client, nav_leder, gap):
    client.force_login(nav_leder)
    events = gap.events.count()

    response = acknowledge(client, gap, ["municipal:2026-01-01:2026-02-28"])

    assert response.status_code == 409
    page = response.content.decode()
    assert "Dagene uten årsverk er endret siden siden ble vist." in page
    assert SENTENCE in page  # the gaps as they are now
    gap.refresh_from_db()
    assert gap.gaps_acknowledged == []
    assert gap.events.count() == events


def test_a_later_change_to_the_gaps_voids_the_confirmation(client, nav_leder, gap):
    client.force_login(nav_leder)
    acknowledge(client, gap, [GAP])
    period = gap.periods.get(side="municipal")

    services.staffing_period_remove(period=period, user=nav_leder)
    services.staffing_period_add(
        agreement=gap,
        user=nav_leder,
        side="municipal",
        starts_on=dt.date(2026, 5, 1),
        ends_on=None,
        fte=period.fte,
    )

    page = detail(client, gap)
    assert "Bydel Grorud har ingen årsverk registrert 01.01.2026–30.04.2026" in page
    assert 'data-testid="make-pdf"' not in page


def test_the_pdf_cannot_be_made_until_the_gaps_are_confirmed(client, reader, gap):
    client.force_login(reader)

    response = make_pdf(client, gap)

    assert response.status_code == 409
    assert SENTENCE in response.content.decode()
    assert not RenderedDocument.objects.filter(kind=documents.KIND).exists()
    with pytest.raises(ValidationError):
        documents.operating_agreement_printable(gap)


def test_once_confirmed_the_printed_driftsavtale_names_the_gaps(nav_leder, gap):
    services.operating_agreement_gaps_acknowledge(agreement=gap, user=nav_leder, seen=[GAP])
    gap.refresh_from_db()
    overview = selectors.cost_overview(gap)

    context = documents.operating_agreement_context(overview)
    html = documents.operating_agreement_html(overview)

    assert context["gap_notes"] == [SENTENCE]
    assert SENTENCE in html  # the gap in words, as the editor confirmed it
    assert "partene har kontrollert at dette er riktig" in html
    assert documents.operating_agreement_printable(gap).html == html


def test_the_service_refuses_when_there_is_nothing_to_confirm(nav_leder, driftsavtale):
    with pytest.raises(services.GapsChanged):
        services.operating_agreement_gaps_acknowledge(
            agreement=driftsavtale, user=nav_leder, seen=[]
        )
    assert OperatingAgreement.objects.get(pk=driftsavtale.pk).gaps_acknowledged == []


def test_an_outsider_gets_404_and_a_reader_403(client, outsider, reader, gap):
    client.force_login(outsider)
    assert acknowledge(client, gap, [GAP]).status_code == 404
    client.force_login(reader)
    assert acknowledge(client, gap, [GAP]).status_code == 403
    gap.refresh_from_db()
    assert gap.gaps_acknowledged == []


def test_get_is_not_allowed(client, nav_leder, gap):
    client.force_login(nav_leder)
    url = reverse("costsharing:gaps_acknowledge", args=[gap.pk])
    assert client.get(url).status_code == 405
