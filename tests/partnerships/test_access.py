"""The access layer: who sees and who may change which partnership."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from partnerships import selectors as partnership_selectors
from partnerships.models import Membership
from tests.factories import MembershipFactory, MunicipalityFactory, PartnershipFactory, UserFactory

Side, Role = Membership.Side, Membership.Role


def without_tokens_and_path(html):
    """The page less what differs on every request: CSRF tokens and the page's own path."""
    return re.sub(
        r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|name="next" type="hidden" value=")[^"]+',
        "",
        html,
    )


def detail_url(partnership):
    return reverse("partnerships:partnership_detail", args=[partnership.pk])


@pytest.mark.parametrize("persona", ["municipal_signatory", "state_editor", "nav_leder", "reader"])
def test_members_see_their_partnership_and_nothing_of_another(client, world, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    own = client.get(detail_url(world.partnership))
    other = client.get(detail_url(world.other_partnership))
    home = client.get(reverse("home"))

    assert own.status_code == 200
    assert "NAV Grorud" in own.text
    assert other.status_code == 404
    assert "NAV Frogner" not in other.text
    assert "NAV Frogner" not in home.text
    assert "NAV Grorud" in home.text


def test_outsider_gets_404_for_a_partnership_they_do_not_belong_to(client, world, outsider):
    client.force_login(outsider)

    response = client.get(detail_url(world.partnership))

    assert response.status_code == 404
    assert "NAV Grorud" not in response.text


def test_an_unknown_partnership_looks_the_same_as_a_forbidden_one(client, world, outsider):
    client.force_login(outsider)

    forbidden = client.get(detail_url(world.partnership))
    missing = client.get(reverse("partnerships:partnership_detail", args=[999999]))

    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens_and_path(forbidden.text) == without_tokens_and_path(missing.text)


def test_anonymous_is_sent_to_login(client, world):
    url = detail_url(world.partnership)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_detail_refuses_other_methods(client, world, municipal_signatory):
    client.force_login(municipal_signatory)

    assert client.post(detail_url(world.partnership)).status_code == 405


@pytest.mark.parametrize(
    ("persona", "can_edit", "can_sign", "municipal_approve", "state_approve"),
    [
        ("municipal_signatory", True, True, True, False),
        ("state_editor", True, False, False, True),
        ("nav_leder", True, False, False, False),
        ("reader", False, False, False, False),
    ],
)
def test_roles_decide_what_a_member_may_do(
    world, persona, can_edit, can_sign, municipal_approve, state_approve, request
):
    user = request.getfixturevalue(persona)

    access = partnership_selectors.partnership_get_for_user(user, world.partnership.pk)

    assert access.can_view
    assert access.can_edit is can_edit
    assert access.can_sign is can_sign
    assert access.can_approve_for(Side.MUNICIPAL) is municipal_approve
    assert access.can_approve_for(Side.STATE) is state_approve
    assert access.is_secretary is (persona == "nav_leder")


def test_write_gate_forbids_read_only_members_and_hides_from_outsiders(world, reader, outsider):
    with pytest.raises(PermissionDenied):
        partnership_selectors.partnership_get_for_edit(reader, world.partnership.pk)
    with pytest.raises(Http404):
        partnership_selectors.partnership_get_for_edit(outsider, world.partnership.pk)


def test_write_gate_returns_access_for_editors(world, municipal_signatory):
    access = partnership_selectors.partnership_get_for_edit(
        municipal_signatory, world.partnership.pk
    )

    assert access.partnership == world.partnership


def test_county_membership_covers_every_partnership_of_the_county_only(world):
    director = UserFactory(username="fylkesdirektor")
    MembershipFactory(user=director, county=world.oslo_county, side=Side.STATE, role=Role.SIGNATORY)
    elsewhere = PartnershipFactory()

    visible = set(partnership_selectors.partnerships_visible_to(director))

    assert visible == {world.central, world.partnership, world.other_partnership}
    assert elsewhere not in visible
    assert partnership_selectors.partnership_get_for_user(director, world.partnership.pk).can_sign


def test_municipality_membership_covers_its_bydeler_and_the_central_partnership(world):
    auditor = UserFactory(username="revisor")
    MembershipFactory(user=auditor, municipality=world.oslo, side=Side.MUNICIPAL, role=Role.AUDITOR)

    visible = set(partnership_selectors.partnerships_visible_to(auditor))
    access = partnership_selectors.partnership_get_for_user(auditor, world.other_partnership.pk)

    assert visible == {world.central, world.partnership, world.other_partnership}
    assert not access.can_edit


def test_a_covered_municipality_reads_the_vertskommune_partnership_but_cannot_change_it(db):
    covered = MunicipalityFactory(name="Høylandet kommune")
    host_partnership = PartnershipFactory(covered_municipalities=[covered])
    radmann = UserFactory(username="radmann.hoylandet")
    MembershipFactory(user=radmann, municipality=covered, side=Side.MUNICIPAL, role=Role.SIGNATORY)

    access = partnership_selectors.partnership_get_for_user(radmann, host_partnership.pk)

    assert list(partnership_selectors.partnerships_visible_to(radmann)) == [host_partnership]
    assert access.via_covered_municipality
    assert not access.can_edit
    assert not access.can_approve_for(Side.MUNICIPAL)
    with pytest.raises(PermissionDenied):
        partnership_selectors.partnership_get_for_edit(radmann, host_partnership.pk)


def test_membership_of_the_central_partnership_does_not_open_the_local_ones(world):
    member = UserFactory(username="byradsavdeling")
    MembershipFactory(user=member, partnership=world.central, side=Side.MUNICIPAL, role=Role.EDITOR)

    assert list(partnership_selectors.partnerships_visible_to(member)) == [world.central]


def test_a_user_without_memberships_sees_nothing(db):
    assert list(partnership_selectors.partnerships_visible_to(UserFactory())) == []


def test_the_gates_rule_in_python_is_the_rule_in_sql(world):
    """partnership_visible_access decides in Python what partnerships_visible_to decides in
    SQL; the gates that look an object up by its id alone rely on the two agreeing. Every
    kind of membership against every partnership, a vertskommune's among them."""
    covered = MunicipalityFactory(name="Høylandet kommune")
    host = PartnershipFactory(covered_municipalities=[covered])
    elsewhere = PartnershipFactory()
    partnerships = [world.central, world.partnership, world.other_partnership, host, elsewhere]
    reaches = [
        {"partnership": world.partnership},
        {"partnership": world.central},
        {"county": world.oslo_county},
        {"county": host.state_party},
        {"municipality": world.oslo},
        {"municipality": world.partnership.municipal_party},
        {"municipality": covered},
        {"municipality": host.municipal_party},
    ]
    users = [UserFactory()]  # without memberships
    for reach in reaches:
        user = UserFactory()
        side = Side.STATE if "county" in reach else Side.MUNICIPAL
        MembershipFactory(user=user, side=side, role=Role.MEMBER, **reach)
        users.append(user)
    both = UserFactory()  # two memberships: one direct, one through a covered municipality
    MembershipFactory(user=both, side=Side.STATE, role=Role.EDITOR, partnership=elsewhere)
    MembershipFactory(user=both, side=Side.MUNICIPAL, role=Role.MEMBER, municipality=covered)
    users.append(both)

    for user in users:
        in_sql = set(partnership_selectors.partnerships_visible_to(user))
        for partnership in partnerships:
            try:
                partnership_selectors.partnership_visible_access(user, partnership)
                in_python = True
            except Http404:
                in_python = False
            assert in_python == (partnership in in_sql), (user.memberships.all(), partnership)
    assert any(set(partnership_selectors.partnerships_visible_to(u)) for u in users[1:])
