"""The same veileder point in the other agreements in force that a user may see: how the
other partnerships of a county (or the bydeler of Oslo) wrote it."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from partnerships.selectors import user_memberships

from .. import structured
from ..models import Agreement, AgreementSection
from ..redline import redline_html
from .access import agreements_visible_to


@dataclass(frozen=True)
class PointElsewhere:
    section: AgreementSection
    text: SafeString
    redline: SafeString


def section_text(section: AgreementSection) -> SafeString:
    """The section as it reads: its text, then its structured part in its partnership's
    document language (reads section.template_section and section.agreement.partnership)."""
    kind = section.template_section.structured if section.template_section else None
    language = section.agreement.partnership.document_language
    return mark_safe(section.body + structured.render(kind, section.structured, language))  # noqa: S308


def may_see_other_partnerships(user) -> bool:
    """Whether the user may see more than one partnership: a county or municipality
    membership covers several, as do memberships of two partnerships (the memberships are
    cached on the user: no query once the gate has run)."""
    memberships = user_memberships(user)
    return any(m.partnership_id is None for m in memberships) or (
        len({m.partnership_id for m in memberships}) > 1
    )


def same_point_elsewhere(user, section: AgreementSection) -> QuerySet[AgreementSection]:
    """The point with the same veileder number in every other agreement in force the user
    may see (through the access layer, as everywhere), by partnership. Empty for the
    agreement's own points, which have no veileder number to match."""
    if section.template_section is None:
        return AgreementSection.objects.none()
    return (
        AgreementSection.objects.filter(
            agreement__in=agreements_visible_to(user).filter(status=Agreement.Status.IN_FORCE),
            template_section__number=section.template_section.number,
        )
        .exclude(agreement_id=section.agreement_id)
        .select_related(
            "template_section",
            "agreement__partnership__office",
            "agreement__partnership__municipal_party",
            "agreement__partnership__state_party",
        )
        .order_by(
            "agreement__partnership__state_party__name",
            "agreement__partnership__municipal_party__name",
            "agreement__partnership__office__name",
        )
    )


def points_elsewhere(section: AgreementSection, others) -> list[PointElsewhere]:
    """Each other agreement's point as it reads, and as a redline from this one's text."""
    own = section_text(section)
    rows = []
    for other in others:
        text = section_text(other)
        rows.append(PointElsewhere(section=other, text=text, redline=redline_html(own, text)))
    return rows
