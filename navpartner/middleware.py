class BokmalByDefaultMiddleware:
    """The product speaks bokmål unless the user picks another language with the switch (a
    cookie). The browser's Accept-Language is not asked: a public office's staff share one
    working language whatever their browser happens to be set to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
