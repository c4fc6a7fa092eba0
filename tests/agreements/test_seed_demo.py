from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agreements import selectors
from agreements.models import Membership, Partnership

pytestmark = pytest.mark.django_db

EXPECTED = {
    "fylkesdirektor.oslo": {"Oslo kommune – NAV Oslo", "NAV Grorud", "NAV Østensjø", "NAV Frogner"},
    "bydelsdirektor.grorud": {"NAV Grorud"},
    "bydelsdirektor.frogner": {"NAV Frogner"},
    "navleder.grorud": {"NAV Grorud"},
    "radmann.orland": {"NAV Ørland"},
    "radmann.grong": {"NAV Indre Namdal"},
    "revisor.oslo": {"Oslo kommune – NAV Oslo", "NAV Grorud", "NAV Østensjø", "NAV Frogner"},
    "fylkesdirektor.trondelag": {"NAV Ørland", "NAV Indre Namdal"},
}


def test_demo_users_see_exactly_their_partnerships():
    call_command("seed_demo", stdout=StringIO())
    users = get_user_model().objects.in_bulk(EXPECTED, field_name="username")

    for username, expected in EXPECTED.items():
        assert users[username].check_password("navpartner-demo"), username
        seen = {str(p) for p in selectors.partnerships_visible_to(users[username])}
        assert seen == expected, username


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Partnership.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert (
        Partnership.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    ) == counts


def test_the_vertskommune_partnership_covers_three_municipalities():
    call_command("seed_demo", stdout=StringIO())

    namdal = Partnership.objects.get(office__name="NAV Indre Namdal")

    assert namdal.municipal_party.name == "Grong kommune"
    assert namdal.covered_municipalities.count() == 3


def test_seed_demo_refuses_where_demo_data_is_off(settings):
    settings.NAVPARTNER_ALLOW_DEMO = False

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert not get_user_model().objects.filter(username="fylkesdirektor.oslo").exists()
