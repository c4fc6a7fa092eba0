"""Python's cyclic garbage collector held off during a unit of work, then run once on what the
work left.

The collector runs each time ~700 more container objects exist than at its last run. Work that
builds many objects it keeps to the end (the overview's 400 rows, a PDF's boxes) triggers it
over and over, and each run walks everything the work has built so far, and now and then
everything the process holds: the overview at 400 partnerships ran it ten times a request,
4–10 ms of a ~30 ms page; a PDF render ~130 times, 15% of its CPU. What the work leaves is
freed when it ends, by one run over the youngest generation (most of it is garbage by then,
held only by cycles such as the one between a template context and its dictionaries).

`paused()` holds the collector off around a block (the PDF render). A web request is held off
by `CollectAfterResponseMiddleware`, and the collection comes when the response has been sent:
Django sends `request_finished` when the server closes the response, after the last byte
(gunicorn's sync workers), so the user does not wait for it.

Counted, so that work in parallel threads leaves the collector as it found it: it runs again
when the last of them ends. A request whose response the server never closed is ended by the
next request in its thread. Where requests overlap (threaded workers, `runserver`) the last
may never end while traffic lasts: a pause begun with more than MOST_UNCOLLECTED objects left
since the last collection collects the two younger generations first.
"""

import contextlib
import gc
import threading

from django.core.signals import request_finished

_lock = threading.Lock()
_pauses = 0
_was_enabled = False
_requests = threading.local()

# Some 20 overview requests' worth: gunicorn's sync workers, one request at a time, never get
# near it.
MOST_UNCOLLECTED = 200_000


def pause() -> None:
    """Hold the collector off until as many `resume()` calls."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    if gc.get_count()[0] > MOST_UNCOLLECTED:
        gc.collect(1)


def resume() -> None:
    """End one `pause()`; the last one gives the collector back as it was and collects the
    youngest generation."""
    global _pauses
    with _lock:
        _pauses -= 1
        last = _pauses == 0
        if last and _was_enabled:
            gc.enable()
    if last:
        gc.collect(0)


@contextlib.contextmanager
def paused():
    """The collector held off while the block runs, then one collection of what it left."""
    pause()
    try:
        yield
    finally:
        resume()


def _request_finished(**kwargs) -> None:
    if getattr(_requests, "paused", False):
        _requests.paused = False
        resume()


request_finished.connect(_request_finished, dispatch_uid="navpartner.collector")


class CollectAfterResponseMiddleware:
    """First in MIDDLEWARE: the collector held off while a request is answered, and run once
    when its response has been sent (`request_finished`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_finished()  # one whose response was never closed
        pause()
        _requests.paused = True
        try:
            return self.get_response(request)
        except BaseException:
            _request_finished()
            raise
