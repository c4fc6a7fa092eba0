"""Reads of agreements the caller already passed through the gate (selectors/access.py)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
)

from navpartner.links import path_maker
from partnerships.models import OWNER_SIDES, Membership, Partnership

from .. import structured
from ..models import (
    Agreement,
    AgreementEvent,
    AgreementSection,
    Attachment,
    Comment,
    QuestionAnswer,
    SectionApproval,
    StructuredKind,
    Suggestion,
    VeilederTemplate,
)
from ..redline import has_changes, redlines
from .access import AgreementAccess
from .comments import agreement_comments_visible_to


@dataclass
class SectionRow:
    section: AgreementSection
    approved_sides: set[str]
    open_questions: int
    total_questions: int
    is_empty: bool
    url: str = ""  # the section's page

    @property
    def fully_approved(self) -> bool:
        return self.approved_sides >= set(OWNER_SIDES)


def agreement_section_rows(agreement: Agreement) -> list[SectionRow]:
    """Every section with its approvals, question counts and link: two queries, however
    many. Emptiness is the stored ``AgreementSection.is_empty``; the sections' text and their
    veileder points' guidance and translations, which the list does not show, are not read.

    Ordered by position only: the models' default orderings (section by agreement, agreement
    by partnership, partnership by its parties' names) would join four tables to each query
    for nothing within one agreement, and PostgreSQL plans every join."""
    sections = (
        agreement.sections.select_related("template_section")
        .defer("body", "template_section__guidance", "template_section__translations")
        .annotate(
            open_questions=Count("answers", filter=Q(answers__status=QuestionAnswer.Status.OPEN)),
            total_questions=Count("answers"),
        )
        .prefetch_related(Prefetch("approvals", queryset=SectionApproval.objects.order_by()))
        .order_by("position")
    )
    section_url = path_maker("agreements:section_detail", 2)
    return [
        SectionRow(
            section=s,
            approved_sides={a.side for a in s.approvals.all()},
            open_questions=s.open_questions,
            total_questions=s.total_questions,
            is_empty=s.is_empty,
            url=section_url(agreement.pk, s.pk),
        )
        for s in sections
    ]


def section_is_empty(section: AgreementSection) -> bool:
    """No text and nothing meaningful in the structured part. Reads the section's veileder
    point (select it with the section); stored as ``AgreementSection.is_empty``."""
    ts = section.template_section
    kind = ts.structured if ts is not None else None
    return not section.body.strip() and structured.is_empty(kind, section.structured)


@dataclass
class Completeness:
    """What an agreement still lacks. ``open_questions`` counts the questions not dealt with;
    the agreement page (``agreement_completeness`` with ``access``) also names each of them
    (``questions``) and the open threads and suggestions the user may see."""

    empty_sections: list[AgreementSection] = field(default_factory=list)
    open_questions: int = 0
    missing_attachments: list[dict] = field(default_factory=list)
    awaiting: dict[str, list[AgreementSection]] = field(default_factory=dict)
    questions: list[QuestionAnswer] = field(default_factory=list)
    threads: list[Comment] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not (
            self.empty_sections
            or self.open_questions
            or self.missing_attachments
            or any(self.awaiting.values())
            or self.threads
            or self.suggestions
        )


@dataclass
class CompletenessCounts:
    """What an agreement still lacks, counted: what pages across many agreements show."""

    empty_sections: int = 0
    open_questions: int = 0
    missing_attachments: list[dict] = field(default_factory=list)
    awaiting: dict[str, int] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        """Empty sections, open questions, missing attachments and approvals to come."""
        return (
            self.empty_sections
            + self.open_questions
            + len(self.missing_attachments)
            + sum(self.awaiting.values())
        )

    @property
    def is_complete(self) -> bool:
        return not self.missing


def agreement_completeness(
    agreement: Agreement,
    rows: list[SectionRow],
    attachments: list[Attachment],
    *,
    access: AgreementAccess | None = None,
) -> Completeness:
    """What is still missing, from data the page already loaded (no queries). With the
    user's ``access`` (the agreement page), each open question, open thread the user may see
    (selectors/comments.py decides which) and open suggestion is named too: three queries,
    however many there are."""
    delegated = any(
        r.section.template_section is not None
        and r.section.template_section.structured == StructuredKind.DELEGATION
        and r.section.structured.get("delegated")
        for r in rows
    )
    missing = _missing_attachments(agreement, {a.kind for a in attachments}, delegated)
    completeness = Completeness(
        empty_sections=[r.section for r in rows if r.is_empty],
        open_questions=sum(r.open_questions for r in rows),
        missing_attachments=missing,
        awaiting={
            side: [r.section for r in rows if side not in r.approved_sides] for side in OWNER_SIDES
        },
    )
    if access is not None:
        sections = {r.section.pk: r.section for r in rows}
        completeness.questions = _with_sections(
            QuestionAnswer.objects.filter(
                section__agreement=agreement, status=QuestionAnswer.Status.OPEN
            )
            .select_related("question")
            .order_by("section__position", "question__position"),
            sections,
        )
        completeness.threads = _with_sections(
            agreement_comments_visible_to(agreement, access)
            .filter(thread__isnull=True, resolved_at__isnull=True)
            .order_by("section__position", "created_at", "pk"),
            sections,
        )
        completeness.suggestions = _with_sections(
            Suggestion.objects.filter(
                section__agreement=agreement, status=Suggestion.Status.OPEN
            ).order_by("section__position", "created_at", "pk"),
            sections,
        )
    return completeness


def _missing_attachments(agreement: Agreement, present: set[str], delegated: bool) -> list[dict]:
    """The template's required vedlegg the agreement lacks (the delegasjonsvedtak only when
    point 2.0 says tasks are delegated)."""
    return [
        item
        for item in agreement.template.attachments
        if item.get("required")
        and item["kind"] not in present
        and (item.get("required_when") != StructuredKind.DELEGATION or delegated)
    ]


def _with_sections(rows, sections: dict[int, AgreementSection]) -> list:
    """The rows, each given its section from those already loaded (no query per row)."""
    result = list(rows)
    for row in result:
        row.section = sections[row.section_id]
    return result


def agreement_events(agreement: Agreement):
    return agreement.events.select_related("actor", "section")


def agreement_attachments(agreement: Agreement) -> list[Attachment]:
    return list(agreement.attachments.select_related("uploaded_by"))


def partnership_agreements(partnership) -> list[Agreement]:
    return list(partnership.agreements.order_by("-version"))


def central_provisions(agreement: Agreement) -> dict[str, AgreementSection]:
    """The central agreement's sections in force, by veileder point number, for a local
    agreement under a central partnership (whose agreement prevails on conflict)."""
    parent = agreement.partnership.parent
    if parent is None:
        return {}
    sections = AgreementSection.objects.filter(
        agreement__partnership=parent,
        agreement__status=Agreement.Status.IN_FORCE,
        template_section__isnull=False,
    ).select_related("template_section", "agreement")
    return {s.template_section.number: s for s in sections if s.template_section is not None}


@dataclass
class SectionChange:
    section: AgreementSection
    previous: AgreementSection | None
    redline: str

    @property
    def is_new(self) -> bool:
        return self.previous is None

    @property
    def changed(self) -> bool:
        old = self.previous
        return (
            old is None
            or (old.title, old.structured) != (self.section.title, self.section.structured)
            or has_changes(old.body, self.section.body)
        )


def agreement_changes(agreement: Agreement) -> tuple[list[SectionChange], list[AgreementSection]]:
    """Each section against the version this one revises (matched by veileder point, else by
    number), and the sections that were removed. Two queries, and one cache read for the
    redlines (redlines)."""
    previous = {}
    if agreement.based_on is not None:
        previous = {
            (s.template_section_id or s.number): s for s in agreement.based_on.sections.all()
        }
    pairs = []
    for section in agreement.sections.all():
        pairs.append((section, previous.pop(section.template_section_id or section.number, None)))
    texts = redlines([(old.body if old else "", section.body) for section, old in pairs])
    changes = [
        SectionChange(section, old, text) for (section, old), text in zip(pairs, texts, strict=True)
    ]
    return changes, list(previous.values())


@dataclass
class OverviewRow:
    partnership: Partnership
    agreement: Agreement | None
    completeness: CompletenessCounts | None
    # The agreement in force (the same as ``agreement`` unless a revision is being worked on),
    # annotated with ``has_newer``: whether a newer version exists.
    in_force: Agreement | None = None


def agreement_status_rows(partnerships: Sequence[Partnership]) -> list[OverviewRow]:
    """For each of the given partnerships (already through the gate), in their order: the
    agreement being worked on (else the one in force), what it still lacks, and the one in
    force. Four queries however many partnerships and sections, none of which reads a
    section's text: the agreements, their veileder revisions, and those of
    agreement_counts."""
    newer = Agreement.objects.filter(
        partnership=OuterRef("partnership"), version__gt=OuterRef("version")
    )
    current: dict[int, Agreement] = {}
    in_force: dict[int, Agreement] = {}
    for agreement in Agreement.objects.filter(
        partnership__any=[p.pk for p in partnerships],
        status__in=[
            *Agreement.OPEN_STATUSES,
            Agreement.Status.SIGNED,
            Agreement.Status.IN_FORCE,
        ],
    ).annotate(has_newer=Exists(newer)):
        if agreement.status == Agreement.Status.IN_FORCE:
            in_force[agreement.partnership_id] = agreement
        # An agreement being worked on is more current than the one in force.
        if agreement.partnership_id not in current or agreement.status != Agreement.Status.IN_FORCE:
            current[agreement.partnership_id] = agreement
    # A handful of veileder revisions, each read once rather than once per agreement.
    everyone = [*current.values(), *in_force.values()]
    templates = VeilederTemplate.objects.in_bulk({a.template_id for a in everyone})
    for each in everyone:
        each.template = templates[each.template_id]
    counts = agreement_counts(list(current.values()))
    return [
        OverviewRow(
            partnership,
            current.get(partnership.pk),
            counts.get(current[partnership.pk].pk) if partnership.pk in current else None,
            in_force.get(partnership.pk),
        )
        for partnership in partnerships
    ]


_COUNTS = ("sections_total", "sections_empty", "questions_open", "delegated") + tuple(
    f"approved_{side}" for side in OWNER_SIDES
)


def _counted(ids: list[int]) -> dict[int, dict[str, int]]:
    """What agreement_counts reads of each agreement, by the same definitions as
    agreement_completeness (emptiness is the stored ``AgreementSection.is_empty``): one query
    that groups the agreements' sections, joined to their open questions and approvals (a
    few rows a section), so that its cost grows with the rows read whatever plan PostgreSQL
    picks. (Counted in a subquery per agreement, the questions and approvals were scanned
    once per agreement when the planner's statistics were stale, as after a bulk load:
    minutes for 200 partnerships.) An agreement without sections is absent."""
    delegation = Q(
        template_section__structured=StructuredKind.DELEGATION, structured__delegated=True
    )
    rows = (
        AgreementSection.objects.filter(agreement__any=ids)
        .order_by()
        .values("agreement_id")
        .annotate(
            sections_total=Count("pk", distinct=True),
            sections_empty=Count("pk", filter=Q(is_empty=True), distinct=True),
            questions_open=Count(
                "answers", filter=Q(answers__status=QuestionAnswer.Status.OPEN), distinct=True
            ),
            delegated=Count("pk", filter=delegation, distinct=True),
            **{
                f"approved_{side}": Count(
                    "approvals", filter=Q(approvals__side=side), distinct=True
                )
                for side in OWNER_SIDES
            },
        )
    )
    return {row.pop("agreement_id"): row for row in rows}


def agreement_counts(agreements: Sequence[Agreement]) -> dict[int, CompletenessCounts]:
    """What each agreement lacks, counted, by agreement id: two queries however many
    agreements, the counts (_counted) and the kinds of their attachments. Reads
    ``agreement.template``."""
    ids = [a.pk for a in agreements]
    counted = _counted(ids)
    none = dict.fromkeys(_COUNTS, 0)
    present: dict[int, set[str]] = defaultdict(set)
    for agreement_id, kind in (
        Attachment.objects.filter(agreement__any=ids)
        .order_by()
        .values_list("agreement", "kind")
        .distinct()
    ):
        present[agreement_id].add(kind)
    return {
        a.pk: CompletenessCounts(
            empty_sections=counts["sections_empty"],
            open_questions=counts["questions_open"],
            missing_attachments=_missing_attachments(a, present[a.pk], counts["delegated"] > 0),
            awaiting={
                side: counts["sections_total"] - counts[f"approved_{side}"] for side in OWNER_SIDES
            },
        )
        for a in agreements
        for counts in [counted.get(a.pk, none)]
    }


def agreement_text(agreement: Agreement) -> list[tuple[AgreementSection, str]]:
    """Every section with its structured part rendered as text in the partnership's document
    language, in agreement order; one query (reads agreement.partnership)."""
    language = agreement.partnership.document_language
    return [
        (
            s,
            structured.render(
                s.template_section.structured if s.template_section is not None else None,
                s.structured,
                language,
            ),
        )
        for s in agreement.sections.select_related("template_section")
    ]


#: What changes the text a draft shows, besides the sections' own ``updated_at``.
CONTENT_EVENTS = (
    AgreementEvent.Kind.CREATED,
    AgreementEvent.Kind.REVISION_STARTED,
    AgreementEvent.Kind.STATUS_CHANGED,
    AgreementEvent.Kind.SECTION_EDITED,
    AgreementEvent.Kind.SECTION_ADDED,
    AgreementEvent.Kind.SECTION_REMOVED,
    AgreementEvent.Kind.SECTION_MOVED,
    AgreementEvent.Kind.ATTACHMENT_ADDED,
    AgreementEvent.Kind.ATTACHMENT_REMOVED,
)


def agreement_content_changed_at(
    agreement: Agreement, sections: Sequence[AgreementSection], attachments: Sequence[Attachment]
) -> datetime:
    """When the text a print shows last changed: its status, a section's text or structured
    part, the order of the sections, the attachments. One query (the events)."""
    latest_event = agreement.events.filter(kind__in=CONTENT_EVENTS).aggregate(at=Max("at"))["at"]
    times = [agreement.status_changed_at, agreement.created_at, latest_event]
    times += [s.updated_at for s in sections]
    times += [a.uploaded_at for a in attachments]
    return max(t for t in times if t is not None)


def agreement_known_signatories(
    agreement: Agreement, sections: Sequence[AgreementSection]
) -> dict[str, dict[str, str]]:
    """Who is to sign for each side, by name and title, before anyone has: as point 1.0's
    structured part names them (the agreement's own record), else the partnership's one
    member with signing right on that side, when their name and title are known. One query
    (the memberships), and only when 1.0 leaves a side open."""
    known: dict[str, dict[str, str]] = {}
    for section in sections:
        if section.template_section and section.template_section.structured == (
            StructuredKind.PARTIES
        ):
            for row in (section.structured or {}).get("signatories") or []:
                side, name = row.get("side"), (row.get("name") or "").strip()
                if side in OWNER_SIDES and name and side not in known:
                    known[side] = {"name": name, "title": (row.get("title") or "").strip()}
    if len(known) < len(OWNER_SIDES):
        by_side: dict[str, list[Membership]] = {}
        for membership in agreement.partnership.memberships.filter(
            role=Membership.Role.SIGNATORY, side__in=OWNER_SIDES
        ).select_related("user"):
            by_side.setdefault(membership.side, []).append(membership)
        for side, memberships in by_side.items():
            name = memberships[0].user.get_full_name().strip()
            if side not in known and len(memberships) == 1 and name:
                known[side] = {"name": name, "title": memberships[0].title.strip()}
    return known


def agreement_document_context(agreement: Agreement, *, signatures=(), sha256="") -> dict:
    """Everything templates/pdf/agreement.html needs, and when its content last changed
    (``content_changed_at``); four queries."""
    sections = agreement_text(agreement)
    attachments = list(agreement.attachments.all())
    return {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "covered_municipalities": list(agreement.partnership.covered_municipalities.all()),
        "sections": sections,
        "attachments": attachments,
        "content_changed_at": agreement_content_changed_at(
            agreement, [s for s, _html in sections], attachments
        ),
        "signatures": list(signatures),
        "draft": agreement.status
        not in (
            Agreement.Status.SIGNED,
            Agreement.Status.IN_FORCE,
            Agreement.Status.REVISED,
            Agreement.Status.EXPIRED,
            Agreement.Status.TERMINATED,
        ),
        "sha256": sha256,
    }


def notice_months(agreement: Agreement) -> int:
    """The notice period agreed in point 9.0, in months."""
    section = agreement.sections.filter(
        template_section__structured=StructuredKind.VALIDITY
    ).first()
    return int((section.structured if section else {}).get("notice_months") or 0)
