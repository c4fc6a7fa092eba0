"""From any veileder point, the same point in the other agreements in force that the user may
see: side by side, or as changes against the agreement they are in."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementSection
from agreements.services import agreement_create
from partnerships.models import Membership, Partnership
from tests.factories import MembershipFactory, UserFactory, county_with_partnerships

from . import section


def _in_force(partnership, user, text):
    """An agreement of the partnership in force whose 3.1 reads `text` (set up directly: the
    signing itself is tested elsewhere)."""
    agreement = agreement_create(partnership=partnership, user=user)
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_FORCE)
    AgreementSection.objects.filter(agreement=agreement, number="3.1").update(body=text)
    return agreement


def _url(agreement, number="3.1"):
    return reverse(
        "agreements:section_elsewhere", args=[agreement.pk, section(agreement, number).pk]
    )


@pytest.fixture
def frogner_in_force(world, state_signatory):
    return _in_force(world.other_partnership, state_signatory, "<p>Frogner møtes fire ganger.</p>")


def test_the_county_director_sees_how_the_others_wrote_the_point(
    client, agreement, frogner_in_force, state_signatory
):
    client.force_login(state_signatory)
    AgreementSection.objects.filter(agreement=agreement, number="3.1").update(
        body="<p>Grorud møtes to ganger.</p>"
    )

    side_by_side = client.get(_url(agreement))
    changes = client.get(_url(agreement) + "?vis=endringer")
    point = client.get(
        reverse("agreements:section_detail", args=[agreement.pk, section(agreement, "3.1").pk])
    )

    assert side_by_side.status_code == 200
    assert "Frogner møtes fire ganger." in side_by_side.text
    assert "Grorud møtes to ganger." in side_by_side.text
    assert str(frogner_in_force.partnership) in side_by_side.text
    assert "<del>to</del>" in changes.text and "<ins>fire</ins>" in changes.text
    assert _url(agreement) in point.text  # the link from the point


def test_only_agreements_in_force_that_the_access_layer_shows(
    client, world, agreement, frogner_in_force, municipal_signatory, state_signatory
):
    draft = agreement_create(partnership=world.central, user=state_signatory)
    AgreementSection.objects.filter(agreement=draft, number="3.1").update(
        body="<p>Utkast i sentralt utvalg.</p>"
    )
    client.force_login(municipal_signatory)  # Grorud's bydelsdirektør sees Grorud only

    page = client.get(_url(agreement))
    point = client.get(
        reverse("agreements:section_detail", args=[agreement.pk, section(agreement, "3.1").pk])
    )

    assert page.status_code == 200
    assert "Frogner møtes fire ganger." not in page.text
    assert 'data-testid="nothing-elsewhere"' in page.text
    assert 'data-testid="elsewhere-link"' not in point.text
    client.force_login(state_signatory)
    assert "Utkast i sentralt utvalg." not in client.get(_url(agreement)).text  # a draft


def test_outsiders_get_404_and_the_page_only_reads(client, agreement, outsider):
    client.force_login(outsider)
    assert client.get(_url(agreement)).status_code == 404
    assert client.post(_url(agreement)).status_code in (404, 405)


def test_anonymous_is_sent_to_log_in(client, agreement):
    response = client.get(_url(agreement))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("others", [2, 6])
def test_queries_do_not_grow_with_the_agreements_shown(
    client, agreement, veileder, others, django_assert_num_queries
):
    county = county_with_partnerships(others, number="46", name="NAV Vestland")
    director = UserFactory(username="fylkesdirektor.vestland")
    MembershipFactory(
        user=director, county=county, side=Membership.Side.STATE, role=Membership.Role.SIGNATORY
    )
    partnerships = list(Partnership.objects.filter(state_party=county))
    agreements = [_in_force(p, director, f"<p>Tekst {i}.</p>") for i, p in enumerate(partnerships)]
    client.force_login(director)
    url = _url(agreements[0])

    # session, user, memberships; the gate's agreement, its partnership, its signatures, its
    # covered municipalities; the section, its approvals, its answers; the number of points
    # elsewhere and the page of them; the unread notifications
    with django_assert_num_queries(13):
        response = client.get(url)

    assert response.text.count('data-testid="point-elsewhere"') == others - 1
