"""navpartner/collector.py: a request is answered without the cyclic garbage collector
running, and what it left is collected once, when the server has sent the response and closes
it; the collector is left on however the request ends."""

import gc

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from navpartner import collector, wsgi
from tests.wsgi_calls import send


class _Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


def _nodes() -> int:
    return sum(type(o) is _Node for o in gc.get_objects())


@login_not_required
def _cycles(request):
    """A page that builds far more objects than the collector's threshold and keeps them to
    its end, as the overview does with its rows."""
    kept = [_Node() for _ in range(20_000)]
    return HttpResponse(f"{len(kept)} nodes")


@login_not_required
def _fails(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("cycles/", _cycles), path("fails/", _fails)]


def _send(path: str):
    """A GET of path through the product's WSGI application, as gunicorn sends it."""
    return send(wsgi.application, path)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_collector_runs_once_after_the_response_is_sent_not_while_it_is_made(collections):
    result, statuses, body = _send("/cycles/")

    # Made and sent without one collection (without the middleware: some 30) ...
    assert statuses == ["200 OK"] and body == b"20000 nodes"
    assert collections == []
    assert not gc.isenabled()

    # ... and the server's closing the response collects what it left, once.
    result.close()
    assert collections == [0]
    assert gc.isenabled()
    assert _nodes() == 0  # the request's 20 000 cycles are freed


@pytest.mark.urls(__name__)
def test_a_request_through_the_test_client_leaves_the_collector_on(client, collections):
    response = client.get("/cycles/")

    assert response.content == b"20000 nodes"
    assert collections == [0]
    assert gc.isenabled()


@pytest.mark.urls(__name__)
def test_a_failing_view_leaves_the_collector_on(client, collections):
    client.raise_request_exception = False
    response = client.get("/fails/")

    assert response.status_code == 500
    assert collections == [0]
    assert gc.isenabled()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_response_never_closed_is_ended_by_the_next_request(collections):
    _send("/cycles/")  # a server that never closes it
    assert not gc.isenabled()

    result, statuses, _ = _send("/cycles/")
    result.close()

    assert statuses == ["200 OK"]
    assert gc.isenabled()
    assert _nodes() == 0


def test_pauses_in_parallel_end_when_the_last_one_does(collections):
    collector.pause()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the first pause still holds it off
    assert collections == []
    collector.resume()

    assert gc.isenabled()
    assert collections == [0]


def test_a_collector_turned_off_by_someone_else_stays_off(collections):
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
        assert collections == [0]
    finally:
        gc.enable()


def test_a_pause_collects_first_when_overlapping_work_left_too_much_uncollected(
    collections, monkeypatch
):
    monkeypatch.setattr(collector, "MOST_UNCOLLECTED", 1_000)
    collector.pause()  # a request in one thread, still in flight
    try:
        kept = [_Node() for _ in range(5_000)]
        del kept  # 5 000 cycles left for the collector
        with collector.paused():  # another thread's request
            assert collections == [1]
        assert _nodes() == 0
    finally:
        collector.resume()

    assert collections == [1, 0]
    assert gc.isenabled()
