"""The e-mails navpartner sends on its own: links to where navpartner answers (the one base
URL, not a guess from a request), a subject that says what happened where, an HTML part
besides the text, a Reply-To where someone reads replies, and the marks of an automatic
e-mail (RFC 3834), so that out-of-office replies are not sent back."""

import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from agreements.notifications import notify_agreement_signed
from meetings.models import AgendaItem
from meetings.services import item_accept, item_decline, item_defer, item_submit, meeting_publish
from navpartner.notifications import Kind, notify
from tests.meetings import at, make_forum, plan

ROOT = Path(__file__).resolve().parent.parent.parent
BASE = "https://partner.nav.example.no"


@pytest.fixture
def base_url(settings):
    settings.NAVPARTNER_BASE_URL = BASE
    return BASE


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run `notify` as a job does (no request), e-mail included; the messages sent."""

    def sent(**kwargs) -> list:
        with django_capture_on_commit_callbacks(execute=True):
            notify(**kwargs)
        return list(mail.outbox)

    return sent


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# --- item 3: one base URL --------------------------------------------------------------------


def test_an_e_mail_sent_by_a_job_links_to_the_configured_base_url(base_url, sent, reader):
    [message] = sent(
        users=[reader], kind=Kind.AGREEMENT_SIGNED, message="Signert.", url="/avtaler/7/"
    )

    preferences = f"{BASE}{reverse('oversight:preferences')}"
    assert f"{BASE}/avtaler/7/" in message.body
    assert preferences in message.body
    assert f'href="{BASE}/avtaler/7/"' in html_of(message)
    assert f'href="{preferences}"' in html_of(message)
    assert "127.0.0.1" not in message.body + html_of(message)


def test_the_invitation_links_to_the_configured_base_url_whatever_host_was_asked(
    base_url, client, world, clock, nav_leder, reader
):
    forum = make_forum(world.partnership, secretary=nav_leder, members=[reader])
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    client.force_login(nav_leder)

    client.post(reverse("meetings:meeting_publish", args=[meeting.pk]))  # asked at testserver

    meeting_url = f"{BASE}{reverse('meetings:meeting_detail', args=[meeting.pk])}"
    assert mail.outbox
    for message in mail.outbox:
        assert meeting_url in message.body
        assert f'href="{meeting_url}"' in html_of(message)
        assert "testserver" not in message.body


def test_make_run_links_the_e_mails_to_where_it_serves():
    # UV given on the command line: make -n then runs nothing, not even the uv look-up.
    result = subprocess.run(
        ["make", "-n", "run", "RUN_ADDR=10.1.2.3:8123", "UV=uv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    commands = {
        command: line
        for line in result.stdout.splitlines()
        for command in ("seed_demo", "send_reminders", "runserver")
        if line.rstrip().split(" ")[-1] == command or f" {command} " in line
    }
    assert set(commands) == {"seed_demo", "send_reminders", "runserver"}
    for line in commands.values():
        assert line.startswith("NAVPARTNER_BASE_URL=http://10.1.2.3:8123 ")


# --- item 4: subject, HTML part, headers -----------------------------------------------------


def test_a_notification_subject_names_the_partnership_and_what_happened(
    agreement, municipal_signatory, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_agreement_signed(agreement=agreement, actor=municipal_signatory)

    message = next(m for m in mail.outbox if m.to == [reader.email])
    assert message.subject == (
        f"Partnerskapsavtalen for {agreement.partnership}, versjon {agreement.version}, er "
        "signert av begge parter."
    )


def test_each_decision_on_an_item_has_its_own_subject(
    world, clock, nav_leder, reader, django_capture_on_commit_callbacks
):
    forum = make_forum(world.partnership, secretary=nav_leder, members=[reader])
    meeting = plan(forum, nav_leder, at(2026, 3, 10))

    def submitted(title):
        return item_submit(
            meeting=meeting, user=reader, kind=AgendaItem.Kind.DISCUSSION, title=title
        )

    with django_capture_on_commit_callbacks(execute=True):
        item_accept(item=submitted("Sak A"), user=nav_leder)
        item_defer(item=submitted("Sak B"), user=nav_leder, reason="Mer utredning")
        item_decline(item=submitted("Sak C"), user=nav_leder, reason="Hører ikke hit")

    subjects = sorted(m.subject for m in mail.outbox if m.to == [reader.email])
    assert subjects == [
        f"{forum.name}, 10.03.2026: saken din «Sak A» er satt på sakslisten.",
        f"{forum.name}: saken din «Sak B» ble utsatt til et senere møte. Begrunnelse: "
        "Mer utredning",
        f"{forum.name}: saken din «Sak C» ble avvist. Begrunnelse: Hører ikke hit",
    ]
    assert all("NAV Grorud" in subject for subject in subjects)
    # Replies go to the secretary who decided, not to the unread sender address.
    assert nav_leder.email
    assert {tuple(m.reply_to) for m in mail.outbox if m.to == [reader.email]} == {
        (nav_leder.email,)
    }


def test_a_long_message_is_cut_at_a_word_in_the_subject_and_not_escaped(sent, reader):
    message = "Bydel Grorud & NAV Grorud: " + " ".join(["ordet"] * 40)

    [email] = sent(users=[reader], kind=Kind.AGREEMENT_SIGNED, message=message, url="/")

    assert email.subject.startswith("Bydel Grorud & NAV Grorud: ordet ordet")
    assert email.subject.endswith("ordet…")
    assert len(email.subject) <= 110
    assert message in email.body  # the whole message in the e-mail itself


def test_a_notification_has_an_html_part_and_is_marked_automatic(base_url, sent, reader):
    [message] = sent(
        users=[reader], kind=Kind.AGREEMENT_SIGNED, message="Avtalen <b> er signert.", url="/"
    )

    html = html_of(message)
    assert '<html lang="nb">' in html
    assert "Avtalen &lt;b&gt; er signert." in html  # the message, escaped
    assert f'<a href="{BASE}/"' in html and "Åpne i navpartner" in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.message()["Auto-Submitted"] == "auto-generated"
    assert message.reply_to == []  # nobody reads replies to a notification


def test_the_invitation_has_an_html_part_replies_go_to_the_secretary(
    world, clock, nav_leder, reader, municipal_signatory
):
    forum = make_forum(world.partnership, secretary=nav_leder, members=[reader])
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    item = item_submit(
        meeting=meeting, user=reader, kind=AgendaItem.Kind.DISCUSSION, title="Budsjett"
    )
    item_accept(item=item, user=nav_leder)

    meeting_publish(meeting=meeting, user=nav_leder)

    message = next(m for m in mail.outbox if m.to == [reader.email])
    html = html_of(message)
    assert '<html lang="nb">' in html
    assert f"Du innkalles til {forum.name}." in html
    assert "Saksliste" in html and "<strong>Budsjett</strong>" in html
    assert message.reply_to == [nav_leder.email]
    assert message.message()["Reply-To"] == nav_leder.email
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.attachments[0][0] == "invitasjon.ics"  # the calendar file is still there
