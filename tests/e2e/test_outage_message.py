"""A form sent through htmx while the service is away (static/js/errors.js): htmx itself swaps
nothing and shows nothing, so the page says in its alert region that nothing was saved, and
the form keeps what the user wrote. Only the network is mocked (Playwright answers that one
request with our 503 page, as the server does while the database is away, or drops it)."""

import pytest
from django.template import loader
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from agreements.models import Agreement, Comment

from . import htmx_settled

pytestmark = pytest.mark.e2e

MUNICIPAL_SIGNATORY = "bydelsdirektor.grorud"
TYPED = "Kan vi avtale felles kontortid for sosialtjenesten torsdager?"
UNAVAILABLE = (
    "Tjenesten er midlertidig utilgjengelig. Ingenting ble lagret – det du skrev står "
    "fortsatt i skjemaet. Prøv igjen om litt."
)
NO_ANSWER = (
    "Noe gikk galt, og det du sendte, ble kanskje ikke lagret. Det du skrev, står fortsatt "
    "i skjemaet. Prøv igjen om litt."
)


def _our_503_page() -> str:
    """What navpartner.outages answers a POST with while the database is away."""
    with translation.override("nb"):
        return loader.render_to_string("503.html", {"posted": True, "typed": [("body", TYPED)]})


def test_a_comment_sent_during_an_outage_says_it_was_not_saved_and_keeps_the_text(
    login, demo, assert_accessible
):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    section = agreement.sections.get(number="3.1")
    post_url = reverse("agreements:comment_thread_start", args=[agreement.pk, section.pk])
    page = login(MUNICIPAL_SIGNATORY)
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{section.pk}/")
    assert page.evaluate("() => window.navpartnerErrors === true")  # static/js/errors.js
    discussion = page.get_by_test_id("discussion")
    field = discussion.get_by_role("textbox", name="Ny kommentar")
    send = discussion.get_by_role("button", name="Legg inn kommentar")
    alert = page.get_by_role("alert").filter(has_text="skjemaet")
    field.fill(TYPED)

    # The database is away: the server answers 503 with its page.
    page.route(
        f"**{post_url}",
        lambda route: route.fulfill(
            status=503,
            headers={"Retry-After": "30", "Content-Type": "text/html; charset=utf-8"},
            body=_our_503_page(),
        ),
    )
    send.click()

    expect(alert).to_have_text(UNAVAILABLE)
    expect(field).to_have_value(TYPED)  # the form as it was, not replaced by the 503 page
    expect(
        page.get_by_role("heading", name="Tjenesten er midlertidig utilgjengelig")
    ).to_have_count(0)
    assert not Comment.objects.filter(body=TYPED).exists()
    assert_accessible(page)

    # No answer at all (the network, or the server gone): it may or may not have arrived.
    page.unroute(f"**{post_url}")
    page.route(f"**{post_url}", lambda route: route.abort("connectionrefused"))
    send.click()
    expect(alert).to_have_text(NO_ANSWER)
    expect(field).to_have_value(TYPED)
    # Closed, the message goes and the focus is back where it was.
    page.get_by_test_id("request-error").get_by_role("button", name="Lukk").click()
    expect(alert).to_have_count(0)
    expect(send).to_be_focused()

    # The service is back: sent again, it is saved, and the message goes.
    page.unroute(f"**{post_url}")
    send.click()
    expect(discussion.get_by_test_id("comment").filter(has_text=TYPED)).to_be_visible()
    htmx_settled(page)
    expect(page.get_by_role("alert").filter(has_text="skjemaet")).to_have_count(0)
    assert Comment.objects.filter(body=TYPED).count() == 1
    assert_accessible(page)
