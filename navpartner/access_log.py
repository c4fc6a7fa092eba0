"""Who made each request, for the access log: gunicorn.conf.py logs the WSGI environ key this
middleware sets (`%({navpartner.user_id}e)s`), so the id never goes out in a response."""

#: The WSGI environ key gunicorn's access log format reads (gunicorn lower-cases the keys).
USER_ID_KEY = "navpartner.user_id"


class AccessLogUserMiddleware:
    """Puts the id of the logged-in user (after the view: a login or logout in the request
    counts) in the request's WSGI environ. Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            request.environ[USER_ID_KEY] = str(request.user.pk)
        return response
