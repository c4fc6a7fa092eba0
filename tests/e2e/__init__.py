"""Helpers shared by the browser tests; their fixtures are in conftest.py."""


def tab_to(page, locator, limit=300):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("(el) => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")
