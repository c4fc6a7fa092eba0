"""The approval race on PostgreSQL: two sessions interleaved, each step in its own thread
and connection (tests/agreements/test_bound_approvals.py runs the same steps on SQLite)."""

import threading

import pytest
from django.db import connection, connections

from agreements import services
from tests.agreements.test_bound_approvals import approval_race

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def in_own_thread(step):
    """Run one step in a thread of its own (its own connection and transaction), to the end."""
    errors = []

    def target():
        try:
            step()
        except BaseException as error:  # noqa: BLE001 -- re-raised in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def test_the_state_users_approval_of_an_older_text_is_refused(
    agreement, state_editor, municipal_signatory, nav_leder
):
    assert connection.vendor == "postgresql"
    s = agreement.sections.get(number="2.0")
    services.agreement_section_update(
        section=s,
        user=nav_leder,
        title=s.title,
        body="<p>Første tekst.</p>",
        structured_data=s.structured,
        expected_revision=s.revision,
    )
    approval_race(
        run=in_own_thread,
        agreement=agreement,
        state_user=state_editor,
        municipal_user=municipal_signatory,
    )
