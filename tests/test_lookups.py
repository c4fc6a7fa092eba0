"""``__any`` (navpartner/lookups.py): the rows whose id or foreign key is one of many, the
same rows ``__in`` finds, on whichever database runs the suite (the integration suite runs it
on PostgreSQL, where it is one array parameter)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Partnership
from tests.factories import county_with_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships():
    county_with_partnerships(4)
    return list(Partnership.objects.order_by("pk"))


def test_any_finds_what_in_finds(partnerships):
    some = [p.pk for p in partnerships[1:3]]
    county = partnerships[0].state_party_id

    assert list(Partnership.objects.filter(pk__any=some).order_by("pk")) == partnerships[1:3]
    assert set(Partnership.objects.filter(state_party__any=[county])) == set(
        Partnership.objects.filter(state_party__in=[county])
    )
    assert not Partnership.objects.filter(pk__any=[]).exists()
    assert list(Partnership.objects.filter(pk__any=[None, some[0]])) == [partnerships[1]]


def test_any_is_in_on_sqlite(partnerships):
    with CaptureQueriesContext(connection) as queries:
        assert Partnership.objects.filter(pk__any=[p.pk for p in partnerships]).count() == 4
    if connection.vendor == "sqlite":
        assert " IN (" in queries[-1]["sql"]
