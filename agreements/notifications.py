"""What the agreements app tells people of, in its own words; oversight delivers it."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from navpartner.notifications import Kind, notify, told
from partnerships.models import OWNER_SIDES, Partnership, Side
from partnerships.selectors import partnership_access, partnership_member_accesses

from .models import SectionApproval


def _partnership(agreement) -> Partnership:
    """The agreement's partnership with what its name and its members need; one query."""
    return Partnership.objects.select_related("office", "municipal_party", "state_party").get(
        pk=agreement.partnership_id
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def notify_section_approved(*, agreement, section, side: str, actor) -> int:
    """One side approved a section: tell those who may approve for the other side, once a
    day per agreement and side (counting the sections approved that day)."""
    partnership = _partnership(agreement)
    other = next(s for s in OWNER_SIDES if s != side)
    users = [
        user
        for user, access in partnership_member_accesses(partnership).items()
        if access.can_approve_for(other) and user.pk != actor.pk
    ]
    today = timezone.localdate()
    count = SectionApproval.objects.filter(
        section__agreement=agreement, side=side, approved_at__date=today
    ).count()
    values = {
        "side": Side(side).label,
        "section": f"{section.number} {section.title}",
        "partnership": partnership,
        "count": count,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if count > 1:
            message = _(
                "%(side)s approved %(count)s points of the partnership agreement for "
                "%(partnership)s today."
            )
        else:
            message = _(
                "%(side)s approved point %(section)s of the partnership agreement for "
                "%(partnership)s."
            )
        message %= values
    if count > 1:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return notify(
        users=users,
        kind=Kind.SECTION_APPROVED,
        occasion=f"agreement:{agreement.pk}:approved:{side}:{today}",
        message=message,
        url=url,
        gather=True,
    )


def notify_section_changed(*, agreement, section, actor) -> int:
    """A section was changed and its approvals withdrawn: tell those who may approve for the
    sides the actor is not on (both, when the NAV-leder changed it); once a day per
    agreement and person who changed it."""
    partnership = _partnership(agreement)
    accesses = partnership_member_accesses(partnership)
    own_sides = next((a.sides for u, a in accesses.items() if u.pk == actor.pk), set())
    if not own_sides:
        own_sides = partnership_access(actor, partnership).sides
    other_sides = set(OWNER_SIDES) - own_sides
    users = [
        user
        for user, access in accesses.items()
        if user.pk != actor.pk and any(access.can_approve_for(s) for s in other_sides)
    ]
    occasion = f"agreement:{agreement.pk}:changed:{actor.pk}:{timezone.localdate()}"
    again = told(kind=Kind.SECTION_CHANGED, occasion=occasion)
    values = {
        "name": _name(actor),
        "section": f"{section.number} {section.title}",
        "partnership": partnership,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if again:
            message = _(
                "%(name)s changed several points of the partnership agreement for "
                "%(partnership)s today; they must be approved again."
            )
        else:
            message = _(
                "%(name)s changed point %(section)s of the partnership agreement for "
                "%(partnership)s; it must be approved again."
            )
        message %= values
    if again:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return notify(
        users=users, kind=Kind.SECTION_CHANGED, occasion=occasion, message=message, url=url
    )


def notify_agreement_signed(*, agreement, actor) -> int:
    """Both parties have signed: tell every member of the partnership."""
    partnership = _partnership(agreement)
    users = [user for user in partnership_member_accesses(partnership) if user.pk != actor.pk]
    with translation.override(settings.LANGUAGE_CODE):
        message = _(
            "The partnership agreement for %(partnership)s, version %(version)s, is signed "
            "by both parties."
        ) % {"partnership": partnership, "version": agreement.version}
    return notify(
        users=users,
        kind=Kind.AGREEMENT_SIGNED,
        message=message,
        url=reverse("agreements:agreement_detail", args=[agreement.pk]),
    )
