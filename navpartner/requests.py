"""Requests the product refuses before any view sees them."""

from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest

REPLACEMENT_CHARACTER = "\ufffd"


class UndecodableForm(BadRequest):
    """A form post whose text is not valid UTF-8 (answered by navpartner.views.bad_request)."""


def _urlencoded_is_utf8(body: bytes) -> bool:
    try:
        for pair in body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RefuseUndecodableFormsMiddleware:
    """Refuse a form post that is not valid UTF-8 instead of storing "\ufffd" for it.

    Django decodes form fields with errors="replace", so invalid bytes would otherwise be
    saved as replacement characters. Reads the body of an urlencoded post (already bounded by
    DATA_UPLOAD_MAX_MEMORY_SIZE) once; a multipart post is parsed as Django parses it anyway,
    and only its text fields are checked, never the files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        utf8 = request.encoding in (None, "utf-8", "UTF-8")
        if request.method == "POST" and utf8 and not self._is_utf8(request):
            raise UndecodableForm("The form's text is not valid UTF-8.")
        return self.get_response(request)

    @staticmethod
    def _is_utf8(request) -> bool:
        if request.content_type == "application/x-www-form-urlencoded":
            return _urlencoded_is_utf8(request.body)
        if request.content_type == "multipart/form-data":
            return not any(
                REPLACEMENT_CHARACTER in value
                for _key, values in request.POST.lists()
                for value in values
            )
        return True
