"""The public pages open from the login page's footer, without logging in, and pass axe-core."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_public_pages_from_the_login_footer_are_accessible(page, live_server, assert_accessible):
    page.goto(f"{live_server.url}/konto/logg-inn/")

    for link, heading in [
        ("Tilgjengelighetserklæring", "Tilgjengelighetserklæring"),
        ("Personvern", "Personvern"),
    ]:
        with page.expect_navigation():
            page.locator("footer").get_by_role("link", name=link).click()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert_accessible(page)
        page.go_back()
