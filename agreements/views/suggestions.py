"""Proposing wording for a section, and accepting, rejecting or withdrawing it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, structured
from ..forms import SuggestionAcceptForm, SuggestionForm, SuggestionRejectForm
from ..selectors.suggestions import suggestion_get, suggestion_side, suggestions_may_propose
from ..services import suggestions as services
from .sections import _has_part, _section_page

#: What a refused answer is: someone else changed the text (409), or bad input (400).
CONFLICTS = {"outdated", "decided"}


def _status(error: ValidationError) -> int:
    return 409 if {e.code for e in error.error_list} & CONFLICTS else 400


def _section_url(pk, section_pk, *, decided=None, anchor="suggestions") -> str:
    url = reverse("agreements:section_detail", args=[pk, section_pk])
    query = f"?{urlencode({'forslag': decided})}" if decided else ""
    return f"{url}{query}#{anchor}"


@require_http_methods(["GET", "POST"])
def suggestion_new(request, pk, section_pk):
    """The section's editors, prefilled with its current text, to propose wording."""
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    if suggestion_side(agreement_access) is None:
        raise PermissionDenied
    agreement = agreement_access.agreement
    section = selectors.section_get(agreement, section_pk)
    kind = section.template_section.structured if section.template_section_id else None
    data = request.POST if request.method == "POST" else None
    form = SuggestionForm(
        data,
        initial={"title": section.title, "body": section.body, "revision": section.revision},
    )
    editor = (
        structured.editor(kind, agreement.written_template, data=data, initial=section.structured)
        if _has_part(kind)
        else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and (editor is None or editor.is_valid()):
            try:
                suggestion = services.suggestion_create(
                    section=section,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    structured_data=editor.cleaned() if editor is not None else None,
                    approve_on_accept=form.cleaned_data["approve_on_accept"],
                    expected_revision=form.cleaned_data["revision"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = _status(error)
            else:
                messages.success(request, _("Your wording is proposed to the other side."))
                return redirect(_section_url(pk, section_pk, anchor=f"suggestion-{suggestion.pk}"))
    context = {
        "agreement": agreement,
        "agreement_access": agreement_access,
        "partnership": agreement.partnership,
        "section": section,
        "form": form,
        "editor": editor,
        "may_propose": suggestions_may_propose(agreement_access),
    }
    return render(request, "agreements/suggestion_new.html", context, status=status)


def _answer(request, pk, section_pk, suggestion_pk):
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    return agreement_access, section, suggestion_get(section, suggestion_pk)


def _refused(request, agreement_access, section, message, status):
    """The section page again, saying why nothing happened."""
    messages.error(request, message)
    return _section_page(request, agreement_access, section, status=status)


@require_POST
def suggestion_accept(request, pk, section_pk, suggestion_pk):
    agreement_access, section, suggestion = _answer(request, pk, section_pk, suggestion_pk)
    form = SuggestionAcceptForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, agreement_access, section, _("The page was incomplete; try again."), 400
        )
    try:
        services.suggestion_accept(
            suggestion=suggestion,
            user=request.user,
            expected_revision=form.cleaned_data["revision"],
        )
    except ValidationError as error:
        return _refused(
            request, agreement_access, section, " ".join(error.messages), _status(error)
        )
    return redirect(_section_url(pk, section_pk, decided=suggestion.pk, anchor="suggestion-done"))


@require_POST
def suggestion_reject(request, pk, section_pk, suggestion_pk):
    agreement_access, section, suggestion = _answer(request, pk, section_pk, suggestion_pk)
    form = SuggestionRejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("reason", [])), code="reason")
        services.suggestion_reject(
            suggestion=suggestion, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _refused(
            request, agreement_access, section, " ".join(error.messages), _status(error)
        )
    return redirect(_section_url(pk, section_pk, decided=suggestion.pk, anchor="suggestion-done"))


@require_POST
def suggestion_withdraw(request, pk, section_pk, suggestion_pk):
    agreement_access, section, suggestion = _answer(request, pk, section_pk, suggestion_pk)
    try:
        services.suggestion_withdraw(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        return _refused(
            request, agreement_access, section, " ".join(error.messages), _status(error)
        )
    return redirect(_section_url(pk, section_pk, decided=suggestion.pk, anchor="suggestion-done"))
