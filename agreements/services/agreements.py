"""Writing and negotiating an agreement: sections, questions, approvals, attachments.

Every function locks what it changes, checks the agreement's state and the user's role, writes
the change and records it in AgreementEvent, all in one transaction."""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from navpartner.texts import Text, gettext_noop
from navpartner.uploads import file_release_on_commit, pdf_upload_store
from partnerships.models import OWNER_SIDES, Partnership, Side
from partnerships.selectors import partnership_access
from partnerships.services import partnership_changed, partnership_touched

from .. import structured
from ..models import (
    Agreement,
    AgreementEvent,
    AgreementSection,
    Attachment,
    QuestionAnswer,
    SectionApproval,
    VeilederTemplate,
    WithdrawnApproval,
)
from ..notifications import notify_section_approved, notify_section_changed
from ..richtext import sanitize_html
from ..selectors.access import agreement_access
from ..selectors.agreements import section_is_empty
from .revisions import approvals_withdraw, revisions_keep, section_content_hash

Status = Agreement.Status
SECTION_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}$")
#: What saving a section's text writes (besides its title or position).
SECTION_TEXT_FIELDS = (
    "body",
    "structured",
    "imported_fields",
    "is_empty",
    "revision",
    "updated_by",
    "updated_at",
)


class EditConflict(Exception):
    """Someone saved the section after this user opened it; `current` is their version."""

    def __init__(self, current: AgreementSection):
        super().__init__(current.pk)
        self.current = current


class StaleContent(Exception):
    """The user acted on a text that is no longer the current one (approving, withdrawing,
    answering, signing what they saw); `current` is the section (or, for signing, the
    agreement) as it stands now. Nothing was saved."""

    def __init__(self, current):
        super().__init__(current.pk)
        self.current = current


def _require_current(
    section: AgreementSection, expected_revision: int | None, expected_hash: str | None
) -> None:
    """Refuse with StaleContent unless the section is still the text the user saw."""
    if expected_revision is not None and section.revision != expected_revision:
        raise StaleContent(section)
    if expected_hash is not None and section_content_hash(section) != expected_hash:
        raise StaleContent(section)


def _record(agreement, kind, actor, section=None, detail: "Text | str" = ""):
    """Record what happened to the agreement; every change to one is recorded, so this also
    tells the apps that summarise the partnership (partnership_changed)."""
    text = Text.of(detail).to_json() if detail else {}
    AgreementEvent.objects.create(
        agreement=agreement, kind=kind, actor=actor, section=section, text=text
    )
    partnership_changed(partnership_id=agreement.partnership_id)


def _set_status(agreement: Agreement, status: str, actor) -> None:
    if agreement.status == status:
        return
    old = Text.label(Agreement.Status(agreement.status).label)
    agreement.status = status
    agreement.status_changed_at = timezone.now()
    agreement.save(update_fields=["status", "status_changed_at"])
    _record(
        agreement,
        AgreementEvent.Kind.STATUS_CHANGED,
        actor,
        detail=Text.joined(old, Text.label(Agreement.Status(status).label), sep=" → "),
    )


def _lock_agreement(agreement: Agreement) -> Agreement:
    """The agreement locked for a write, the write counted in its partnership's ``changes``
    (also a comment or a suggestion, which no summary reads but 'Venter på meg' shows; a
    write refused rolls the count back with it)."""
    locked = Agreement.objects.select_for_update().select_related("template").get(pk=agreement.pk)
    partnership_touched(partnership_id=locked.partnership_id)
    return locked


def _require_editable(agreement: Agreement) -> None:
    if agreement.signatures.exists():
        raise ValidationError(
            _(
                "Signing has begun, so the text is locked. A signatory can withdraw their "
                "signature to reopen it."
            )
        )
    if not agreement.is_editable:
        raise ValidationError(
            _("The agreement is %(status)s and can no longer be changed; start a revision.")
            % {"status": agreement.get_status_display().lower()}
        )


def _require_editor(user, agreement: Agreement) -> None:
    if not agreement_access(user, agreement).may_edit:
        raise PermissionDenied


def _fully_approved(agreement: Agreement) -> bool:
    sections = agreement.sections.count()
    approvals = SectionApproval.objects.filter(section__agreement=agreement).count()
    return sections > 0 and approvals == sections * len(OWNER_SIDES)


def _settle_status(agreement: Agreement, actor) -> None:
    """Approved by both exactly when every section carries both approvals."""
    if _fully_approved(agreement):
        _set_status(agreement, Status.APPROVED, actor)
    elif agreement.status == Status.APPROVED:
        _set_status(agreement, Status.NEGOTIATION, actor)


@transaction.atomic
def agreement_create(
    *, partnership: Partnership, user, template: VeilederTemplate | None = None
) -> Agreement:
    """A new agreement from the veileder: every point, every question open."""
    _require_editor_of_partnership(user, partnership)
    template = template or VeilederTemplate.objects.order_by("-revision", "-pk").first()
    if template is None:
        raise ValidationError(_("No veileder template is loaded."))
    _require_no_open_agreement(partnership)
    agreement = Agreement(
        partnership=partnership,
        template=template,
        version=_next_version(partnership),
        created_by=user,
    )
    agreement.full_clean()
    agreement.save()
    template_sections = list(template.sections.prefetch_related("questions"))
    written = template.written_in(partnership.document_language)
    sections = AgreementSection.objects.bulk_create(
        _emptiness_set(
            AgreementSection(
                agreement=agreement,
                template_section=ts,
                number=ts.number,
                title=ts.title_in(partnership.document_language),
                position=ts.position,
                structured=structured.initial(ts.structured, written, partnership),
            )
            for ts in template_sections
        )
    )
    revisions_keep(sections=sections, author=user)
    QuestionAnswer.objects.bulk_create(
        QuestionAnswer(section=section, question=question)
        for section, ts in zip(sections, template_sections, strict=True)
        for question in ts.questions.all()
    )
    _record(agreement, AgreementEvent.Kind.CREATED, user, detail=str(template))
    return agreement


def _emptiness_set(sections):
    """The new sections, each with ``is_empty`` set from its content (for bulk_create)."""
    sections = list(sections)
    for section in sections:
        section.is_empty = section_is_empty(section)
    return sections


@transaction.atomic
def sections_emptiness_rebuild() -> int:
    """Every section's ``is_empty`` derived again from its content (``manage.py
    summaries_rebuild``); returns how many were wrong."""
    wrong = []
    for section in AgreementSection.objects.select_related("template_section").iterator(
        chunk_size=2000
    ):
        empty = section_is_empty(section)
        if section.is_empty != empty:
            section.is_empty = empty
            wrong.append(section)
    AgreementSection.objects.bulk_update(wrong, ["is_empty"], batch_size=1000)
    return len(wrong)


@transaction.atomic
def agreement_start_revision(*, agreement: Agreement, user) -> Agreement:
    """A new version that starts as a copy of the one in force, answers and all."""
    _require_editor(user, agreement)
    if agreement.status != Status.IN_FORCE:
        raise ValidationError(_("Only the agreement in force can be revised."))
    _require_no_open_agreement(agreement.partnership)
    revision = Agreement(
        partnership=agreement.partnership,
        template=agreement.template,
        version=_next_version(agreement.partnership),
        based_on=agreement,
        created_by=user,
    )
    revision.full_clean()
    revision.save()
    old_sections = list(
        agreement.sections.select_related("template_section").prefetch_related("answers")
    )
    new_sections = AgreementSection.objects.bulk_create(
        _emptiness_set(
            AgreementSection(
                agreement=revision,
                template_section=s.template_section,
                number=s.number,
                title=s.title,
                position=s.position,
                body=s.body,
                structured=_revised_structured(s),
            )
            for s in old_sections
        )
    )
    revisions_keep(sections=new_sections, author=user)
    QuestionAnswer.objects.bulk_create(
        QuestionAnswer(section=new, question_id=a.question_id, status=a.status, note=a.note)
        for old, new in zip(old_sections, new_sections, strict=True)
        for a in old.answers.all()
    )
    _record(
        revision,
        AgreementEvent.Kind.REVISION_STARTED,
        user,
        detail=Text(gettext_noop("from version %(version)s"), {"version": agreement.version}),
    )
    for old, new in zip(old_sections, new_sections, strict=True):
        if old.structured != new.structured:
            _record(
                revision,
                AgreementEvent.Kind.SECTION_EDITED,
                user,
                section=new,
                detail=Text(
                    gettext_noop(
                        "%(number)s: the dates of the agreement in force are cleared; set when "
                        "this version applies"
                    ),
                    {"number": new.number},
                ),
            )
    return revision


def _revised_structured(section: AgreementSection) -> dict:
    """The structured part a revision starts from. Point 9.0's start date (and an end date
    already passed) belong to the agreement in force: copied, a revision signed today would
    apply from years ago and its evaluation be overdue on the day it was signed. They are
    cleared, so the parties set them (and approve 9.0) for the new version."""
    if _kind(section) != structured.VALIDITY:
        return section.structured
    data = {**section.structured, "valid_from": None}
    valid_to = data.get("valid_to")
    if valid_to and dt.date.fromisoformat(valid_to) <= timezone.localdate():
        data["valid_to"] = None
    return data


@transaction.atomic
def agreement_submit_for_negotiation(*, agreement: Agreement, user) -> Agreement:
    agreement = _lock_agreement(agreement)
    _require_editor(user, agreement)
    if agreement.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent to negotiation."))
    _set_status(agreement, Status.NEGOTIATION, user)
    return agreement


@transaction.atomic
def agreement_section_update(
    *,
    section: AgreementSection,
    user,
    title: str,
    body: str,
    structured_data: dict | None,
    expected_revision: int,
) -> list[str]:
    """Save a section. Refused with EditConflict if someone saved it since `expected_revision`.
    A real change withdraws both sides' approvals; returns the sides whose approval went.
    Saving clears the import's marks: the editor has checked what it filled in."""
    agreement = _lock_agreement(section.agreement)
    current = AgreementSection.objects.select_for_update().get(pk=section.pk)
    _require_editor(user, agreement)
    _require_editable(agreement)
    if current.revision != expected_revision:
        raise EditConflict(current)
    body, data = section_content_clean(
        current, body=body, structured_data=structured_data, template=agreement.written_template
    )
    if (title, body, data) == (current.title, current.body, current.structured):
        if current.imported_fields:  # saved as the import left it: the editor has checked it
            current.imported_fields = []
            current.save(update_fields=["imported_fields"])
        return []
    current.title, current.body, current.structured = title, body, data
    current.imported_fields = []
    current.is_empty = section_is_empty(current)
    current.revision += 1
    current.updated_by, current.updated_at = user, timezone.now()
    current.full_clean()
    current.save(update_fields=["title", *SECTION_TEXT_FIELDS])
    revisions_keep(sections=[current], author=user)
    withdrawn = _withdraw_all_approvals(current, user)
    _record(
        agreement,
        AgreementEvent.Kind.SECTION_EDITED,
        user,
        section=current,
        detail=f"{current.number} {current.title}",
    )
    _settle_status(agreement, user)
    if withdrawn:
        notify_section_changed(agreement=agreement, section=current, actor=user)
    return withdrawn


def _withdraw_all_approvals(section: AgreementSection, user) -> list[str]:
    approvals = list(section.approvals.all())
    for approval in approvals:
        _record(
            section.agreement,
            AgreementEvent.Kind.APPROVAL_WITHDRAWN,
            user,
            section=section,
            detail=Text(
                gettext_noop("%(side)s: the section was changed"),
                {"side": Text.label(Side(approval.side).label)},
            ),
        )
    approvals_withdraw(approvals=approvals, user=user, reason=WithdrawnApproval.Reason.EDITED)
    return [a.side for a in approvals]


@transaction.atomic
def agreement_section_approve(
    *,
    section: AgreementSection,
    user,
    side: str,
    expected_revision: int | None = None,
    expected_hash: str | None = None,
) -> SectionApproval:
    """`side` approves the section's text as it stands: the revision and hash the user saw
    (StaleContent if it changed since); the approval records which text it approves."""
    agreement = _lock_agreement(section.agreement)
    current = AgreementSection.objects.select_for_update().get(pk=section.pk)
    if not agreement_access(user, agreement).may_approve_for(side):
        raise PermissionDenied
    _require_current(current, expected_revision, expected_hash)
    if agreement.status not in (Status.DRAFT, Status.NEGOTIATION):
        raise ValidationError(_("The agreement is not open for approval."))
    if not current.body.strip() and structured.is_empty(_kind(current), current.structured):
        raise ValidationError(_("An empty section cannot be approved. Write its text first."))
    approval, created = SectionApproval.objects.get_or_create(
        section=current,
        side=side,
        defaults={
            "approved_by": user,
            "section_revision": current.revision,
            "content_hash": section_content_hash(current),
        },
    )
    if created:
        _record(
            agreement,
            AgreementEvent.Kind.APPROVED,
            user,
            section=current,
            detail=Text.joined(
                Text.plain(current.number), Text.label(Side(approval.side).label), sep=" – "
            ),
        )
        if agreement.status == Status.DRAFT:
            _set_status(agreement, Status.NEGOTIATION, user)
        _settle_status(agreement, user)

        notify_section_approved(agreement=agreement, section=current, side=side, actor=user)
    return approval


@transaction.atomic
def agreement_section_withdraw_approval(
    *,
    section: AgreementSection,
    user,
    side: str,
    expected_revision: int | None = None,
    expected_hash: str | None = None,
) -> None:
    """`side` takes back its approval of the text the user saw (StaleContent if it changed)."""
    agreement = _lock_agreement(section.agreement)
    current = AgreementSection.objects.select_for_update().get(pk=section.pk)
    if not agreement_access(user, agreement).may_approve_for(side):
        raise PermissionDenied
    _require_editable(agreement)
    _require_current(current, expected_revision, expected_hash)
    approval = SectionApproval.objects.filter(section=section, side=side).first()
    if approval is None:
        return
    approvals_withdraw(approvals=[approval], user=user, reason=WithdrawnApproval.Reason.WITHDRAWN)
    _record(
        agreement,
        AgreementEvent.Kind.APPROVAL_WITHDRAWN,
        user,
        section=section,
        detail=Text.joined(
            Text.plain(section.number), Text.label(Side(approval.side).label), sep=" – "
        ),
    )
    _settle_status(agreement, user)


@transaction.atomic
def agreement_section_add(
    *, agreement: Agreement, user, title: str, number: str = ""
) -> AgreementSection:
    """The agreement's own section (e.g. 'Kommunikasjon'), placed last."""
    agreement = _lock_agreement(agreement)
    _require_editor(user, agreement)
    _require_editable(agreement)
    sections = agreement.sections.all()
    if not number:
        top = max((int(s.number.split(".")[0]) for s in sections), default=0)
        number = f"{top + 1}.0"
    if not SECTION_NUMBER.match(number):
        raise ValidationError({"number": _("Write the number as e.g. 10.0 or 3.9.")})
    position = (sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = AgreementSection(
        agreement=agreement,
        number=number,
        title=title,
        position=position,
        updated_by=user,
        updated_at=timezone.now(),
    )
    section.full_clean()
    section.save()
    revisions_keep(sections=[section], author=user)
    _record(
        agreement,
        AgreementEvent.Kind.SECTION_ADDED,
        user,
        section=section,
        detail=f"{number} {title}",
    )
    _settle_status(agreement, user)
    return section


@transaction.atomic
def agreement_section_move(*, section: AgreementSection, user, direction: str) -> None:
    """Swap the section with its neighbour above ('up') or below ('down')."""
    agreement = _lock_agreement(section.agreement)
    _require_editor(user, agreement)
    _require_editable(agreement)
    current = AgreementSection.objects.get(pk=section.pk)
    siblings = agreement.sections.order_by("position")
    neighbour = (
        siblings.filter(position__lt=current.position).last()
        if direction == "up"
        else siblings.filter(position__gt=current.position).first()
    )
    if neighbour is None:
        return
    current.position, neighbour.position = neighbour.position, current.position
    current.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])
    _record(
        agreement,
        AgreementEvent.Kind.SECTION_MOVED,
        user,
        section=current,
        detail=f"{current.number} {current.title}",
    )


@transaction.atomic
def agreement_section_remove(*, section: AgreementSection, user) -> None:
    agreement = _lock_agreement(section.agreement)
    _require_editor(user, agreement)
    _require_editable(agreement)
    if not section.is_custom:
        raise ValidationError(
            _("The veileder's points cannot be removed, only the agreement's own sections.")
        )
    _record(
        agreement,
        AgreementEvent.Kind.SECTION_REMOVED,
        user,
        detail=f"{section.number} {section.title}",
    )
    section.delete()
    _settle_status(agreement, user)


@transaction.atomic
def question_answer_update(
    *,
    answer: QuestionAnswer,
    user,
    status: str,
    note: str,
    expected_revision: int | None = None,
    expected_hash: str | None = None,
) -> QuestionAnswer:
    """Answer a question of a section, about the section's text the user saw (StaleContent
    if it changed since)."""
    agreement = _lock_agreement(answer.section.agreement)
    section = AgreementSection.objects.select_for_update().get(pk=answer.section_id)
    _require_editor(user, agreement)
    _require_editable(agreement)
    _require_current(section, expected_revision, expected_hash)
    answer.status, answer.note = status, note.strip()
    answer.updated_by, answer.updated_at = user, timezone.now()
    answer.full_clean()
    answer.save(update_fields=["status", "note", "updated_by", "updated_at"])
    _record(
        agreement,
        AgreementEvent.Kind.QUESTION_ANSWERED,
        user,
        section=answer.section,
        detail=Text.joined(
            Text.label(QuestionAnswer.Status(answer.status).label),
            # The question as the partnership's pages show it: in its document language.
            Text.plain(answer.question.text_in(agreement.partnership.document_language)),
            sep=": ",
        ),
    )
    return answer


@transaction.atomic
def attachment_add(*, agreement: Agreement, user, kind: str, title: str, upload) -> Attachment:
    """Store a vedlegg after checking that it really is a readable PDF within the size limit."""
    agreement = _lock_agreement(agreement)
    _require_editor(user, agreement)
    _require_editable(agreement)
    attachment = Attachment(
        agreement=agreement,
        kind=kind,
        title=title,
        original_name=upload.name[:255],
        uploaded_by=user,
    )
    pdf_upload_store(attachment, upload)
    attachment.full_clean()
    attachment.save()
    _record(agreement, AgreementEvent.Kind.ATTACHMENT_ADDED, user, detail=title)
    return attachment


@transaction.atomic
def attachment_publicity_set(*, attachment: Attachment, user, basis: str, provision: str = ""):
    """Mark a vedlegg exempt from public access (``basis`` "" = public): an editor, at any
    time, also after signing — the text agreed on does not change, only what is published."""
    agreement = _lock_agreement(attachment.agreement)
    _require_editor(user, agreement)
    current = Attachment.objects.select_for_update().get(pk=attachment.pk)
    current.exempt_basis, current.exempt_provision = basis, provision
    try:
        current.exemption_full_clean()
    except ValidationError as error:
        raise ValidationError(
            {name.removeprefix("exempt_"): m for name, m in error.message_dict.items()}
        ) from error
    current.save(update_fields=["exempt_basis", "exempt_provision"])
    detail = current.title
    if current.is_exempt:
        detail += f" ({current.exemption_reference})"
    _record(agreement, AgreementEvent.Kind.ATTACHMENT_PUBLICITY, user, detail=detail)
    return current


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user) -> None:
    agreement = _lock_agreement(attachment.agreement)
    _require_editor(user, agreement)
    _require_editable(agreement)
    _record(agreement, AgreementEvent.Kind.ATTACHMENT_REMOVED, user, detail=attachment.title)
    name = attachment.file.name
    attachment.delete()
    file_release_on_commit(attachment.file, lambda: Attachment.objects.filter(file=name).exists())


def _kind(section: AgreementSection) -> str | None:
    return section.template_section.structured if section.template_section is not None else None


def section_content_clean(
    section: AgreementSection, *, body: str, structured_data: dict | None, template
) -> tuple[str, dict]:
    """A text as it may be saved for the section, or proposed for it: the HTML sanitised and
    the structured part checked for the section's kind (ValidationError names what is wrong).
    """
    kind = _kind(section)
    clean_body = sanitize_html(body or "")
    data = (
        structured.validate(kind, structured_data or {}, template) if kind else section.structured
    )
    return clean_body, data


def _next_version(partnership: Partnership) -> int:
    latest = partnership.agreements.aggregate(m=Max("version"))["m"]
    return (latest or 0) + 1


def _require_no_open_agreement(partnership: Partnership) -> None:
    if partnership.agreements.filter(
        status__in=Agreement.OPEN_STATUSES + (Status.SIGNED,)
    ).exists():
        raise ValidationError(_("The partnership already has an agreement being prepared."))


def _require_editor_of_partnership(user, partnership: Partnership) -> None:
    if not partnership_access(user, partnership).can_edit:
        raise PermissionDenied
