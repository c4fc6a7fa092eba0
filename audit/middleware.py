from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import AuditEvent
from .services import audit_event_record


class RefusalAuditMiddleware:
    """Records a view's refusal of a logged-in user: Http404 (the access gate's answer to an
    outsider, and to an object that does not exist, which it does not tell apart) and
    PermissionDenied (a read-only member asking to change something). An address no URL
    pattern matches never reaches a view and is not recorded, nor is an anonymous visitor
    (LoginRequiredMiddleware sends them to the login page first). A request the view allows
    costs nothing here. Placed after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.user.is_authenticated:
            return None
        if isinstance(exception, Http404):
            kind = AuditEvent.Kind.REFUSED_404
        elif isinstance(exception, PermissionDenied):
            kind = AuditEvent.Kind.REFUSED_403
        else:
            return None
        audit_event_record(kind=kind, request=request, user=request.user)
        return None  # Django's own 404/403 handling answers as before.
