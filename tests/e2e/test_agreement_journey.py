"""One agreement's life in a real browser: written, answered, approved, changed, revised.

Built on NAV Ørland, which the demo world deliberately leaves without an agreement, so the
journey starts from an empty partnership and does not depend on the other demo agreements.
Three people take turns: the NAV leader (office side, may edit but not approve), the
rådmann (municipal signatory) and the county director (state signatory, may edit and
approve). axe-core runs on every page the journey reaches.
"""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.e2e import caret_to_end, prose_editor

pytestmark = pytest.mark.e2e

PARTNERSHIP = "NAV Ørland"
SECTION = "2.0 Formålet med partnerskapsavtalen"
SECRETARY = "navleder.orland"  # Liv Sætre
MUNICIPAL_SIGNATORY = "radmann.orland"  # Kari Hoff
STATE_SIGNATORY = "fylkesdirektor.trondelag"  # Ola Aune

NOTE = "Drøftet i partnerskapsmøtet i mars."
AGREEMENT_URL = re.compile(r"/avtaler/(\d+)/$")


def log_out(page):
    with page.expect_navigation():
        page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()
    expect(page.locator("input[name=username]")).to_be_visible()


def breadcrumb(page):
    return page.get_by_role("navigation", name="Brødsmulesti")


def open_agreement(page, version: int = 1):
    """From the home page through the partnership page to one version of its agreement."""
    page.get_by_role("link", name=PARTNERSHIP, exact=True).click()
    expect(page.locator("h1")).to_have_text(PARTNERSHIP)
    page.get_by_test_id("agreement-row").get_by_role(
        "link", name=f"Versjon {version}", exact=True
    ).click()
    expect(page).to_have_url(AGREEMENT_URL)


def open_section(page):
    page.get_by_test_id("section-row").get_by_role("link", name=SECTION, exact=True).click()
    expect(page.locator("h1")).to_have_text(SECTION)


def editor(page):
    """The prose editor's contenteditable, found by its role and the field's label."""
    return prose_editor(page.get_by_test_id("section-form"), "Teksten i punktet")


def save_section(page):
    with page.expect_navigation():
        page.get_by_test_id("section-form").get_by_role("button", name="Lagre punkt").click()
    expect(page.locator(".messages")).to_contain_text("Punkt 2.0 er lagret.")


def approvals(page):
    return page.locator('section[aria-labelledby="approval-heading"] ul')


def test_agreement_journey(login, demo, assert_accessible):
    # 1. The NAV leader starts an agreement from the veileder and writes section 2.0.
    page = login(SECRETARY)
    # Bootstrap's buttons fade between colours on hover; axe must not catch one mid-fade (the
    # htmx swap puts a fresh button under the mouse). Bootstrap drops the fade for this.
    page.emulate_media(reduced_motion="reduce")
    page.get_by_role("link", name=PARTNERSHIP, exact=True).click()
    expect(page.locator("h1")).to_have_text(PARTNERSHIP)
    expect(page.get_by_test_id("agreement-row")).to_have_count(0)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Start en ny avtale fra veilederen").click()
    expect(page).to_have_url(AGREEMENT_URL)
    agreement_pk = int(AGREEMENT_URL.search(page.url).group(1))
    expect(page.get_by_test_id("section-row").filter(has_text=SECTION)).to_have_count(1)
    assert_accessible(page)

    open_section(page)
    section_url = page.url
    expect(approvals(page).get_by_text("ikke godkjent")).to_have_count(2)
    # The secretary may edit but not approve.
    expect(page.get_by_role("button", name=re.compile("^Godkjenn for"))).to_have_count(0)
    assert_accessible(page)

    editor(page).click()
    page.keyboard.type("Partnerskapet skal gi ")
    page.keyboard.press("Control+b")
    page.keyboard.type("flere")
    page.keyboard.press("Control+b")
    page.keyboard.type(" i arbeid og aktivitet på Ørland.")
    save_section(page)
    expect(page).to_have_url(section_url)
    expect(editor(page)).to_have_text(
        "Partnerskapet skal gi flere i arbeid og aktivitet på Ørland."
    )
    expect(editor(page).locator("strong")).to_have_text("flere")
    assert_accessible(page)

    # A "til vurdering" question, answered through htmx: the row is swapped in place.
    page.evaluate("() => { window.notReloaded = true; }")
    question = page.get_by_test_id("question").first
    question.get_by_label("Vurdert").check()
    question.get_by_label("Merknad").fill(NOTE)
    question.get_by_role("button", name="Lagre svar").click()
    expect(question.get_by_role("status")).to_have_text("Lagret")
    expect(question.get_by_label("Vurdert")).to_be_checked()
    expect(question.get_by_label("Merknad")).to_have_value(NOTE)
    assert page.url == section_url
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    assert_accessible(page)
    log_out(page)

    # 2. The municipal signatory approves the section for the municipal side.
    page = login(MUNICIPAL_SIGNATORY)
    open_agreement(page)
    assert_accessible(page)
    open_section(page)
    expect(page.get_by_role("button", name="Godkjenn for statlig side")).to_have_count(0)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn for kommunal side").click()
    expect(approvals(page)).to_contain_text("godkjent av Kari Hoff")
    expect(approvals(page).get_by_text("ikke godkjent")).to_have_count(1)
    assert_accessible(page)
    log_out(page)

    # 3. The state signatory approves too, then adds a sentence: both approvals go.
    page = login(STATE_SIGNATORY)
    open_agreement(page)
    open_section(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn for statlig side").click()
    expect(approvals(page)).to_contain_text("godkjent av Kari Hoff")
    expect(approvals(page)).to_contain_text("godkjent av Ola Aune")
    expect(approvals(page).get_by_text("ikke godkjent")).to_have_count(0)
    assert_accessible(page)

    caret_to_end(page, editor(page))
    page.keyboard.type(" Kontoret skal være lett å nå.")
    save_section(page)
    expect(page.locator(".messages .alert-warning")).to_contain_text(
        "Endringen trakk tilbake godkjenningen fra:"
    )
    expect(approvals(page).get_by_text("ikke godkjent")).to_have_count(2)
    expect(approvals(page)).not_to_contain_text("godkjent av")
    expect(editor(page)).to_contain_text("på Ørland. Kontoret skal være lett å nå.")
    assert_accessible(page)

    # 4. The agreement comes into force (signing is not part of this journey) and is revised.
    Agreement.objects.filter(pk=agreement_pk).update(status="in_force")
    breadcrumb(page).get_by_role("link", name="Avtale, versjon 1").click()
    expect(page).to_have_url(f"{demo}/avtaler/{agreement_pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start revisjon").click()
    expect(page).to_have_url(AGREEMENT_URL)
    revision_pk = int(AGREEMENT_URL.search(page.url).group(1))
    assert revision_pk != agreement_pk
    assert_accessible(page)

    # Change one word from the keyboard: "lett" in "… skal være lett å nå." becomes "enkelt".
    open_section(page)
    editor(page).focus()
    expect(editor(page)).to_be_focused()
    select_word_before_end(page, " å nå.", "lett")
    page.keyboard.type("enkelt")
    save_section(page)
    expect(editor(page)).to_contain_text("Kontoret skal være enkelt å nå.")
    assert_accessible(page)

    breadcrumb(page).get_by_role("link", name="Avtale, versjon 2").click()
    page.get_by_role("link", name="Endringer mot gjeldende versjon").click()
    expect(page).to_have_url(f"{demo}/avtaler/{revision_pk}/endringer/")
    changed = page.get_by_test_id("changed-section")
    expect(changed).to_have_count(1)
    expect(changed.get_by_role("heading")).to_have_text(SECTION)
    expect(changed.locator("del")).to_have_text("lett")
    expect(changed.locator("ins")).to_have_text("enkelt")
    assert_accessible(page)

    # The revision's history, and then the whole journey in version 1's history.
    breadcrumb(page).get_by_role("link", name="Avtale, versjon 2").click()
    page.get_by_role("link", name="Historikk", exact=True).click()
    expect(page).to_have_url(f"{demo}/avtaler/{revision_pk}/historikk/")
    events = page.get_by_test_id("event")
    expect(events.filter(has_text="Revisjon startet").filter(has_text="Ola Aune")).to_have_count(1)
    expect(events.filter(has_text="Punkt endret").filter(has_text="Ola Aune")).to_have_count(1)
    assert_accessible(page)

    breadcrumb(page).get_by_role("link", name=PARTNERSHIP, exact=True).click()
    page.get_by_test_id("agreement-row").get_by_role("link", name="Versjon 1", exact=True).click()
    page.get_by_role("link", name="Historikk", exact=True).click()
    expect(page).to_have_url(f"{demo}/avtaler/{agreement_pk}/historikk/")
    events = page.get_by_test_id("event")
    for what, who, count in [
        ("Avtale opprettet", "Liv Sætre", 1),
        ("Punkt endret", "Liv Sætre", 1),
        ("Spørsmål besvart", "Liv Sætre", 1),
        ("Punkt godkjent", "Kari Hoff", 1),
        ("Punkt godkjent", "Ola Aune", 1),
        ("Godkjenning trukket", "Ola Aune", 2),
        ("Punkt endret", "Ola Aune", 1),
    ]:
        expect(events.filter(has_text=what).filter(has_text=who)).to_have_count(count)
    assert_accessible(page)


def select_word_before_end(page, tail: str, word: str) -> None:
    """Select `word`, which ends where `tail` starts at the end of the text, with the keys a
    keyboard user presses: Ctrl+End, ← once per character of `tail`, Ctrl+Shift+←.

    ProseMirror takes the browser's Ctrl+End into its own state on the (asynchronous)
    selectionchange event and may then put the caret back at the end while the arrows are
    already moving it; so check what got selected and press the keys again if needed."""
    selected = ""
    for _attempt in range(3):
        page.keyboard.press("Control+End")
        for _ in tail:
            page.keyboard.press("ArrowLeft")
        page.keyboard.press("Control+Shift+ArrowLeft")
        selected = page.evaluate("() => window.getSelection().toString()")
        if selected == word:
            return
    raise AssertionError(f"selected {selected!r} instead of {word!r}")
