"""Fixtures shared by the meeting page tests: one planned meeting of the shared forum (see
tests/conftest.py) and a bystander."""

import pytest

from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory

from . import at, plan


@pytest.fixture
def meeting(forum, nav_leder):
    """10 March 2026 10:00, items due 24 February."""
    return plan(forum, nav_leder, at(2026, 3, 10))


@pytest.fixture
def bystander(world):
    """Reads the partnership but is not in its forum: reads the meetings, nothing more."""
    user = UserFactory(username="tillitsvalgt")
    MembershipFactory(
        user=user,
        partnership=world.partnership,
        side=Membership.Side.OFFICE,
        role=Membership.Role.MEMBER,
    )
    return user
