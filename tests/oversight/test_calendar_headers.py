"""The calendar page's referrer policy lets its own forms through CSRF protection, and the
feed's secret address stays out of referrers. The buttons pressed in Chromium:
tests/e2e/test_calendar_buttons.py."""

from django.urls import reverse

from oversight.services.calendar import calendar_feed_get_or_create

# Policies under which a browser sends "Origin: null" with a form posted from the page.
ORIGIN_HIDING = {"no-referrer"}


def test_the_page_keeps_its_origin_on_its_own_forms(client, reader):
    calendar_feed_get_or_create(user=reader)
    client.force_login(reader)

    response = client.get(reverse("oversight:calendar"))

    assert response["Referrer-Policy"] == "same-origin"
    assert response["Referrer-Policy"] not in ORIGIN_HIDING


def test_the_feed_sends_no_referrer(client, reader):
    token = calendar_feed_get_or_create(user=reader).token

    response = client.get(reverse("oversight:calendar_feed", args=[token]))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
