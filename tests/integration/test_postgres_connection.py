"""How navpartner's connections to PostgreSQL are set up (navpartner/settings/base.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Partnership
from tests.factories import county_with_partnerships

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_jit_compiler_is_off_for_navpartners_connections():
    # With it on, the server compiled the overview's agreement query for 40–45 ms before
    # running it (its estimated cost passed jit_above_cost); navpartner's queries are short.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT current_setting('jit_above_cost')::float")
        assert cursor.fetchone()[0] > 0  # the setting exists: the server could JIT


def test_any_sends_the_ids_as_one_array():
    # navpartner/lookups.py: what the overview's dozen lists of 400 ids are sent as.
    county_with_partnerships(5)
    ids = list(Partnership.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        found = list(Partnership.objects.filter(pk__any=[*ids[:3], None]).order_by("pk"))
    assert [p.pk for p in found] == sorted(ids[:3])
    assert '"id" = ANY(' in queries[-1]["sql"]
    assert not Partnership.objects.filter(pk__any=[]).exists()
