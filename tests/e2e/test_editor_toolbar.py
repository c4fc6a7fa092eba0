"""The agreement text editor's toolbar, as a keyboard and screen-reader user meets it: its
buttons are named in the page's language, it is one tab stop (WAI-ARIA's toolbar pattern:
arrows inside, Tab on to the text), no icon shows as a word or a missing-glyph box, and the
browser's spell-check works in the text, in Norwegian. axe-core runs on the page."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.e2e import prose_editor

pytestmark = pytest.mark.e2e

EDITOR = "bydelsdirektor.grorud"  # may edit NAV Grorud's agreement, under negotiation
NUMBER = "3.1"

# The buttons in the order they stand; the first shows (and opens) the block type.
NORWEGIAN = [
    "Tekststil: Avsnitt",
    "Punktliste",
    "Nummerert liste",
    "Sitat",
    "Fet",
    "Kursiv",
    "Sett inn lenke",
    "Angre",
    "Gjør om",
]
ENGLISH = [
    "Text style: Paragraph",
    "Bulleted list",
    "Numbered list",
    "Quotation",
    "Bold",
    "Italic",
    "Insert link",
    "Undo",
    "Redo",
]


def open_section_editor(page, demo):
    agreement = Agreement.objects.get(
        partnership__office__name="NAV Grorud", status=Agreement.Status.NEGOTIATION
    )
    section = agreement.sections.get(number=NUMBER)
    page.goto(f"{demo}/avtaler/{agreement.pk}/punkt/{section.pk}/")
    form = page.get_by_test_id("section-form")
    expect(form.locator(".prose-menubar button").first).to_be_visible()
    return form


def toolbar_buttons(toolbar):
    """The buttons a user can reach (not the closed picker's options, nor hidden ones)."""
    return toolbar.locator("button:visible")


def focused(page) -> str:
    """The accessible name (or role) of what has the keyboard focus."""
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.getAttribute('aria-label') || el.getAttribute('role') || el.tagName; }"
    )


def test_the_toolbar_speaks_norwegian_is_one_tab_stop_and_spell_checks(
    login, demo, assert_accessible
):
    page = login(EDITOR)
    page.emulate_media(reduced_motion="reduce")
    form = open_section_editor(page, demo)
    text = prose_editor(form, "Teksten i punktet")
    toolbar = form.get_by_role("toolbar", name="Tekstformatering")
    expect(toolbar).to_be_visible()
    buttons = toolbar_buttons(toolbar)

    # Named in Norwegian, to the ear (aria-label) and to the eye (the tooltip).
    expect(buttons).to_have_count(len(NORWEGIAN))
    assert [b.get_attribute("aria-label") for b in buttons.all()] == NORWEGIAN
    assert [b.get_attribute("title") for b in buttons.all()] == ["Avsnitt", *NORWEGIAN[1:]]
    for name in NORWEGIAN:
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_be_visible()
    assert toolbar.get_attribute("aria-controls") == text.get_attribute("id")

    # Each icon is one glyph of the icon font, not its ligature name spelt out in letters
    # ("format_list_bulleted"), and the picker's caret is drawn, not a character that no
    # installed font has (the "⏷" that showed as a missing-glyph box).
    widths = buttons.evaluate_all("(all) => all.map((b) => b.scrollWidth)")
    assert max(widths) < 48, widths
    caret = toolbar.locator(".prose-menubar__selected").evaluate(
        "(el) => getComputedStyle(el, '::after').content"
    )
    assert caret == '""'

    # The block-type picker's choices are Norwegian too.
    buttons.first.focus()
    page.keyboard.press("Enter")
    picker = toolbar.locator(".prose-menubar__picker")
    expect(picker).to_be_visible()
    for name in ("Overskrift 2", "Overskrift 3", "Overskrift 4", "Avsnitt"):
        expect(picker.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()

    # One tab stop: from the title field, Tab reaches the toolbar once, the next Tab the text.
    form.get_by_role("textbox", name="Tittel").focus()
    page.keyboard.press("Tab")
    assert focused(page) == NORWEGIAN[0]
    page.keyboard.press("Tab")
    expect(text).to_be_focused()

    # Inside, the arrows, Home and End move; the toolbar remembers where the user was.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == NORWEGIAN[0]
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Punktliste"
    page.keyboard.press("End")
    assert focused(page) == "Gjør om"
    page.keyboard.press("ArrowRight")
    assert focused(page) == NORWEGIAN[0]
    page.keyboard.press("ArrowLeft")
    assert focused(page) == "Gjør om"
    page.keyboard.press("Home")
    for _ in range(NORWEGIAN.index("Fet")):
        page.keyboard.press("ArrowRight")
    assert focused(page) == "Fet"
    assert toolbar.locator('[tabindex="0"]').count() == 1
    page.keyboard.press("Tab")
    expect(text).to_be_focused()
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Fet"

    # The buttons work from the keyboard: Enter on "Fet", then the text typed is bold.
    page.keyboard.press("Enter")
    expect(text).to_be_focused()
    page.keyboard.type("Viktig: ")
    expect(text.locator("strong", has_text="Viktig:")).to_be_visible()
    expect(toolbar.get_by_role("button", name="Angre", exact=True)).to_have_attribute(
        "aria-disabled", "false"
    )

    # The browser's spell-check runs in the text, in Norwegian.
    expect(text).to_have_attribute("lang", "nb")
    expect(text).to_have_attribute("spellcheck", "true")
    assert_accessible(page)


def test_in_english_the_toolbar_speaks_english(login, demo, assert_accessible):
    page = login(EDITOR)
    with page.expect_navigation():
        page.get_by_role("button", name="English", exact=True).click()
    form = open_section_editor(page, demo)
    toolbar = form.get_by_role("toolbar", name="Text formatting")

    buttons = toolbar_buttons(toolbar)
    expect(buttons).to_have_count(len(ENGLISH))
    assert [b.get_attribute("aria-label") for b in buttons.all()] == ENGLISH
    text = prose_editor(form, "Text of the section")
    expect(text).to_have_attribute("lang", "en")
    expect(text).to_have_attribute("spellcheck", "true")
    assert_accessible(page)
