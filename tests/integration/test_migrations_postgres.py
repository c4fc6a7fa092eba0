"""The partnerships move, on PostgreSQL: a database from before it keeps its rows."""

import pytest

from tests.partnerships.test_migration import check_partnerships_keep_their_rows

pytestmark = pytest.mark.integration


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_database_from_before_the_move_keeps_its_partnerships():
    check_partnerships_keep_their_rows()
