"""Fixtures shared by the meeting page tests: a forum with the NAV-leder as secretary, the
municipal editor and the reader as members, and one planned meeting."""

import pytest

from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory

from . import at, make_forum, plan


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(at(2026, 2, 2, 9), tick=False)
    return time_machine


@pytest.fixture
def forum(world, clock, nav_leder, municipal_editor, reader):
    return make_forum(world.partnership, secretary=nav_leder, members=[municipal_editor, reader])


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
