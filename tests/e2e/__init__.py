"""Helpers shared by the browser tests; their fixtures are in conftest.py."""


def tab_to(page, locator, limit=300):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("(el) => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def prose_editor(scope, name):
    """The prose editor's editable area, found by its role and the label of the field it edits.

    Until the editor's script has run, the form's plain <textarea> carries that role and
    label too; a focus or click that lands on it is lost when the editor replaces it. So
    only the contenteditable that replaces it is matched, and a caller waits for it."""
    return scope.get_by_role("textbox", name=name).and_(scope.locator('[contenteditable="true"]'))


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


_CARET_AT_END = """(el) => {
    const selection = window.getSelection();
    if (!selection.rangeCount || !selection.isCollapsed || !el.contains(selection.focusNode)) {
        return false;
    }
    const rest = document.createRange();
    rest.selectNodeContents(el);
    rest.setStart(selection.focusNode, selection.focusOffset);
    return rest.toString().length === 0;
}"""


def caret_to_end(page, editor) -> None:
    """Put the caret at the end of a ProseMirror editor's text with Ctrl+End, as a keyboard
    user does. ProseMirror takes the browser's selection into its own state on the
    (asynchronous) selectionchange event and may put the caret back where the click left it,
    so check where it is and press again if needed."""
    editor.click()
    for _attempt in range(5):
        page.keyboard.press("Control+End")
        page.wait_for_timeout(50)
        if editor.evaluate(_CARET_AT_END):
            return
    raise AssertionError("Ctrl+End did not put the caret at the end of the text")


def htmx_settled(page) -> None:
    """Wait until htmx has no request, swap or settle in progress: htmx moves the focus to
    what the server marked `autofocus` only when it settles, after a short delay, and a key
    pressed before that lands where the focus was."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
        ".htmx-added')"
    )
    page.wait_for_timeout(50)
