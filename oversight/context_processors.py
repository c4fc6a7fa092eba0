"""What every page's menu shows from this app."""

from .selectors.notifications import unread_count


def unread_notifications(request):
    """`unread_notifications`: the number on the menu's "Varsler" badge, rendered with the page
    rather than fetched by a second request. A callable, so the one query runs only when a
    template shows it (base.html, for a logged-in user), and at most once per request."""

    def count() -> int:
        if not hasattr(request, "unread_notifications"):
            user = request.user
            request.unread_notifications = unread_count(user) if user.is_authenticated else 0
        return request.unread_notifications

    return {"unread_notifications": count}
