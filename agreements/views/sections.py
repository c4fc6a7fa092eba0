from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerships.models import Side

from .. import selectors, services, structured
from ..forms import ApprovalForm, MoveForm, QuestionAnswerForm, SectionAddForm, SectionForm
from ..models import StructuredKind
from ..selectors.comments import section_discussion_context
from ..selectors.elsewhere import may_see_other_partnerships
from ..selectors.revisions import section_revision_context, section_seen
from ..selectors.suggestions import section_suggestions_context
from .history import section_stale_response


def _has_part(kind) -> bool:
    return bool(kind) and kind != StructuredKind.NONE


def _approval_done(request, approval_rows):
    """After the approve/withdraw redirect (?approved=<side> or ?withdrawn=<side>): the row the
    approval card confirms, only while the approval's state still says so (a reload later never
    confirms what is no longer true)."""
    for row in approval_rows:
        if request.GET.get("approved") == row["side"] and row["approval"]:
            return {"side": row["side"], "approved": True}
        if request.GET.get("withdrawn") == row["side"] and not row["approval"]:
            return {"side": row["side"], "approved": False}
    return None


def _section_page(
    request,
    agreement_access,
    section,
    *,
    form=None,
    editor=None,
    conflict=None,
    status=200,
    discussion=None,
):
    agreement = agreement_access.agreement
    kind = section.template_section.structured if section.template_section_id else None
    if form is None:
        form = SectionForm(
            initial={"title": section.title, "body": section.body, "revision": section.revision}
        )
    if editor is None and _has_part(kind):
        editor = structured.editor(kind, agreement.written_template, initial=section.structured)
    seen = section_seen(section)
    answers = [
        (a, QuestionAnswerForm(instance=a, prefix=f"q{a.pk}", initial=seen))
        for a in section.answers.all()
    ]
    central = selectors.central_provisions(agreement).get(
        section.template_section.number if section.template_section_id else None
    )
    approval_rows = selectors.section_approval_rows(section, agreement_access)
    context = {
        "agreement": agreement,
        "agreement_access": agreement_access,
        "partnership": agreement.partnership,
        "section": section,
        "structured_html": structured.render(
            kind, section.structured, agreement.partnership.document_language
        ),
        "imported_labels": [str(structured.field_label(kind, f)) for f in section.imported_fields],
        "form": form,
        "editor": editor,
        "answers": answers,
        "approval_rows": approval_rows,
        "approval_done": _approval_done(request, approval_rows),
        "central": central,
        "conflict": conflict,
        "is_empty": selectors.section_is_empty(section),
        "sees_elsewhere": may_see_other_partnerships(request.user),
        **section_revision_context(section, agreement_access, request.user),
        **section_discussion_context(section, agreement_access, request.user, **(discussion or {})),
        **section_suggestions_context(section, agreement_access, request.user),
    }
    return render(request, "agreements/section_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def section_detail(request, pk, section_pk):
    """Read a section; editors also change it here (guidance and questions beside the text)."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    if request.method == "GET":
        return _section_page(request, agreement_access, section)
    if not agreement_access.may_edit:
        raise PermissionDenied
    kind = section.template_section.structured if section.template_section_id else None
    form = SectionForm(request.POST)
    editor = (
        structured.editor(
            kind,
            agreement_access.agreement.written_template,
            data=request.POST,
            initial=section.structured,
        )
        if _has_part(kind)
        else None
    )
    if not form.is_valid() or (editor is not None and not editor.is_valid()):
        return _section_page(
            request, agreement_access, section, form=form, editor=editor, status=400
        )
    try:
        withdrawn = services.agreement_section_update(
            section=section,
            user=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            structured_data=editor.cleaned() if editor is not None else None,
            expected_revision=form.cleaned_data["revision"],
        )
    except services.EditConflict as conflict:
        return _section_page(
            request,
            agreement_access,
            section,
            form=form,
            editor=editor,
            conflict=conflict.current,
            status=409,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _section_page(
            request, agreement_access, section, form=form, editor=editor, status=400
        )
    messages.success(request, _("Section %(number)s is saved.") % {"number": section.number})
    if withdrawn:
        sides = ", ".join(str(Side(side).label).lower() for side in withdrawn)
        messages.warning(
            request,
            _("The change withdrew the approval of: %(sides)s. The section must be approved again.")
            % {"sides": sides},
        )
    return redirect(request.path)


def _approval(request, pk, section_pk, service, action):
    """Give or withdraw a side's approval of the text the user saw: both under the rule the
    service applies too; a text changed meanwhile gets 409 and what changed."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    form = ApprovalForm(request.POST)
    form.is_valid()
    side = form.cleaned_data.get("side", "")
    if not (side and agreement_access.may_approve_for(side)):
        raise PermissionDenied
    section = selectors.section_get(agreement_access.agreement, section_pk)
    if form.errors:
        messages.error(request, _("The page was out of date. Look at the text and try again."))
        return _section_page(request, agreement_access, section, status=400)
    try:
        service(
            section=section,
            user=request.user,
            side=side,
            expected_revision=form.cleaned_data["revision"],
            expected_hash=form.cleaned_data["content_hash"],
        )
    except services.StaleContent:
        return section_stale_response(
            request,
            agreement_access,
            selectors.section_get(agreement_access.agreement, section_pk),
            seen_revision=form.cleaned_data["revision"],
            action=action,
            side=side,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:section_detail", pk=pk, section_pk=section_pk)
    # Back to the approval card, which takes the focus and confirms what was done.
    done = "approved" if action == "approve" else "withdrawn"
    url = reverse("agreements:section_detail", kwargs={"pk": pk, "section_pk": section_pk})
    return redirect(f"{url}?{done}={side}#approval")


@require_POST
def section_approve(request, pk, section_pk):
    return _approval(request, pk, section_pk, services.agreement_section_approve, "approve")


@require_POST
def section_withdraw_approval(request, pk, section_pk):
    return _approval(
        request, pk, section_pk, services.agreement_section_withdraw_approval, "withdraw"
    )


@require_POST
def question_update(request, pk, section_pk, answer_pk):
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    answer = selectors.question_answer_get(section, answer_pk)
    form = QuestionAnswerForm(request.POST, instance=answer, prefix=f"q{answer.pk}")
    status = 400
    if form.is_valid():
        try:
            services.question_answer_update(
                answer=answer,
                user=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_revision=form.cleaned_data["revision"],
                expected_hash=form.cleaned_data["content_hash"],
            )
            status = 200
        except services.StaleContent:
            return section_stale_response(
                request,
                agreement_access,
                selectors.section_get(agreement_access.agreement, section_pk),
                seen_revision=form.cleaned_data["revision"],
                action="answer",
            )
        except ValidationError as error:
            form.add_error(None, error)
    if request.htmx:
        return render(
            request,
            "agreements/_question_row.html",
            {
                "answer": answer,
                "form": form,
                "agreement_access": agreement_access,
                "agreement": agreement_access.agreement,
                "section": section,
                "saved": status == 200,
            },
            status=status,
        )
    if status == 200:
        messages.success(request, _("The answer is saved."))
    else:
        messages.error(
            request,
            _("The answer was not saved: %(errors)s")
            % {"errors": " ".join(str(e) for e in form.errors.values())},
        )
    return redirect("agreements:section_detail", pk=pk, section_pk=section_pk)


@require_POST
def section_add(request, pk):
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    form = SectionAddForm(request.POST)
    if form.is_valid():
        try:
            section = services.agreement_section_add(
                agreement=agreement_access.agreement, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("agreements:section_detail", pk=pk, section_pk=section.pk)
    else:
        messages.error(request, _("Give the new section a title."))
    return redirect(reverse("agreements:agreement_detail", args=[pk]) + "#add-section")


@require_POST
def section_move(request, pk, section_pk):
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_section_move(
                section=section, user=request.user, direction=form.cleaned_data["direction"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(reverse("agreements:agreement_detail", args=[pk]) + f"#section-{section.pk}")


@require_http_methods(["GET", "POST"])
def section_remove(request, pk, section_pk):
    agreement_access = selectors.agreement_get_for_edit(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    if request.method == "POST":
        try:
            services.agreement_section_remove(section=section, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agreements:section_detail", pk=pk, section_pk=section_pk)
        messages.success(
            request,
            _("Section %(number)s %(title)s is removed.")
            % {"number": section.number, "title": section.title},
        )
        return redirect("agreements:agreement_detail", pk=pk)
    return render(
        request,
        "agreements/section_confirm_remove.html",
        {
            "agreement": agreement_access.agreement,
            "partnership": agreement_access.agreement.partnership,
            "section": section,
        },
    )
