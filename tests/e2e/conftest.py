"""Browser tests: one headless Chromium for the whole run, the Django live server, demo data.

Chromium is the Debian package at /usr/bin/chromium (never `playwright install` here).
axe-core is the copy bundled with axe-playwright-python, so no Node is needed.
"""

import json
import os
from pathlib import Path

import axe_playwright_python
import pytest
from django.core.management import call_command

# The Playwright sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from the same thread (fixtures, call_command) with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
DEMO_PASSWORD = "navpartner-demo"  # demo.DEMO_PASSWORD
# The language switch at the foot of every page: its button for each language.
LANGUAGE_SWITCH = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches its session-scoped browser with these."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Replaces pytest-playwright's own base_url fixture, a session-scoped instance method that
    pytest 9 warns about (PytestRemovedIn10Warning); relative page.goto() paths also work."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo world in the live server's database; yields the server's base URL."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


# Init scripts are not subject to the page's Content-Security-Policy: this reports every
# violation (a blocked inline script, eval, a foreign origin) to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def page(page):
    """Every browser test also proves the pages work under the Content-Security-Policy: a
    violation on any page visited fails the test at teardown."""
    page.set_default_timeout(5_000)
    page.set_default_navigation_timeout(10_000)
    # Bootstrap then has no transitions, so axe reads the colours a control settles on, not
    # those halfway through its focus transition.
    page.emulate_media(reduced_motion="reduce")
    violations: list[str] = []
    page.expose_function("reportCspViolation", lambda report: violations.append(report))
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    yield page
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def login(page, demo):
    """Log in through the real login form; returns the page on the home page."""

    def _login(username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{demo}/konto/logg-inn/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("form:has(input[name=username]) button[type=submit]")
        assert page.url == f"{demo}/", f"login as {username} did not reach the home page"
        return page

    return _login


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """What axe-core finds on the current page, as it reports each violation."""
    # The whole document, as a reader gets it: a page still loading has no main yet.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Not add_script_tag: an inline script the page's CSP would refuse.
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; fail with a readable list of violations."""

    def _check(page):
        violations = axe_violations(page)
        assert not violations, (
            f"axe found {len(violations)} violation(s) on {page.url}:\n"
            + format_violations(violations)
        )

    return _check
