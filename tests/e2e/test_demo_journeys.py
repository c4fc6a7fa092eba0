"""Journeys through the demo world in a real browser, with axe-core on every page we reach.

Assertions are on data (partnership and person names) rather than on UI labels, which change
with the translation catalogue; only the language-switch test looks at <html lang>.
"""

import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Partnership

pytestmark = pytest.mark.e2e

CENTRAL_OSLO = "Oslo kommune – NAV Oslo"
OSLO_OFFICES = {"NAV Grorud", "NAV Østensjø", "NAV Frogner"}
TRONDELAG_OFFICES = {"NAV Ørland", "NAV Indre Namdal"}

EXPECTED_PARTNERSHIPS = {
    "fylkesdirektor.oslo": ("Hilde Bakken", {CENTRAL_OSLO, *OSLO_OFFICES}),
    "bydelsdirektor.grorud": ("Anders Lie", {"NAV Grorud"}),
    "bydelsdirektor.frogner": ("Per Strand", {"NAV Frogner"}),
    "navleder.grorud": ("Ingrid Dahl", {"NAV Grorud"}),
    "radmann.orland": ("Kari Hoff", {"NAV Ørland"}),
    "revisor.oslo": ("Siri Moen", {CENTRAL_OSLO, *OSLO_OFFICES}),
    "fylkesdirektor.trondelag": ("Ola Aune", TRONDELAG_OFFICES),
}

SKIP_LINK_TEXTS = {"Hopp til hovedinnhold", "Skip to main content"}


def partnership_names(page) -> list[str]:
    """The partnership name (the link text) of every row on the home page, in page order."""
    return [
        text.strip()
        for text in page.locator(
            '[data-testid="partnership-row"] th[scope="row"] a'
        ).all_inner_texts()
    ]


@pytest.mark.parametrize("username", list(EXPECTED_PARTNERSHIPS))
def test_demo_user_sees_exactly_their_partnerships(username, page, demo, assert_accessible):
    full_name, expected = EXPECTED_PARTNERSHIPS[username]

    page.goto(f"{demo}/konto/logg-inn/")
    assert_accessible(page)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "navpartner-demo")
    with page.expect_navigation():
        page.click("form:has(input[name=username]) button[type=submit]")

    assert page.url == f"{demo}/"
    expect(page.get_by_test_id("current-user")).to_have_text(full_name)
    names = partnership_names(page)
    assert len(names) == len(set(names)), f"a partnership is listed twice: {names}"
    assert set(names) == expected  # exact: nothing from the other county or other districts
    assert_accessible(page)


@pytest.mark.parametrize(
    ("username", "partnership", "parties", "members"),
    [
        # A bydel's local partnership under Oslo's central partnership.
        (
            "fylkesdirektor.oslo",
            "NAV Grorud",
            ["Bydel Grorud", "NAV Oslo", CENTRAL_OSLO, "Ammerudveien 22"],
            ["Anders Lie", "Ingrid Dahl"],
        ),
        # A vertskommune partnership that covers three more municipalities.
        (
            "fylkesdirektor.trondelag",
            "NAV Indre Namdal",
            [
                "Grong kommune",
                "Høylandet kommune",
                "Namsskogan kommune",
                "Røyrvik kommune",
                "NAV Trøndelag",
            ],
            ["Eirik Grande"],
        ),
    ],
)
def test_open_partnership_detail_from_home(
    username, partnership, parties, members, login, assert_accessible
):
    page = login(username)
    page.get_by_role("link", name=partnership, exact=True).click()

    expect(page).to_have_url(re.compile(r"/partnerskap/\d+/$"))
    expect(page.locator("h1")).to_have_text(partnership)
    parties_section = page.locator('section[aria-labelledby="parties-heading"]')
    for party in parties:
        expect(parties_section).to_contain_text(party)
    members_section = page.locator('section[aria-labelledby="members-heading"]')
    for member in members:
        expect(members_section).to_contain_text(member)
    assert_accessible(page)


def test_central_partnership_detail_lists_local_partnerships(login, assert_accessible):
    page = login("fylkesdirektor.oslo")
    page.get_by_role("link", name=CENTRAL_OSLO, exact=True).click()

    expect(page.locator("h1")).to_have_text(CENTRAL_OSLO)
    locals_section = page.locator('section[aria-labelledby="locals-heading"]')
    assert set(locals_section.get_by_role("link").all_inner_texts()) == OSLO_OFFICES
    assert_accessible(page)


def test_other_districts_partnership_is_not_found(login, demo, assert_accessible):
    frogner = Partnership.objects.get(office__name="NAV Frogner")
    page = login("bydelsdirektor.grorud")

    response = page.goto(f"{demo}/partnerskap/{frogner.pk}/")

    assert response is not None
    assert response.status == 404
    assert "NAV Frogner" not in page.content()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "username"),
    [
        pytest.param("/konto/logg-inn/", None, id="login"),
        pytest.param("/konto/glemt-passord/", None, id="password-reset"),
        pytest.param("/", "navleder.grorud", id="home"),
    ],
)
def test_first_tab_focuses_visible_skip_link(path, username, page, demo, login):
    if username:
        login(username)
    page.goto(f"{demo}{path}")
    page.keyboard.press("Tab")

    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName, name: el.getAttribute('name'),
                text: el.textContent.trim(), href: el.getAttribute('href'),
                outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
                boxShadow: style.boxShadow, width: box.width, height: box.height,
            };
        }"""
    )
    assert focused["text"] in SKIP_LINK_TEXTS, f"first Tab focused {focused}"
    assert focused["href"] == "#main"
    has_outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] != "0px"
    has_shadow = focused["boxShadow"] not in ("", "none")
    assert has_outline or has_shadow, f"focused skip link has no visible focus: {focused}"
    assert focused["width"] > 1 and focused["height"] > 1, f"skip link not shown: {focused}"

    # Following the skip link puts focus on the main content.
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_language_switch(login, assert_accessible):
    page = login("navleder.grorud")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nb")

    footer = page.locator("footer")
    with page.expect_navigation():
        footer.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")
    assert partnership_names(page) == ["NAV Grorud"]  # back where we were
    expect(footer.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    with page.expect_navigation():
        footer.get_by_role("button", name="Norsk (bokmål)").click()
    expect(html).to_have_attribute("lang", "nb")
    expect(footer.get_by_role("button", name="Norsk (bokmål)")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_logout_returns_to_login_page(login, demo, assert_accessible):
    page = login("radmann.orland")

    with page.expect_navigation():
        page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()

    assert page.url == f"{demo}/konto/logg-inn/"
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    # Logged out for real: the home page sends us back to the login form.
    page.goto(f"{demo}/")
    assert page.url.startswith(f"{demo}/konto/logg-inn/")
    assert_accessible(page)
