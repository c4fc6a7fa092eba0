"""Every kind of page a demo user can reach by following links from the home page, in each of
the three languages: none answers with an error, each HTML page says its language, and axe-core
finds nothing on any of them. The journeys check what pages do; this checks the pages no
journey opens (a history, a settlement, the year plan, the what-if, a confirmation ...).

A page kind is the URL's view and the names of its query parameters: each kind is opened for
one of its URLs per user, so that the walk covers every kind without opening all 60
points of every agreement (the journeys open the states a page can show). Links that
download a file (Word, PDF, spreadsheet, archive package) are requested as well and must
answer, but are not opened.
"""

from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from .conftest import LANGUAGE_SWITCH, axe_violations, format_violations

pytestmark = pytest.mark.e2e

# Far more than the kinds there are: a walk that gets here does not end.
MOST_PAGES = 400

# The kinds any of these users must reach (so a walk that goes nowhere cannot pass).
REACHED = {
    "home",
    "partnerships:partnership_detail",
    "agreements:agreement_detail",
    "agreements:section_detail",
    "agreements:agreement_changes",
    "meetings:forum_detail",
    "meetings:meeting_detail",
    "oversight:overview",
    "oversight:agreement_status",
    "oversight:notifications",
    "oversight:calendar",
}


def page_kind(url: str) -> str:
    """The view and query parameter names of a URL (the URL itself if no view answers it: it
    is requested, and its 404 reported)."""
    parts = urlsplit(url)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        return url
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return view + ("?" + "&".join(names) if names else "")


def walk(page, base: str, language: str) -> tuple[set[str], list[str], int]:
    """Follow the links from the home page; returns the kinds seen, the problems found and how
    many pages were opened."""
    kinds: set[str] = set()
    seen: set[str] = set()
    queue = [base + "/"]
    problems: list[str] = []
    opened = 0
    while queue:
        url = queue.pop(0)
        kind = page_kind(url)
        if kind in kinds:
            continue
        kinds.add(kind)
        response = page.request.get(url)
        path = url.removeprefix(base)
        if response.status >= 400:
            problems.append(f"{response.status} {path}")
            continue
        content_type = response.headers.get("content-type", "")
        attachment = "attachment" in response.headers.get("content-disposition", "")
        if not content_type.startswith("text/html") or attachment:
            continue
        opened += 1
        assert opened <= MOST_PAGES, f"more than {MOST_PAGES} pages: the walk does not end"
        page.goto(url)
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"not in {language}: {path}")
        if violations := axe_violations(page):
            problems.append(f"{path}:\n{format_violations(violations)}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            link = urljoin(url, href).split("#", 1)[0]
            if not link.startswith(base + "/") or link in seen or "/admin/" in link:
                continue
            seen.add(link)
            queue.append(link)
    return kinds, problems, opened


# Each role and language once (one demo world for the three: seeding it is most of the cost).
WALKERS = [
    ("navleder.grorud", "nb"),  # the secretary: meetings, minutes, the driftsavtale
    ("fylkesdirektor.oslo", "nn"),  # a county director: the overview, several partnerships
    ("revisor.oslo", "en"),  # read only, every Oslo partnership
]


def test_every_page_answers_in_the_users_language_and_passes_axe(page, login, demo):
    for username, language in WALKERS:
        page.context.clear_cookies()
        login(username)
        if language != "nb":
            with page.expect_navigation():
                page.locator("footer").get_by_role("button", name=LANGUAGE_SWITCH[language]).click()
            expect(page.locator("html")).to_have_attribute("lang", language)

        kinds, problems, opened = walk(page, demo, language)

        assert not problems, f"{username}, {len(problems)} problem(s) on {opened} pages:\n" + (
            "\n".join(problems)
        )
        missing = REACHED - {kind.split("?")[0] for kind in kinds}
        assert not missing, f"{username} never reached: {sorted(missing)}"
