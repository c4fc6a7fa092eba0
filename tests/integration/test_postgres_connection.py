"""How navpartner's connections to PostgreSQL are set up (navpartner/settings/base.py)."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_jit_compiler_is_off_for_navpartners_connections():
    # With it on, the server compiled the overview's agreement query for 40–45 ms before
    # running it (its estimated cost passed jit_above_cost); navpartner's queries are short.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT current_setting('jit_above_cost')::float")
        assert cursor.fetchone()[0] > 0  # the setting exists: the server could JIT
