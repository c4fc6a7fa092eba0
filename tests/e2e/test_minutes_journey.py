"""A meeting from plan to minutes approved by the parties, in Chromium (issue 15): the NAV-leder
plans and invites; the state's member reports an absence with a substitute; the NAV-leder
moves the meeting (the update in the outbox has a higher SEQUENCE); the meeting is held; the
draft minutes go out for comment; the chair comments on an item; after the deadline the
chair and the state's representative approve; the PDF of the minutes names both. axe-core
runs on every page reached. (The cancellation journey is test_meeting_cancel.py.)"""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.e2e

FORUM = "Partnerskapsmøtet – NAV Grorud"
SECRETARY, CHAIR, STATE = "navleder.grorud", "bydelsdirektor.grorud", "fylkesdirektor.oslo"
TITLE = "Samlokalisering med helsestasjon for ungdom"
COMMENT = "Få med at helsestasjonen må høres før vedtaket."


def field(label: str):
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def log_out(page):
    with page.expect_navigation():
        page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()


def sequences(messages) -> list[int]:
    """The SEQUENCE of each calendar invitation attached to `messages`."""
    found = []
    for message in messages:
        for _name, content, mimetype in message.attachments:
            if mimetype.startswith("text/calendar"):
                event = Calendar.from_ical(content).walk("VEVENT")[0]
                found.append(int(event["SEQUENCE"]))
    return found


def test_from_plan_to_minutes_approved_by_both_parties(login, demo, assert_accessible):
    # 1. The NAV-leder plans a meeting in ten days and puts an item on it.
    page = login(SECRETARY)
    page.emulate_media(reduced_motion="reduce")
    forum_id = Meeting.objects.filter(forum__partnership__office__name="NAV Grorud").first()
    page.goto(f"{demo}/forum/{forum_id.forum_id}/")
    day = timezone.localdate() + dt.timedelta(days=10)
    plan = page.get_by_test_id("plan-form")
    plan.get_by_label(field("Dato")).fill(day.isoformat())
    plan.get_by_label(field("Starter")).fill("09:00")
    plan.get_by_label(field("Slutter")).fill("11:00")
    plan.get_by_label(field("Sted")).fill("NAV Grorud, møterom Alna")
    with page.expect_navigation():
        plan.get_by_role("button", name="Planlegg møtet").click()
    meeting = Meeting.objects.get(forum_id=forum_id.forum_id, starts_at__date=day)
    form = page.get_by_test_id("submit-form")
    form.get_by_label(field("Type")).select_option(label="Vedtakssak")
    form.get_by_label(field("Tittel")).fill(TITLE)
    with page.expect_navigation():
        form.get_by_role("button", name="Meld inn saken").click()
    with page.expect_navigation():
        page.get_by_test_id("submitted-item").filter(has_text=TITLE).get_by_role(
            "button", name="Sett på sakslisten"
        ).click()
    assert_accessible(page)

    # 2. … and sends the invitation.
    mail.outbox.clear()
    page.get_by_role("link", name="Send innkallingen").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    invited = sequences(mail.outbox)
    assert invited
    log_out(page)

    # 3. The state's member cannot come and names a substitute.
    page = login(STATE)
    page.goto(f"{demo}/moter/{meeting.pk}/")
    reply = page.get_by_role("region", name="Ditt svar")
    reply.get_by_label("Nei, jeg kan ikke komme (forfall)").check()
    reply.get_by_label("Vararepresentant", exact=True).fill("Siri Vara")
    reply.get_by_label("Vararepresentantens e-post").fill("siri.vara@example.org")
    with page.expect_navigation():
        reply.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_test_id("my-response")).to_contain_text("Siri Vara")
    assert_accessible(page)
    log_out(page)

    # 4. The NAV-leder moves the meeting an hour; the update goes out with a higher SEQUENCE.
    page = login(SECRETARY)
    page.goto(f"{demo}/moter/{meeting.pk}/")
    expect(
        page.get_by_test_id("replies").get_by_role("row", name=re.compile("Hilde"))
    ).to_contain_text("Siri Vara")
    page.get_by_test_id("meeting-edit").click()
    edit = page.get_by_test_id("edit-form")
    edit.get_by_label(field("Starter")).fill("10:00")
    edit.get_by_label(field("Slutter")).fill("12:00")
    mail.outbox.clear()
    with page.expect_navigation():
        edit.get_by_role("button", name="Lagre endringene").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    updated = sequences(mail.outbox)
    assert updated and min(updated) > max(invited)
    assert any("Tidspunktet er endret" in m.body for m in mail.outbox)

    # 5. The meeting is held (moved into the past through the ORM: no UI travels in time).
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(hours=2), ends_at=now - dt.timedelta(hours=1)
    )
    page.reload()
    row = page.get_by_test_id("agenda-row").filter(has_text=TITLE)
    record = row.get_by_test_id("record-form")
    record.get_by_label(field("Referat")).fill("Partene drøftet samlokalisering.")
    record.get_by_label(field("Vedtak")).fill("Partene utreder samlokalisering innen mars.")
    with page.expect_navigation():
        record.get_by_role("button", name="Lagre referatet").click()
    held = page.get_by_test_id("held-form")
    expect(held.locator('input[value="Siri Vara"]')).to_have_count(1)  # pre-filled from replies
    with page.expect_navigation():
        held.get_by_role("button", name="Marker møtet som avholdt").click()
    assert_accessible(page)

    # 6. The draft minutes go out for comment until today.
    publish = page.get_by_test_id("publish-minutes-form")
    publish.get_by_label(field("Frist for kommentarer")).fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        publish.get_by_role("button", name="Send utkastet på høring").click()
    expect(page.locator(".messages")).to_contain_text("Utkastet til referat er sendt til")
    assert_accessible(page)
    log_out(page)

    # 7. The chair comments on the item.
    page = login(CHAIR)
    page.goto(f"{demo}/moter/{meeting.pk}/")
    comment = page.get_by_test_id("comment-minutes-form")
    item = AgendaItem.objects.get(meeting=meeting, title=TITLE)
    with translation.override("nb"):
        option = f"{item.label} {TITLE}"
    comment.get_by_label(field("Gjelder")).select_option(label=option)
    comment.get_by_label(field("Kommentar")).fill(COMMENT)
    with page.expect_navigation():
        comment.get_by_role("button", name="Send kommentaren").click()
    expect(page.get_by_test_id("minutes-comments")).to_contain_text(COMMENT)
    expect(page.get_by_test_id("approve-minutes")).to_have_count(0)  # not before the deadline
    assert_accessible(page)

    # 8. The comment period runs out; the chair approves, then the state's representative.
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_comment_deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    page.reload()
    with page.expect_navigation():
        page.get_by_test_id("approve-minutes").click()
    expect(page.locator(".messages")).to_contain_text("Du har godkjent referatet.")
    expect(page.get_by_test_id("approval")).to_have_count(1)
    assert_accessible(page)
    log_out(page)

    page = login(STATE)
    page.goto(f"{demo}/moter/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("approve-minutes").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Referat godkjent")
    expect(page.get_by_test_id("review-state")).to_contain_text("kan ikke lenger endres")
    assert_accessible(page)

    # 9. The PDF of the minutes names both approvers.
    page.get_by_role("button", name="Referat (PDF)").click()
    ready = page.get_by_role("link", name="Last ned PDF-en")
    expect(ready).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        ready.click()
    with open(info.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Referatet er godkjent av" in text
    assert "Anders Lie" in text and "Hilde Bakken" in text
    assert "For staten" in text and "Møteleder" in text
