"""One partnership meeting in a real browser: an item submitted, accepted, invited to,
decided, followed up with an action, and the action carried to the next meeting.

Built on the demo's Grorud forum: a meeting planned three weeks ahead with two submitted
items, and two held meetings. The chair (bydelsdirektør) submits; the NAV leader is the
forum's secretary and does the rest. axe-core runs on every page the journey reaches.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting

pytestmark = pytest.mark.e2e

PARTNERSHIP = "NAV Grorud"
FORUM = "Partnerskapsmøtet – NAV Grorud"
SECRETARY = "navleder.grorud"
CHAIR = "bydelsdirektor.grorud"

TITLE = "Felles tiltak for unge i Groruddalen"
DECISION = "Partnerskapet etablerer et felles ungdomsteam fra neste kvartal."
ACTION = "Utarbeide mandat for ungdomsteamet"
ACTION_OWNER = "NAV-leder"
LABEL = re.compile(r"^Sak \d{2}/\d{2}$")


def log_out(page):
    with page.expect_navigation():
        page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()
    expect(page.locator("input[name=username]")).to_be_visible()


def open_forum(page):
    """From the home page through the partnership page to the forum page."""
    page.get_by_role("link", name=PARTNERSHIP, exact=True).click()
    expect(page.locator("h1")).to_have_text(PARTNERSHIP)
    page.get_by_test_id("forum-link").click()
    expect(page.locator("h1")).to_have_text(FORUM)


def open_meeting(page, meeting):
    page.locator(f'a[href="/moter/{meeting.pk}/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/moter/{meeting.pk}/"))
    expect(page.locator("h1")).to_have_text(FORUM)


def item_row(page):
    return page.get_by_test_id("agenda-row").filter(has_text=TITLE)


def field(label: str):
    """A form field's accessible name: crispy marks required fields with an asterisk."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def messages(page):
    return page.locator(".messages")


def test_meeting_journey(login, demo, assert_accessible):
    meeting = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status__in=["planned", "published"]
    )

    # 1. The chair submits a decision item to the planned meeting.
    page = login(CHAIR)
    page.emulate_media(reduced_motion="reduce")
    open_forum(page)
    assert_accessible(page)
    open_meeting(page, meeting)
    assert_accessible(page)
    form = page.get_by_test_id("submit-form")
    form.get_by_label(field("Type")).select_option(label="Vedtakssak")
    form.get_by_label(field("Tittel")).fill(TITLE)
    form.get_by_label(field("Beskrivelse")).fill("Forslag om et felles team for unge.")
    form.get_by_label(field("Innleder")).fill("Bydelsdirektør")
    form.get_by_label(field("Minutter som trengs")).fill("20")
    with page.expect_navigation():
        form.get_by_role("button", name="Meld inn saken").click()
    submitted = page.get_by_test_id("submitted-item").filter(has_text=TITLE)
    expect(submitted).to_have_count(1)
    assert_accessible(page)
    log_out(page)

    # 2. The NAV leader accepts the item and sends the invitation.
    page = login(SECRETARY)
    open_forum(page)
    open_meeting(page, meeting)
    assert_accessible(page)
    submitted = page.get_by_test_id("submitted-item").filter(has_text=TITLE)
    with page.expect_navigation():
        submitted.get_by_role("button", name="Sett på sakslisten").click()
    expect(item_row(page)).to_have_count(1)
    expect(item_row(page).get_by_test_id("item-label")).to_have_text(LABEL)
    assert_accessible(page)

    mail.outbox.clear()
    page.get_by_role("link", name="Send innkallingen").click()
    expect(page.locator("h1")).to_have_text("Send innkallingen")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    expect(messages(page)).to_contain_text("Innkallingen er sendt til")
    expect(page.get_by_test_id("published")).to_be_visible()
    assert_accessible(page)
    assert mail.outbox, "no invitation e-mail was sent"
    for message in mail.outbox:
        calendars = [a for a in message.attachments if a[2].startswith("text/calendar")]
        assert len(calendars) == 1, f"no .ics attached to the mail to {message.to}"
        name, content, _ = calendars[0]
        assert name.endswith(".ics")
        assert "BEGIN:VCALENDAR" in (content if isinstance(content, str) else content.decode())

    # 3. The meeting is held. Minutes can only be recorded once the meeting has started, so
    # the test moves it into the past through the ORM (there is no UI for time travel).
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(hours=2), ends_at=now - dt.timedelta(hours=1)
    )
    page.reload()
    row = item_row(page)
    record = row.get_by_test_id("record-form")
    record.get_by_label(field("Referat")).fill("Bydelsdirektøren la fram forslaget.")
    record.get_by_label(field("Vedtak")).fill(DECISION)
    with page.expect_navigation():
        record.get_by_role("button", name="Lagre referatet").click()
    expect(messages(page)).to_contain_text("er lagret")
    assert_accessible(page)

    row = item_row(page)
    action = row.get_by_test_id("action-form")
    action.get_by_label(field("Hva")).fill(ACTION)
    action.get_by_label(field("Hvem")).fill(ACTION_OWNER)
    due = timezone.localdate() + dt.timedelta(days=30)
    action.get_by_label(field("Frist")).fill(due.isoformat())
    with page.expect_navigation():
        action.get_by_role("button", name="Legg til oppfølgingspunktet").click()
    expect(messages(page)).to_contain_text("Oppfølgingspunktet er lagt til.")
    expect(item_row(page)).to_contain_text(ACTION)
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_test_id("held-form").get_by_role(
            "button", name="Marker møtet som avholdt"
        ).click()
    expect(messages(page)).to_contain_text("Møtet er markert som avholdt.")
    assert_accessible(page)

    # The parties approve the minutes after a comment period: test_minutes_journey.py.
    expect(page.get_by_test_id("publish-minutes-form")).to_be_visible()
    expect(item_row(page).get_by_label(field("Vedtak"))).to_have_value(DECISION)

    # 4. The NAV leader plans the next meeting; its follow-up item lists the new action.
    page.get_by_role("navigation", name="Brødsmulesti").get_by_role(
        "link", name=FORUM, exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(FORUM)
    assert_accessible(page)
    plan = page.get_by_test_id("plan-form")
    next_day = timezone.localdate() + dt.timedelta(days=60)
    plan.get_by_label(field("Dato")).fill(next_day.isoformat())
    plan.get_by_label(field("Starter")).fill("09:00")
    plan.get_by_label(field("Slutter")).fill("11:00")
    plan.get_by_label(field("Sted")).fill("NAV Grorud, møterom Alna")
    with page.expect_navigation():
        plan.get_by_role("button", name="Planlegg møtet").click()
    expect(messages(page)).to_contain_text("Møtet er planlagt.")
    follow_up = page.get_by_test_id("agenda-row").filter(
        has_text="Gjennomgang av åpne oppfølgingspunkter"
    )
    carried = follow_up.get_by_test_id("open-action").filter(has_text=ACTION)
    expect(carried).to_have_count(1)
    expect(carried).to_contain_text(ACTION_OWNER)
    expect(carried).to_contain_text(f"{due.day}.{due.month}.{due.year}")
    expect(carried.get_by_role("link")).to_have_text(LABEL)
    assert_accessible(page)
