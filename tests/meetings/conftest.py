"""Fixtures shared by the meeting page tests: one planned meeting of the shared forum (see
tests/conftest.py), a bystander, and the site language reset after each test."""

import pytest
from django.conf import settings
from django.utils import translation

from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory

from . import at, plan


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a page viewed in English (view_in) leaves
    English active in the thread after the response."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
