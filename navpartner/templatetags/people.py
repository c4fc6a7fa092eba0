"""How a person is named on a page: ``{{ user|person }}``."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def person(user) -> str:
    """The user's full name, else the user name; "a deleted user" when the account is gone
    (the foreign keys to users are SET_NULL, so history outlives its people)."""
    if user is None:
        return gettext("a deleted user")
    return user.get_full_name() or user.get_username()
