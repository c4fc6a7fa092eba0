"""The user's notifications: the list, opening one (which marks it read), marking all read,
and choosing which to get in navpartner and by e-mail. The unread count in the menu comes with
every page (oversight/context_processors.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from navpartner.forms import add_errors

from ..models import REMINDER_KINDS, Kind
from ..selectors.notifications import (
    notification_get_for_user,
    notifications_for_user,
    preference_rows,
    preferences_for_user,
)
from ..services.notifications import (
    notification_mark_read,
    notifications_mark_all_read,
    preferences_update,
)

PER_PAGE = 25


class PreferencesForm(forms.Form):
    """The kinds switched on: a box ticked is a kind the user wants. The page lays the boxes
    out as a table, so the form only validates."""

    in_app = forms.MultipleChoiceField(choices=Kind.choices, required=False)
    by_email = forms.MultipleChoiceField(choices=Kind.choices, required=False)


@require_safe
def notification_list(request):
    preferences = preferences_for_user(request.user)
    page = Paginator(notifications_for_user(request.user, preferences), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "oversight/notifications.html", {"page": page})


@require_POST
def notification_open(request, pk):
    """Marks the notification read and goes where it points. A POST, since it changes
    something: the list shows each notification as a button in a form."""
    notification = notification_get_for_user(request.user, pk)
    notification_mark_read(notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "oversight:notifications"
    return redirect(target)


@require_POST
def mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("oversight:notifications")


@require_http_methods(["GET", "POST"])
def preferences(request):
    current = preferences_for_user(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            preferences_update(
                user=request.user,
                in_app=form.cleaned_data["in_app"],
                by_email=form.cleaned_data["by_email"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("oversight:preferences")
    rows = preference_rows(current)
    if form.is_bound:  # show what the user sent, not what is stored
        for row in rows:
            row["in_app"] = row["value"] in form.data.getlist("in_app")
            row["by_email"] = row["value"] in form.data.getlist("by_email")
    context = {
        "form": form,
        "groups": [
            (_("Reminders"), [r for r in rows if r["value"] in REMINDER_KINDS]),
            (_("Events"), [r for r in rows if r["value"] not in REMINDER_KINDS]),
        ],
    }
    return render(
        request, "oversight/preferences.html", context, status=400 if form.is_bound else 200
    )
