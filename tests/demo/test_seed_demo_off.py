"""Where demo data is off (production settings), seed_demo refuses and writes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_where_demo_data_is_off(settings):
    settings.NAVPARTNER_ALLOW_DEMO = False

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert not get_user_model().objects.filter(username="fylkesdirektor.oslo").exists()
