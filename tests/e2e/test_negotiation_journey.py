"""The negotiation of a point, in the browser, on Grorud's version 2 of the demo: the bydel
changes 6.0, then proposes more wording with a comment; the state side is told, opens the
redline, comments internally and accepts by keyboard (the focus stays on the outcome); both
sides have approved; the point's history shows its three texts. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, Comment, SectionRevision, Suggestion
from tests.e2e import caret_to_end, prose_editor

pytestmark = pytest.mark.e2e

BYDEL, DIRECTOR = "bydelsdirektor.grorud", "fylkesdirektor.oslo"
NUMBER = "6.0"
EDITED = " Kontoret melder fra om nye avtaler i partnerskapsmøtet."
PROPOSED = " Avtalene gjennomgås hvert år."


def text_editor(page, form_test_id):
    return prose_editor(page.get_by_test_id(form_test_id), "Teksten i punktet")


def append(page, form_test_id, text):
    """Put the caret at the end of the editor's text and type, as a keyboard user would."""
    caret_to_end(page, text_editor(page, form_test_id))
    page.keyboard.type(text)


def test_the_parties_negotiate_a_point(login, demo, assert_accessible, browser):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    point = agreement.sections.get(number=NUMBER)
    point_url = f"{demo}/avtaler/{agreement.pk}/punkt/{point.pk}/"

    # 1. The bydelsdirektør changes the text, then proposes more wording and says why.
    page = login(BYDEL)
    # No transitions: axe must not measure a button's colours halfway through a hover.
    page.emulate_media(reduced_motion="reduce")
    page.goto(point_url)
    append(page, "section-form", EDITED)
    with page.expect_navigation():
        page.get_by_test_id("section-form").get_by_role("button", name="Lagre punkt").click()
    with page.expect_navigation():
        page.get_by_test_id("suggestion-new").click()
    assert_accessible(page)
    append(page, "suggestion-form", PROPOSED)
    with page.expect_navigation():
        page.get_by_test_id("suggestion-form").get_by_role("button", name="Foreslå teksten").click()
    suggestion = Suggestion.objects.get(section=point, status=Suggestion.Status.OPEN)
    discussion = page.get_by_test_id("discussion")
    discussion.get_by_role("textbox", name="Ny kommentar").fill(
        "Vi foreslår en årlig gjennomgang; se forslaget."
    )
    discussion.get_by_role("button", name="Legg inn kommentar").click()
    expect(
        discussion.get_by_test_id("comment").filter(has_text="årlig gjennomgang")
    ).to_be_visible()
    assert_accessible(page)

    # 2. The fylkesdirektør is told, and opens the point from the notification.
    director = browser.new_context(locale="nb-NO", reduced_motion="reduce").new_page()
    director.set_default_timeout(5_000)
    director.set_default_navigation_timeout(10_000)
    director.goto(f"{demo}/konto/logg-inn/")
    director.fill("input[name=username]", DIRECTOR)
    director.fill("input[name=password]", "navpartner-demo")
    with director.expect_navigation():
        director.click("form:has(input[name=username]) button[type=submit]")
    director.goto(f"{demo}/varsler/")
    told = (
        director.get_by_test_id("notification")
        .get_by_role("button")
        .filter(has_text=f"ny tekst i {NUMBER}")
    )
    expect(told).to_be_visible()
    assert_accessible(director)
    told.first.click()
    row = director.locator(f"#suggestion-{suggestion.pk}")
    expect(row.locator("ins").filter(has_text="gjennomgås")).to_be_visible()
    assert_accessible(director)

    # 3. It comments internally first: the bydel will never see this.
    discussion = director.get_by_test_id("discussion")
    discussion.get_by_role("textbox", name="Ny kommentar").fill("Internt: dette kan vi godta.")
    discussion.get_by_label("Bare min side (internt)").check()
    discussion.get_by_role("button", name="Legg inn kommentar").click()
    expect(discussion.get_by_test_id("internal-badge").first).to_be_visible()
    # htmx puts the focus on the new comment once it has settled.
    expect(discussion.get_by_test_id("comment").filter(has_text="Internt: dette")).to_be_focused()

    # 4. It accepts by keyboard; the focus lands on what happened.
    accept = row.get_by_role("button", name="Godta teksten")
    accept.focus()
    expect(accept).to_be_focused()
    with director.expect_navigation(timeout=15_000):
        director.keyboard.press("Enter")
    done = director.get_by_test_id("suggestion-done")
    expect(done).to_be_focused()
    approvals = director.locator('section[aria-labelledby="approval-heading"] ul')
    expect(approvals.locator("li").filter(has_text="godkjent av")).to_have_count(2)
    assert_accessible(director)

    # 5. The history keeps the three texts: the copy of version 1, the bydel's change, and
    # the accepted wording.
    director.get_by_test_id("section-history-link").click()
    assert_accessible(director)
    texts = list(SectionRevision.objects.filter(section=point).order_by("number"))
    assert len(texts) == 3
    assert EDITED.strip() in texts[1].body and PROPOSED.strip() in texts[2].body
    assert texts[2].suggestion_id == suggestion.pk
    rows = director.get_by_test_id("revision")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("foreslått av")  # the newest came from the suggestion

    # The bydel sees the outcome, and nothing of the state side's internal comment.
    page.goto(point_url)
    expect(page.get_by_text("Internt: dette kan vi godta.")).to_have_count(0)
    assert Comment.objects.filter(body__startswith="Internt: dette", side="state").exists()
