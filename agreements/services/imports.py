"""An agreement from a Word file that was read (``agreements.docx_import``): a new draft, or a
revision of the agreement in force, with each part's text in the point it was mapped to."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from navpartner.texts import Text, gettext_noop
from partnerships.models import Partnership
from partnerships.services import partnership_changed

from .. import structured
from ..docx_import import ImportedDocument, import_structured_propose, normal_number
from ..models import Agreement, AgreementEvent, AgreementSection, VeilederTemplate
from ..richtext import sanitize_html
from ..selectors.agreements import section_is_empty
from ..selectors.docx_imports import docx_import_target
from .agreements import (
    SECTION_NUMBER,
    SECTION_TEXT_FIELDS,
    _require_editor_of_partnership,
    agreement_create,
    agreement_start_revision,
)
from .revisions import revisions_keep

Kind = AgreementEvent.Kind


@transaction.atomic
def agreement_import_docx(
    *,
    partnership: Partnership,
    user,
    document: ImportedDocument,
    mapping: dict[str, int | None],
) -> Agreement:
    """A new draft (agreement_create's rules) or, when an agreement is in force, a revision
    (agreement_start_revision's rules), with the document's text:

    * a part mapped to a veileder point (``mapping``: part key -> TemplateSection pk) becomes
      that point's text; the point keeps its title;
    * an unmapped part becomes the agreement's own point with its title, placed after the
      point the part before it went to (first, if none did), numbered as in the file when
      that number is free, else after that point (2.1 → 2.2). In a revision, an own point of
      the same title already in the agreement gets the text instead of a second copy;
    * veileder points that get nothing keep the template's (or the version in force's) text.

    What a mapped point's text states plainly for its structured part (9.0's dates, 3.1's
    meetings a year) is filled in, and its event names the fields, so the parties check it
    before they approve the point; nothing is approved by the import. Each point written gets
    an IMPORTED event (its number and title), the agreement one more. Raises ValidationError
    for a mapping that is not complete, names a point of another template or one point twice.

    Queries do not grow with the number of parts: the creation's, then the sections (one),
    the new own points (one insert), the changed points (one update), their kept texts (one
    insert) and the events (one insert)."""
    _require_editor_of_partnership(user, partnership)
    target = docx_import_target(partnership)
    template = target.template
    if template is None:
        raise ValidationError(_("No veileder template is loaded."), code="no_template")
    _mapping_check(document, mapping, template)
    if target.in_force is not None:
        agreement = agreement_start_revision(agreement=target.in_force, user=user)
    else:
        agreement = agreement_create(partnership=partnership, user=user, template=template)
    _sections_write(agreement, user, document, mapping)
    return agreement


def _mapping_check(
    document: ImportedDocument, mapping: dict[str, int | None], template: VeilederTemplate
) -> None:
    """Every part key present (and no other), each point of ``template`` at most once. One
    query (the template's points)."""
    if set(mapping) != {part.key for part in document.parts}:
        raise ValidationError(
            _("Choose where each part of the file goes."), code="mapping_incomplete"
        )
    points = {point.pk: point for point in template.sections.all()}
    taken: set[int] = set()
    for pk in mapping.values():
        if pk is None:
            continue
        if pk not in points:
            raise ValidationError(
                _("A part is mapped to a point that is not in the veileder."),
                code="mapping_unknown",
            )
        if pk in taken:
            raise ValidationError(
                _(
                    "Two parts of the file are assigned to %(point)s. A veileder point can "
                    "take the text of one part only: choose another point for one of them, or "
                    "keep it as an own point."
                )
                % {"point": f"{points[pk].number} {points[pk].title}"},
                code="mapping_twice",
            )
        taken.add(pk)


def _sections_write(agreement, user, document, mapping) -> None:
    now = timezone.now()
    sections = list(
        agreement.sections.select_related("template_section").order_by("position", "pk")
    )
    by_point = {s.template_section_id: s for s in sections if s.template_section_id}
    own_by_title = {_title_key(s.title): s for s in sections if s.is_custom}
    numbers = {s.number for s in sections}
    ordered = list(sections)
    changed: dict[int, AgreementSection] = {}
    created: list[AgreementSection] = []
    details: dict[int, list[str]] = {}  # id() of each section written -> fields filled in
    anchor: AgreementSection | None = None
    for index, part in enumerate(document.parts):
        body = sanitize_html(part.html)
        point = mapping[part.key]
        if point is not None:
            section = by_point[point]
            proposed = _structured_proposed(section, body, agreement.written_template)
            if body != section.body or proposed != section.structured:
                filled = _fields_changed(section.structured, proposed)
                details[id(section)] = filled
                section.imported_fields = sorted({*section.imported_fields, *filled})
                section.body, section.structured = body, proposed
                changed[section.pk] = section
            anchor = section
            continue
        existing = own_by_title.pop(_title_key(part.title), None)
        if existing is not None:
            if body != existing.body:
                existing.body = body
                changed[existing.pk] = existing
                details[id(existing)] = []
            anchor = existing
            continue
        number = _own_number(part.number, anchor, numbers)
        numbers.add(number)
        section = AgreementSection(
            agreement=agreement,
            number=number,
            title=(part.title or number)[:200],
            position=0,
            body=body,
            revision=1,
            updated_by=user,
            updated_at=now,
        )
        section.clean_fields(exclude=["agreement", "template_section", "updated_by"])
        created.append(section)
        details[id(section)] = []
        following = next(
            (mapping[p.key] for p in document.parts[index + 1 :] if mapping[p.key]), None
        )
        _insert(ordered, section, anchor, by_point.get(following))
        anchor = section
    for section in changed.values():
        section.revision += 1
        section.updated_by, section.updated_at = user, now
        section.clean_fields(exclude=["agreement", "template_section", "updated_by"])
    for position, section in enumerate(ordered, start=1):
        if section.pk is not None and section.position != position:
            changed[section.pk] = section
        section.position = position
    for section in [*created, *changed.values()]:
        section.is_empty = section_is_empty(section)
    AgreementSection.objects.bulk_create(created)
    AgreementSection.objects.bulk_update(
        list(changed.values()),
        [*SECTION_TEXT_FIELDS, "position"],
    )
    written = [s for s in ordered if id(s) in details]
    revisions_keep(sections=written, author=user)
    partnership_changed(partnership_id=agreement.partnership_id)
    AgreementEvent.objects.bulk_create(
        [AgreementEvent(agreement=agreement, kind=Kind.IMPORTED, actor=user, at=now)]
        + [
            AgreementEvent(
                agreement=agreement,
                kind=Kind.IMPORTED,
                actor=user,
                section=s,
                text=_imported_detail(s, details[id(s)]).to_json(),
                at=now,
            )
            for s in written
        ]
    )


def _insert(ordered: list, section: AgreementSection, anchor, following) -> None:
    """Place a new own point after ``anchor`` (the point the part before it went to) and
    before ``following`` (the point the next mapped part goes to), among the points between
    them by its number: "2.2 Kommunikasjon" after 2.0 and before 3.0 lands after 2.1."""
    start = _index(ordered, anchor) + 1 if anchor is not None else 0
    end = _index(ordered, following) if following is not None else len(ordered)
    key = _number_key(section.number)
    at = start
    for i in range(start, max(start, end)):
        if _number_key(ordered[i].number) <= key:
            at = i + 1
    ordered.insert(at, section)


def _index(ordered: list, section: AgreementSection) -> int:
    return next(i for i, s in enumerate(ordered) if s is section)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(n) for n in number.split(".") if n.isdigit())


def _structured_proposed(section: AgreementSection, body: str, template) -> dict:
    """The section's structured part with what its new text states plainly (when that passes
    validation; otherwise unchanged)."""
    kind = section.template_section.structured if section.template_section else None
    found = import_structured_propose(kind, body)
    if kind is None or not found:
        return section.structured
    try:
        return structured.validate(kind, {**section.structured, **found}, template)
    except ValidationError:
        return section.structured


def _fields_changed(before: dict, after: dict) -> list[str]:
    """The structured fields the import filled in (their keys)."""
    return [key for key in sorted(after) if before.get(key) != after[key]]


def _imported_detail(section: AgreementSection, fields: list[str]) -> Text:
    """ "3.1 Title", and which fields the text filled in, by their labels in the editor."""
    point = Text.plain(f"{section.number} {section.title}")
    if not fields:
        return point
    kind = section.template_section.structured if section.template_section else None
    labels = Text.joined(*(structured.field_label(kind, key) for key in fields), sep=", ")
    filled = Text(gettext_noop("filled in from the file, to check: %(fields)s"), {"fields": labels})
    return Text.joined(point, filled, sep=" – ")


def _title_key(title: str) -> str:
    return " ".join(title.lower().split())


def _own_number(number: str, anchor: AgreementSection | None, taken: set[str]) -> str:
    """The number as in the file when it is free; else the next free one after ``anchor``
    (2.1 → 2.2, 2.3 …; 0.1 before the first point); else after the highest point (10.0)."""
    if number:
        as_written = normal_number(number)
        if SECTION_NUMBER.match(as_written) and as_written not in taken:
            return as_written
    major, minor = (int(n) for n in anchor.number.split(".")) if anchor is not None else (0, 0)
    for candidate in range(minor + 1, 100):
        if f"{major}.{candidate}" not in taken:
            return f"{major}.{candidate}"
    top = max((int(n.split(".")[0]) for n in taken), default=0)
    return f"{top + 1}.0"
