"""Fixtures shared by the meeting page tests: one planned meeting of the shared forum (see
tests/conftest.py) and a bystander."""

import pytest

from meetings.models import MinutesCapacity
from meetings.services import forum_member_add
from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory

from . import Role, at, plan


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


@pytest.fixture
def state_member(forum, nav_leder, state_editor):
    """The state side's representative, a permanent member of the forum."""
    forum_member_add(forum=forum, user=state_editor, role=Role.MEMBER, actor=nav_leder)
    return state_editor


@pytest.fixture
def approvers(municipal_signatory, state_member):
    """The forum has no chair, so a representative of each owner approves the minutes."""
    return [(municipal_signatory, MinutesCapacity.MUNICIPAL), (state_member, MinutesCapacity.STATE)]
