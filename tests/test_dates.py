"""One date and time format per language (issue 13, point 9): the pages, the PDFs and the
e-mails write the same moment the same way: bokmål "fredag 18. desember 2026 kl. 09:48",
English "Friday 18 December 2026, 09:48" (day before month, 24-hour clock, no "a.m."); nynorsk
as bokmål."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from agreements.documents import agreement_printable
from meetings.documents import meeting_invitation_html, meeting_minutes_html
from meetings.services import meeting_publish
from tests.agreements import sign_both
from tests.meetings import at, meeting_url, plan, view_in

# The meeting: Friday 18 December 2026, 09:48–11:48 Oslo time (an odd minute, so that "09.48"
# and "09:48" cannot be confused with anything else on the page).
MEETING = {
    "nb": ("fredag 18. desember 2026", "09:48–11:48", "18. desember 2026"),
    "en": ("Friday 18 December 2026", "09:48–11:48", "18 December 2026"),
    "nn": ("fredag 18. desember 2026", "09:48–11:48", "18. desember 2026"),
}
# The agreement `in_force` below: valid from 1 January 2026, signed
# (and its status last changed) on 1 March 2026 at 12:00 UTC, 13:00 in Oslo.
AGREEMENT = {
    "nb": ("1. januar 2026", "1. mars 2026 kl. 13:00", "01.03.2026 13:00"),
    "en": ("1 January 2026", "1 March 2026, 13:00", "01/03/2026 13:00"),
    "nn": ("1. januar 2026", "1. mars 2026 kl. 13:00", "01.03.2026 13:00"),
}
ENGLISH_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
NORWEGIAN_MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
)


def assert_only_formats_of(language: str, text: str) -> None:
    """Nothing in `text` is written in another language's format, or in a second format of
    its own: the time always with a colon, English never with "a.m." or "18. December"."""
    for time in ("09.48", "11.48", "13.00"):
        assert time not in text, f"time written as {time}"
    if language == "en":
        assert not re.search(r"\b[ap]\.m\.", text)
        assert not re.search(rf"\d\. ({ENGLISH_MONTHS})", text), "Norwegian '18. December'"
        assert not re.search(rf"\b({NORWEGIAN_MONTHS}) \d{{4}}", text)
        assert not re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", text), "Norwegian 18.12.2026"
    else:
        assert not re.search(rf"\b({ENGLISH_MONTHS}) \d{{4}}", text)
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)


@pytest.fixture
def in_force(
    media, approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    """The approved agreement (valid from 1 January 2026), signed 1 March 2026 12:00 UTC."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        return sign_both(
            approved,
            municipal=municipal_signatory,
            state=state_signatory,
            capture=django_capture_on_commit_callbacks,
        )


@pytest.fixture
def december(forum, nav_leder):
    return plan(forum, nav_leder, at(2026, 12, 18, 9, 48))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_meeting_page_writes_its_date_and_time_in_the_language_format(
    client, december, nav_leder, language
):
    client.force_login(nav_leder)
    view_in(client, language)

    page = client.get(meeting_url(december)).text

    weekday_date, times, _date = MEETING[language]
    separator = ", " if language == "en" else " kl. "
    assert f"{weekday_date}{separator}{times}" in page
    assert_only_formats_of(language, page)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_meeting_pdfs_write_the_same_date_and_time_as_the_page(december, language):
    with translation.override(language):
        invitation = meeting_invitation_html(december)
        minutes = meeting_minutes_html(december)

    weekday_date, times, _date = MEETING[language]
    for html in (invitation, minutes):
        assert weekday_date in html
        assert times in html
        assert_only_formats_of(language, html)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_invitation_email_writes_the_date_and_time_in_the_language_format(
    december, nav_leder, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=december, user=nav_leder, language=language)

    weekday_date, times, date = MEETING[language]
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert date in message.subject
    separator = ", " if language == "en" else " kl. "
    for text in (message.body, html):
        assert f"{weekday_date}{separator}{times}" in text
        assert_only_formats_of(language, text)


def test_the_invitation_the_secretary_sends_from_the_page_is_in_norwegian_format(
    client, december, nav_leder, django_capture_on_commit_callbacks
):
    client.force_login(nav_leder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(meeting_url(december, "meeting_publish"))

    assert "fredag 18. desember 2026 kl. 09:48–11:48" in mail.outbox[0].body


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_agreement_page_and_pdf_write_dates_in_the_language_format(
    client, in_force, municipal_signatory, language
):
    client.force_login(municipal_signatory)
    view_in(client, language)

    page = client.get(reverse("agreements:agreement_detail", args=[in_force.pk])).text
    with translation.override(language):
        pdf = agreement_printable(in_force).html

    valid_from, signed, signed_short = AGREEMENT[language]
    assert valid_from in page
    assert signed_short in page  # the signatures, in the short format
    assert valid_from in pdf
    assert signed in pdf  # "Signed …" and "Document made …", in the long format
    assert_only_formats_of(language, page)
    # The agreement's own text (point 9.0's period) is Norwegian whatever the reader's language.
    agreed_text = re.compile(r'<div class="structured structured-validity">.*?</div>', re.S)
    assert_only_formats_of(language, agreed_text.sub("", pdf))


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nb", "Den opphører 1. juni 2026."),
        ("en", "The agreement ends 1 June 2026."),
    ],
)
def test_notice_is_confirmed_with_the_end_date_in_the_language_format(
    client, in_force, municipal_signatory, language, says
):
    client.force_login(municipal_signatory)
    view_in(client, language)

    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        page = client.post(
            reverse("agreements:agreement_terminate", args=[in_force.pk]), follow=True
        ).text

    assert says in page  # the notice period of 9.0 is 3 months
    assert_only_formats_of(language, page)
    history = client.get(reverse("agreements:agreement_history", args=[in_force.pk])).text
    assert_only_formats_of(language, history)
