"""The discussion of a section: a new thread, a reply, a thread resolved or reopened.

With htmx each answers with the part of the page it changed (the keyboard focus put on what
was added); without, it redirects to the thread on the section page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..forms_comments import CommentForm, ReplyForm
from ..selectors.comments import (
    comment_may_write,
    comment_sides,
    comment_start_context,
    comment_thread_get,
    section_discussion_context,
    thread_context,
    thread_started_context,
    thread_url,
)
from ..services.comments import comment_add, comment_thread_reopen, comment_thread_resolve
from .sections import _section_page


def _gate(request, pk, section_pk):
    """Outsiders 404, members who only read 403; the section of the agreement."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    if not comment_may_write(agreement_access):
        raise PermissionDenied
    section = selectors.section_get(agreement_access.agreement, section_pk)
    return agreement_access, section


def _to_thread(agreement_access, section, thread_pk):
    return redirect(
        thread_url(
            agreement_pk=agreement_access.agreement.pk, section_pk=section.pk, thread_pk=thread_pk
        )
    )


def _discussion(request, agreement_access, section, *, status=200, **extra):
    """The discussion again: with htmx its list of threads, else the whole section page."""
    if not request.htmx:
        return _section_page(request, agreement_access, section, status=status, discussion=extra)
    context = {
        "agreement": agreement_access.agreement,
        "agreement_access": agreement_access,
        "section": section,
        **section_discussion_context(section, agreement_access, request.user, **extra),
    }
    return render(request, "agreements/section/_thread_list.html", context, status=status)


def _thread_started(request, agreement_access, section, thread):
    """With htmx: a fresh form, and the new thread for the page to put first in its list
    (thread_started_context); the section's other threads are not rendered again."""
    context = {
        "agreement": agreement_access.agreement,
        "agreement_access": agreement_access,
        "section": section,
        **thread_started_context(section, agreement_access, thread),
    }
    return render(request, "agreements/section/_thread_started.html", context)


def _thread(request, agreement_access, section, thread, *, status=200, **extra):
    """The thread again, for htmx to put in its place."""
    context = {
        "agreement": agreement_access.agreement,
        "agreement_access": agreement_access,
        "section": section,
        **thread_context(thread, agreement_access, **extra),
    }
    return render(request, "agreements/section/_thread.html", context, status=status)


@require_POST
def comment_thread_start(request, pk, section_pk):
    agreement_access, section = _gate(request, pk, section_pk)
    form = CommentForm(request.POST, prefix="comment", sides=comment_sides(agreement_access.access))
    if form.is_valid():
        try:
            comment = comment_add(
                section=section,
                user=request.user,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                side=form.cleaned_data["side"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _thread_started(request, agreement_access, section, comment)
            return _to_thread(agreement_access, section, comment.pk)
    if request.htmx:  # the form again, with its errors, in place of the one sent
        context = {
            "agreement": agreement_access.agreement,
            "section": section,
            **comment_start_context(agreement_access, form),
        }
        return render(request, "agreements/section/_comment_start.html", context, status=400)
    return _discussion(request, agreement_access, section, form=form, status=400)


@require_POST
def comment_reply(request, pk, section_pk, thread_pk):
    agreement_access, section = _gate(request, pk, section_pk)
    thread = comment_thread_get(section, agreement_access, thread_pk)
    form = ReplyForm(
        request.POST, prefix=f"t{thread.pk}", sides=comment_sides(agreement_access.access)
    )
    if form.is_valid():
        try:
            comment = comment_add(
                section=section,
                user=request.user,
                body=form.cleaned_data["body"],
                thread=thread,
                side=form.cleaned_data["side"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _thread(request, agreement_access, section, thread, focus=comment.pk)
            return _to_thread(agreement_access, section, thread.pk)
    if request.htmx:
        return _thread(request, agreement_access, section, thread, form=form, status=400)
    return _discussion(
        request, agreement_access, section, reply_forms={thread.pk: form}, status=400
    )


def _change(request, pk, section_pk, thread_pk, service):
    agreement_access, section = _gate(request, pk, section_pk)
    thread = comment_thread_get(section, agreement_access, thread_pk)
    try:
        service(thread=thread, user=request.user)
    except ValidationError as error:
        if request.htmx:
            return _thread(
                request, agreement_access, section, thread, errors=error.messages, status=400
            )
        return _discussion(
            request,
            agreement_access,
            section,
            errors={thread.pk: error.messages},
            status=400,
        )
    if request.htmx:
        return _thread(request, agreement_access, section, thread, focus_thread=True)
    return _to_thread(agreement_access, section, thread.pk)


@require_POST
def comment_thread_resolve_view(request, pk, section_pk, thread_pk):
    return _change(request, pk, section_pk, thread_pk, comment_thread_resolve)


@require_POST
def comment_thread_reopen_view(request, pk, section_pk, thread_pk):
    return _change(request, pk, section_pk, thread_pk, comment_thread_reopen)
