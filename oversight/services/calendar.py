"""A user's calendar feed: made when first asked for, given a new address (which revokes the
old), or stopped."""

from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed, new_token


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    """The user's feed, made with a new secret address the first time."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret address for the user's feed; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
        feed.full_clean()
        feed.save()
        return feed
    feed.token = new_token()
    feed.created_at = timezone.now()  # the age of the address in use
    feed.full_clean()
    feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """Stop the user's feed: its address answers 404 from now on. False if there was none."""
    deleted, _by_model = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
