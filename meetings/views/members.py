"""The forum's members: the secretary adds people who can see the partnership, and removes
members after a confirmation step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from navpartner.forms import add_errors

from .. import selectors, services
from ..forms import ForumMemberAddForm
from .forums import forum_page


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@require_POST
def member_add(request, pk):
    access = selectors.forum_get_for_user(request.user, pk)
    selectors.require_secretary(access)
    forum = access.forum
    form = ForumMemberAddForm(
        request.POST,
        candidates=selectors.forum_member_candidates(forum, list(forum.members.all())),
        auto_id="id_member_%s",
    )
    if form.is_valid():
        try:
            member = services.forum_member_add(
                forum=forum, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is added to the forum.") % {"name": _name(member.user)}
            )
            return redirect(reverse("meetings:forum_detail", args=[forum.pk]) + "#members")
    return forum_page(request, access, member_form=form, status=400)


@require_http_methods(["GET", "POST"])
def member_remove(request, pk, member_pk):
    """A confirmation page, then the member is off the forum."""
    access = selectors.forum_get_for_user(request.user, pk)
    selectors.require_secretary(access)
    forum = access.forum
    member = selectors.forum_member_get(forum, member_pk)
    name = _name(member.user)
    if request.method == "POST":
        try:
            services.forum_member_remove(member=member, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return forum_page(request, access, status=400)
        messages.success(request, _("%(name)s is removed from the forum.") % {"name": name})
        return redirect(reverse("meetings:forum_detail", args=[forum.pk]) + "#members")
    return render(
        request,
        "meetings/confirm.html",
        {
            "forum": forum,
            "partnership": forum.partnership,
            "title": _("Remove a member"),
            "text": _("%(name)s (%(role)s) is taken off the forum and no longer gets invitations.")
            % {"name": name, "role": member.get_role_display()},
            "button": _("Remove from the forum"),
            "cancel_url": reverse("meetings:forum_detail", args=[forum.pk]) + "#members",
        },
    )
