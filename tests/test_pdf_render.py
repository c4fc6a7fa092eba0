"""What render_pdf does to the process around it (issue 17, PDF speed): Python's cyclic garbage
collector is paused while WeasyPrint renders and runs once afterwards, so a render neither pays
for ~130 collections walking its own boxes (15% of its CPU) nor leaves its cycles behind, and
the collector is left as it was found, also when renders run in parallel threads. The print
stylesheets a document links are parsed once, not for every render, and a changed file is
parsed anew. A render's deep calls stay in one chunk of the interpreter's frame stack, from
whatever depth it is called: no chunk mapped, faulted in and unmapped on each of its hottest
calls (navpartner/stack.py).
"""

import gc
import io
import threading

import pytest
from pypdf import PdfReader

from navpartner import pdf as pdf_module
from navpartner.pdf import render_pdf
from tests.frame_stack import most_page_faults

_HEAD = (
    '<html lang="nb"><head><title>Prøve</title><link rel="stylesheet" href="pdf/print.css">'
    "</head><body><h1>Prøve</h1>"
)
_PARAGRAPH = (
    "<p>Partene eier NAV-kontoret i fellesskap, og hver part har ansvaret for sine egne "
    "tjenester, sine egne ansatte og sine egne midler.</p>"
)
# Long enough for a render to allocate far past the collector's thresholds (four pages).
HTML = _HEAD + _PARAGRAPH * 80 + "</body></html>"
ONE_PAGE = _HEAD + _PARAGRAPH * 20 + "</body></html>"


def test_a_render_runs_the_collector_once_on_the_youngest_generation(collections):
    pdf = render_pdf(HTML)
    during = list(collections)

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4
    assert during == [0]


def test_a_render_leaves_no_cyclic_garbage_behind():
    gc.collect()
    render_pdf(HTML)

    assert gc.collect() == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was_found(enabled, collections):
    if not enabled:
        gc.disable()
    try:
        render_pdf(HTML)
        assert collections == [0]
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_renders_in_parallel_threads_leave_the_collector_on():
    gc.collect()
    started = threading.Barrier(2)
    failures = []

    def render():
        started.wait()
        try:
            render_pdf(HTML)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert gc.isenabled()
    assert gc.collect() == 0


def test_a_linked_stylesheet_is_parsed_once_and_again_when_it_changes(monkeypatch):
    parsed = []

    def css(**kwargs):
        parsed.append(kwargs["base_url"])
        return original(**kwargs)

    original = pdf_module.CSS
    monkeypatch.setattr(pdf_module, "CSS", css)
    monkeypatch.setattr(pdf_module, "_stylesheets", {})
    fetch = pdf_module.StaticOnlyFetcher.fetch

    render_pdf(HTML)
    render_pdf(HTML)
    assert parsed == [pdf_module.STATIC_ORIGIN + "pdf/print.css"]

    def edited(self, url, headers=None):
        response = fetch(self, url, headers)
        return type(response)(url, body=response.read() + b"\np { color: red }")

    monkeypatch.setattr(pdf_module.StaticOnlyFetcher, "fetch", edited)
    render_pdf(HTML)
    assert parsed == [pdf_module.STATIC_ORIGIN + "pdf/print.css"] * 2


def test_a_render_from_any_depth_faults_in_almost_no_memory():
    render_pdf(ONE_PAGE)
    render_pdf(ONE_PAGE)

    # Called straight (navpartner.pdf._write_pdf), some of these depths took ~1 800.
    assert most_page_faults(lambda: render_pdf(ONE_PAGE), range(0, 200, 2)) < 100
