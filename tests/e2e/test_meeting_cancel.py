"""The NAV-leder cancels a meeting in a real browser: the confirmation page says what follows
and asks for the reason, and the meeting page then shows "Avlyst" with it. axe-core runs on
every page reached."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.e2e

REASON = "NAV-lederen er bortreist; ny dato kommer."


def test_secretary_cancels_a_meeting_through_the_confirmation_page(login, demo, assert_accessible):
    meeting = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status=Meeting.Status.PLANNED
    )
    page = login("navleder.grorud")
    page.goto(f"{demo}/moter/{meeting.pk}/")
    page.get_by_test_id("meeting-cancel").click()
    expect(page.locator("h1")).to_have_text("Avlys møtet")
    assert_accessible(page)

    # Without a reason nothing happens, and the page says why.
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    expect(page.get_by_text("Skriv en begrunnelse")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert_accessible(page)

    page.get_by_label("Begrunnelse").fill(REASON)
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()

    expect(page.get_by_test_id("meeting-status")).to_have_text("Avlyst")
    expect(page.get_by_test_id("cancelled")).to_contain_text(REASON)
    expect(page.get_by_test_id("meeting-cancel")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert not meeting.items.filter(
        fixed="", status__in=[AgendaItem.Status.ACCEPTED, AgendaItem.Status.SUBMITTED]
    ).exists()
    cancellations = [m for m in mail.outbox if m.subject.startswith("Avlyst: ")]
    assert cancellations
    assert {m.attachments[0][2] for m in cancellations} == {"text/calendar; method=CANCEL"}
    assert_accessible(page)
