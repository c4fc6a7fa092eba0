"""The same journey in each of the three languages — bokmål, nynorsk, English — chosen with
the switch at the foot of the page, with axe-core on every page: the language is kept for
the user (their profile), every page says which language it is in, and the pages of a
partnership that writes nynorsk show the veileder in nynorsk whatever the reader's language."""

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement

from .conftest import LANGUAGE_SWITCH

pytestmark = pytest.mark.e2e

# A word of the menu in each language: "My partnerships".
MY_PARTNERSHIPS = {"nb": "Mine partnerskap", "nn": "Partnarskapa mine", "en": "My partnerships"}


def go(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_journey_in_each_language(login, assert_accessible, language):
    page = login("kommunedirektor.sogndal")
    html = page.locator("html")
    if language != "nb":
        go(page, page.locator("footer").get_by_role("button", name=LANGUAGE_SWITCH[language]))
    expect(html).to_have_attribute("lang", language)
    expect(page.get_by_role("navigation").first).to_contain_text(MY_PARTNERSHIPS[language])
    assert_accessible(page)

    go(page, page.get_by_role("link", name="NAV Sogndal").first)
    expect(html).to_have_attribute("lang", language)
    assert_accessible(page)

    agreement = Agreement.objects.get(partnership__office__name="NAV Sogndal")
    page.goto(f"/avtaler/{agreement.pk}/")
    expect(html).to_have_attribute("lang", language)
    assert_accessible(page)

    # The point's page: the veileder's words are the partnership's (nynorsk) in any language.
    first = agreement.sections.get(number="1.0")
    page.goto(f"/avtaler/{agreement.pk}/punkt/{first.pk}/")
    expect(page.locator("h1")).to_contain_text("Avtalepartar – eigarar")
    expect(page.locator("#guidance-heading").locator("..")).to_contain_text(
        "Punktet seier kven som inngår avtalen"
    )
    assert_accessible(page)

    page.goto("/varsler/innstillinger/")
    expect(page.locator(f"#language-{language}")).to_be_checked()
    assert_accessible(page)

    # The choice is the user's: a new session in another browser keeps it.
    page.context.clear_cookies()
    login("kommunedirektor.sogndal")
    expect(html).to_have_attribute("lang", language)
