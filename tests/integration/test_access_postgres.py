"""The access layer's queries on PostgreSQL (the full access tests run on SQLite, in
tests/agreements/test_access.py)."""

import pytest
from django.db import connection

from partnerships.models import Membership
from partnerships.selectors import partnerships_visible_to
from tests.factories import MembershipFactory, OfficeFactory, PartnershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

Side, Role = Membership.Side, Membership.Role


def visible(user):
    partnerships = partnerships_visible_to(user)
    as_set = set(partnerships)
    assert partnerships.count() == len(as_set), "the query returned a partnership twice"
    return as_set


def test_each_user_sees_exactly_their_partnerships_and_gets_404_for_others(client, world):
    assert connection.vendor == "postgresql"
    elsewhere = PartnershipFactory(office=OfficeFactory(name="NAV Ørland"))
    oslo_all = {world.central, world.partnership, world.other_partnership}

    direct = MembershipFactory(partnership=world.partnership, side=Side.MUNICIPAL).user
    county = MembershipFactory(county=world.oslo_county, side=Side.STATE).user
    municipality = MembershipFactory(
        municipality=world.oslo, side=Side.MUNICIPAL, role=Role.AUDITOR
    ).user
    outsider = MembershipFactory(partnership=elsewhere, side=Side.STATE).user

    assert visible(direct) == {world.partnership}
    assert visible(county) == oslo_all  # the county covers every partnership in it
    assert visible(municipality) == oslo_all  # Oslo kommune covers its bydeler
    assert visible(outsider) == {elsewhere}

    client.force_login(outsider)
    assert client.get(f"/partnerskap/{world.partnership.pk}/").status_code == 404
    assert client.get(f"/partnerskap/{elsewhere.pk}/").status_code == 200
