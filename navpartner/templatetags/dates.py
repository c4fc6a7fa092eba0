"""Dates with their weekday, from the language's own formats (navpartner/formats/)."""

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter(expects_localtime=True)
def weekday(value, format_name: str = "DATE_FORMAT") -> str:
    """ "fredag 18. desember 2026" / "Friday 18 December 2026"; with "DATETIME_FORMAT", the
    time too ("fredag 18. desember 2026 kl. 09:48"). Oslo time, as the `date` filter."""
    if value in (None, ""):
        return ""
    return f"{date_format(value, 'l')} {date_format(value, format_name)}"
