"""Who is on the other end of a request. Lives in the lowest layer because the audit trail
and the login throttle (django-axes, navpartner.sessions) must name the same address."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for the lockout per IP (AXES_CLIENT_IP_CALLABLE) and the audit
    trail. Behind NAVPARTNER_TRUSTED_PROXY_COUNT proxies it is the address the outermost one
    saw, the n-th entry from the right of X-Forwarded-For (the entries further left come from
    the client and may be forged); without that setting the header is ignored."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.NAVPARTNER_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote_addr
    return forwarded[-count]
