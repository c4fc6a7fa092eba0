"""What navpartner writes to a person is in that person's language — bokmål, nynorsk or
English — whoever caused it and in whatever language they were working: notifications (on
the page and by e-mail), the daily reminders and the calendar feed. The notification keeps
no language of its own: a reader who changes language reads it anew."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.notifications import notify_agreement_signed
from meetings.services import meeting_publish
from navpartner.languages import user_language_set
from oversight.models import Notification
from oversight.services.calendar import calendar_feed_get_or_create
from tests.meetings import at, make_forum, plan
from tests.oversight import put_in_force

from .test_reminders import ENDS, mails_to, run  # noqa: F401 (the run fixture)

SIGNED = {
    "nb": "Partnerskapsavtalen for NAV Grorud, versjon 1, er signert av begge parter.",
    "nn": "Partnarskapsavtalen for NAV Grorud, versjon 1, er signert av begge partar.",
    "en": "The partnership agreement for NAV Grorud, version 1, is signed by both parties.",
}


@pytest.fixture
def readers(world, reader, nav_leder, state_editor):
    """Three members, each reading another language."""
    for user, language in ((reader, "nb"), (nav_leder, "nn"), (state_editor, "en")):
        user_language_set(user=user, language=language)
    return {"nb": reader, "nn": nav_leder, "en": state_editor}


def test_each_member_is_e_mailed_in_their_own_language(
    agreement, municipal_signatory, readers, django_capture_on_commit_callbacks
):
    # The one who signed works in English; that decides nothing for the others.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify_agreement_signed(agreement=agreement, actor=municipal_signatory)

    for language, user in readers.items():
        [message] = mails_to(user)
        assert message.subject == SIGNED[language], language


def test_the_notification_is_shown_in_the_readers_language_now(
    client, agreement, municipal_signatory, readers
):
    notify_agreement_signed(agreement=agreement, actor=municipal_signatory)
    user = readers["nb"]
    client.force_login(user)

    bokmal = client.get(reverse("oversight:notifications")).text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("oversight:notifications")).text

    assert SIGNED["nb"] in bokmal
    assert SIGNED["en"] in english
    assert (
        Notification.objects.filter(user=user)
        .get()
        .text["msgid"]
        .startswith("The partnership agreement for %(partnership)s")
    )  # stored without a language


def test_an_english_reader_gets_the_reminder_in_english(run, agreement, readers):  # noqa: F811
    in_force = put_in_force(agreement, since=dt.date(2026, 1, 1), valid_to=ENDS, interval=6)

    run(ENDS - dt.timedelta(days=30))

    date_en, date_nb = ENDS.strftime("%d/%m/%Y"), ENDS.strftime("%d.%m.%Y")
    [english] = [m for m in mails_to(readers["en"]) if str(in_force.partnership) in m.subject]
    [nynorsk] = [m for m in mails_to(readers["nn"]) if str(in_force.partnership) in m.subject]
    assert english.subject == (f"The partnership agreement for NAV Grorud ends on {date_en}.")
    assert nynorsk.subject.startswith("Partnarskapsavtalen for NAV Grorud")
    assert date_nb in nynorsk.subject


def test_the_calendar_feed_is_in_its_owners_language(client, forum, nav_leder):
    plan(forum, nav_leder, at(2026, 3, 3, 10))
    feed = calendar_feed_get_or_create(user=nav_leder)
    url = reverse("oversight:calendar_feed", args=[feed.token])

    bokmal = client.get(url).content.decode()
    user_language_set(user=nav_leder, language="nn")
    nynorsk = client.get(url).content.decode()

    assert "SUMMARY:Partnerskapsmøtet – NAV Grorud" in bokmal
    assert "SUMMARY:Partnarskapsmøtet – NAV Grorud" in nynorsk


def test_a_nynorsk_partnerships_invitation_is_in_nynorsk(world, clock, nav_leder, reader):
    world.partnership.document_language = "nn"
    world.partnership.save(update_fields=["document_language"])
    user_language_set(user=reader, language="en")  # the papers are the partnership's
    forum = make_forum(world.partnership, secretary=nav_leder, members=[reader])
    meeting = plan(forum, nav_leder, at(2026, 3, 10))

    meeting_publish(meeting=meeting, user=nav_leder)

    [message] = mails_to(reader)
    assert message.subject == "Innkalling: Partnarskapsmøtet – NAV Grorud 10. mars 2026"
