"""A GET as gunicorn's sync worker makes it: the WSGI application called with a request's
environ and the body read as it is sent, the response left open (the server closes it after
sending), for the tests of navpartner/wsgi.py and navpartner/collector.py."""

import wsgiref.util


def send(application, path: str):
    """(the response, not yet closed; the statuses given to start_response; the body)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    wsgiref.util.setup_testing_defaults(environ)
    statuses: list[str] = []
    result = application(environ, lambda status, headers: statuses.append(status))
    return result, statuses, b"".join(result)
