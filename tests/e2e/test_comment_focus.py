"""The discussion of a point, by keyboard only: a comment and a reply are posted, and the
keyboard focus stays where the user was (on what they just posted). axe-core runs on the
page before and after."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, Comment

from . import focused_id, htmx_settled, tab_to

pytestmark = pytest.mark.e2e

MUNICIPAL_SIGNATORY = "bydelsdirektor.grorud"
NUMBER = "3.1"


def post_comment(page, discussion, text: str, shown: str):
    """A new comment written and sent by keyboard alone; it is shown, with the focus on it."""
    tab_to(page, discussion.get_by_role("textbox", name="Ny kommentar"))
    page.keyboard.type(text)
    tab_to(page, discussion.get_by_role("button", name="Legg inn kommentar"))
    page.keyboard.press("Enter")
    comment = discussion.get_by_test_id("comment").filter(has_text=shown)
    expect(comment).to_be_visible()
    htmx_settled(page)
    expect(comment).to_be_focused()


def test_a_comment_and_a_reply_by_keyboard_keep_the_focus(login, demo, assert_accessible):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    section = agreement.sections.get(number=NUMBER)
    page = login(MUNICIPAL_SIGNATORY)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{section.pk}/")
    discussion = page.get_by_test_id("discussion")
    expect(discussion).to_be_visible()
    assert page.evaluate("() => window.navpartnerDiscussion === true")  # static/js/discussion.js
    assert_accessible(page)

    # A new comment: into the field by Tab, written, sent with Enter on the button.
    post_comment(page, discussion, "Bør vi skrive inn felles HMS-rutiner her?", "HMS-rutiner")
    thread = Comment.objects.get(body__contains="felles HMS-rutiner")
    assert focused_id(page) == f"comment-{thread.pk}"
    assert thread.thread is None and thread.visibility == "both"

    # A reply: Tab from the comment reaches its reply field first.
    page.keyboard.press("Tab")
    reply_field = page.locator(f"#thread-{thread.pk}").get_by_role("textbox", name="Svar")
    expect(reply_field).to_be_focused()
    page.keyboard.type("Ja, og vi tar det opp i partnerskapsmøtet.")
    expect(reply_field).to_have_value("Ja, og vi tar det opp i partnerskapsmøtet.")
    page.keyboard.press("Tab")
    expect(
        page.locator(f"#thread-{thread.pk}").get_by_role("button", name="Send svar")
    ).to_be_focused()
    page.keyboard.press("Enter")

    reply = (
        page.locator(f"#thread-{thread.pk}")
        .get_by_test_id("comment")
        .filter(has_text="partnerskapsmøtet")
    )
    expect(reply).to_be_visible()
    expect(reply).to_be_focused()
    saved = Comment.objects.get(thread=thread)
    assert focused_id(page) == f"comment-{saved.pk}"

    # A second comment: the form is fresh, the new thread is put first in the list (the
    # server sends it alone), the first one stays, and the focus goes to the new comment.
    threads = discussion.get_by_test_id("thread")
    before = threads.count()
    expect(discussion.get_by_role("textbox", name="Ny kommentar")).to_have_value("")
    post_comment(page, discussion, "Og hvem følger opp avviksmeldingene?", "avviksmeldingene")
    expect(threads).to_have_count(before + 1)
    expect(threads.first).to_contain_text("avviksmeldingene")
    expect(page.locator(f"#thread-{thread.pk}")).to_contain_text("partnerskapsmøtet")
    expect(discussion.get_by_test_id("no-comments")).to_have_count(0)
    assert page.url.endswith(f"/punkt/{section.pk}/")  # htmx: no page load
    assert_accessible(page)


def test_an_empty_comment_is_refused_in_place_with_the_focus_on_the_field(
    login, demo, assert_accessible
):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    section = agreement.sections.get(number=NUMBER)
    page = login(MUNICIPAL_SIGNATORY)
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{section.pk}/")
    discussion = page.get_by_test_id("discussion")
    threads = discussion.get_by_test_id("thread")
    before = threads.count()

    # Sent with nothing written: the form comes back in its place with the message, once,
    # the threads as they were, and the keyboard focus on the field to put it right.
    tab_to(page, discussion.get_by_role("button", name="Legg inn kommentar"))
    page.keyboard.press("Enter")

    expect(discussion.get_by_text("Skriv noe")).to_be_visible()
    htmx_settled(page)
    expect(discussion.get_by_role("textbox", name="Ny kommentar")).to_be_focused()
    expect(discussion.get_by_test_id("comment-form")).to_have_count(1)
    expect(threads).to_have_count(before)
    assert not Comment.objects.filter(section=section, body="").exists()
    assert_accessible(page)
