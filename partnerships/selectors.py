"""Reads, and the one permission gate for partnerships.

Every view, download, API endpoint and task that touches a partnership (or anything that
belongs to one) asks this module. A user who may not see a partnership gets 404 — they learn
nothing of it; a user who may see but not change it gets 403 on writes.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.http import Http404

from .models import OWNER_SIDES, Membership, Municipality, Partnership

WRITE_ROLES = frozenset(
    {Membership.Role.EDITOR, Membership.Role.SIGNATORY, Membership.Role.SECRETARY}
)


def user_memberships(user) -> list[Membership]:
    """All of the user's memberships; one query, then cached on the user object."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_navpartner_memberships"):
        # Ordered without the default's join of the user's row (one user: their username).
        user._navpartner_memberships = list(
            Membership.objects.filter(user=user)
            .select_related("partnership", "county", "municipality")
            .order_by("side", "role", "pk")
        )
    return user._navpartner_memberships


def user_memberships_preload(user, memberships: list[Membership]) -> None:
    """Hand the user ALL their memberships, loaded in bulk for many users at once (e.g. the
    recipients of reminders), so that the access checks need no query per user."""
    user._navpartner_memberships = list(memberships)


@dataclass(frozen=True)
class PartnershipAccess:
    """What one user may do in one partnership, and through which memberships."""

    partnership: Partnership
    memberships: tuple[Membership, ...]
    via_covered_municipality: bool = False

    @property
    def roles(self) -> set[str]:
        if self.via_covered_municipality:
            return {Membership.Role.MEMBER}
        return {m.role for m in self.memberships}

    @property
    def sides(self) -> set[str]:
        return {m.side for m in self.memberships}

    @property
    def can_view(self) -> bool:
        return bool(self.memberships)

    @property
    def can_edit(self) -> bool:
        return bool(self.roles & WRITE_ROLES)

    @property
    def can_sign(self) -> bool:
        return Membership.Role.SIGNATORY in self.roles

    @property
    def is_secretary(self) -> bool:
        return Membership.Role.SECRETARY in self.roles

    def can_sign_for(self, side: str) -> bool:
        """May sign on behalf of `side` (a signatory of that side)."""
        return (
            side in OWNER_SIDES
            and not self.via_covered_municipality
            and any(
                m.side == side and m.role == Membership.Role.SIGNATORY for m in self.memberships
            )
        )

    def can_approve_for(self, side: str) -> bool:
        """May approve on behalf of `side` (the NAV office is not a party and approves nothing)."""
        return side in OWNER_SIDES and any(
            m.side == side and m.role in (Membership.Role.EDITOR, Membership.Role.SIGNATORY)
            for m in self.memberships
            if not self.via_covered_municipality
        )


def _covers(membership: Membership, partnership: Partnership, covered_ids: set[int]) -> str:
    """'direct', 'covered' or '' — whether and how a membership reaches a partnership.

    Reads partnership.municipal_party (select it with the partnership)."""
    if membership.partnership_id:
        return "direct" if membership.partnership_id == partnership.pk else ""
    if membership.county_id:
        return "direct" if membership.county_id == partnership.state_party_id else ""
    municipality = partnership.municipal_party
    if membership.municipality_id in (municipality.pk, municipality.parent_id):
        return "direct"
    return "covered" if membership.municipality_id in covered_ids else ""


def partnership_access(user, partnership: Partnership, covered_ids=None) -> PartnershipAccess:
    """The user's access to one partnership. `covered_ids` are the ids of the partnership's
    covered municipalities; pass them when prefetched, else this costs one query."""
    if covered_ids is None:
        covered_ids = set(partnership.covered_municipalities.values_list("pk", flat=True))
    direct, covered = [], []
    for membership in user_memberships(user):
        how = _covers(membership, partnership, covered_ids)
        if how == "direct":
            direct.append(membership)
        elif how == "covered":
            covered.append(membership)
    if direct:
        return PartnershipAccess(partnership, tuple(direct))
    return PartnershipAccess(partnership, tuple(covered), via_covered_municipality=bool(covered))


def partnership_name() -> Case:
    """What ``str(partnership)`` gives, as SQL: for ordering by it, and for pages that list
    partnerships without making their models."""
    return Case(
        When(
            kind=Partnership.Kind.CENTRAL,
            then=Concat("municipal_party__name", Value(" – "), "state_party__name"),
        ),
        default=F("office__name"),
    )


def partnerships_visible_to(user) -> QuerySet[Partnership]:
    """Every partnership the user may see, without duplicates and without joins that grow."""
    memberships = user_memberships(user)
    partnership_ids = {m.partnership_id for m in memberships if m.partnership_id}
    county_ids = {m.county_id for m in memberships if m.county_id}
    municipality_ids = {m.municipality_id for m in memberships if m.municipality_id}
    if not (partnership_ids or county_ids or municipality_ids):
        return Partnership.objects.none()
    covered = Partnership.covered_municipalities.through.objects.filter(
        municipality_id__in=municipality_ids
    ).values("partnership_id")
    return Partnership.objects.filter(
        Q(pk__in=partnership_ids)
        | Q(state_party_id__in=county_ids)
        | Q(municipal_party_id__in=municipality_ids)
        | Q(municipal_party__parent_id__in=municipality_ids)
        | Q(pk__in=covered)
    )


def partnership_prefetch(lookup: str = "partnership") -> Prefetch:
    """The partnership of the objects read (and the parties and parent it is named by), as a
    query of its own. Joined into the objects' query instead, the chain of tables took
    PostgreSQL 10–20 ms to plan, for a query that runs in under a millisecond. The central
    partnership above it, if any, by one more query (none without one): joined in as well,
    the seven tables took longer to plan than the four."""
    return Prefetch(lookup, queryset=_partnerships_named())


def _partnerships_named():
    """Partnerships with what they are named by: the office, the parties, and the central
    partnership above (prefetched: a query only where there is one). Unordered: the default
    order would sort on two more joins."""
    return (
        Partnership.objects.select_related("office", "municipal_party__parent", "state_party")
        .prefetch_related(
            Prefetch(
                "parent",
                queryset=Partnership.objects.select_related(
                    "office", "municipal_party", "state_party"
                ).order_by(),
            )
        )
        .order_by()
    )


def partnership_visible_access(user, partnership: Partnership, covered_ids=None):
    """The gate for an object a page looked up by its id alone: the user's access to its
    partnership (partnership_access), or 404 for anyone who may not see it. Decided in
    Python from the user's memberships by the rule partnerships_visible_to puts in SQL (a
    test holds the two together), so the lookup needs no filter by visibility."""
    access = partnership_access(user, partnership, covered_ids)
    if not access.can_view:
        raise Http404
    return access


def partnership_get_for_user(user, pk) -> PartnershipAccess:
    """The gate for reading: 404 for anyone who may not see the partnership."""
    partnership = _partnerships_named().filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership_visible_access(user, partnership)


def partnership_get_for_edit(user, pk) -> PartnershipAccess:
    """The gate for writing: 404 for outsiders, 403 for read-only members."""
    access = partnership_get_for_user(user, pk)
    if not access.can_edit:
        raise PermissionDenied
    return access


@dataclass(frozen=True)
class PartnershipGroup:
    title: str
    central: Partnership | None
    rows: list[PartnershipAccess]


def _home_order(row: tuple) -> tuple:
    """The home page's order, from the values of partnerships_in_home_order: grouped by
    central partnership (its own row first), then by county; by name within a group."""
    pk, kind, parent_id, county_id, county, parent_county, office, municipality = row
    central = kind == Partnership.Kind.CENTRAL
    if central:
        group: tuple = (county, 0, pk)
        name = f"{municipality} – {county}"
    elif parent_id is not None:
        group, name = (parent_county, 0, parent_id), office
    else:
        group, name = (county, 1, county_id), office
    return (group, not central, (name or "").lower(), pk)


def partnerships_in_home_order(user) -> list[int]:
    """The ids of every partnership the user may see, in the home page's order; one query
    of plain values, so that a page of them is read without the others."""
    rows = (
        partnerships_visible_to(user)
        .order_by()
        .values_list(
            "pk",
            "kind",
            "parent_id",
            "state_party_id",
            "state_party__name",
            "parent__state_party__name",
            "office__name",
            "municipal_party__name",
        )
    )
    return [row[0] for row in sorted(rows, key=_home_order)]


def partnership_accesses(
    user, ids: Sequence[int]
) -> tuple[list[PartnershipAccess], dict[int, list[Municipality]]]:
    """The user's access to each of the given partnerships (already known to be visible to
    them), in the given order, and the municipalities each covers (named, by partnership id).
    Two queries, three where a partnership has a central one above it: the partnerships with
    their office and parties joined, their covered municipalities (plain values), the
    central ones (_partnerships_named)."""
    ids = list(ids)
    partnerships = _partnerships_named().filter(pk__any=ids).in_bulk()
    covered: dict[int, list[Municipality]] = defaultdict(list)
    for partnership_id, municipality_id, name in (
        Partnership.covered_municipalities.through.objects.filter(partnership_id__any=ids)
        .order_by("municipality__name")
        .values_list("partnership_id", "municipality_id", "municipality__name")
    ):
        covered[partnership_id].append(Municipality(pk=municipality_id, name=name))
    accesses = [
        partnership_access(user, partnerships[pk], {m.pk for m in covered[pk]}) for pk in ids
    ]
    return accesses, {pk: covered[pk] for pk in ids}


def partnership_groups(accesses: list[PartnershipAccess]) -> list[PartnershipGroup]:
    """'Mine partnerskap': the given rows (in the home page's order) grouped by central
    partnership or county."""
    groups = []
    for _key, members in groupby(accesses, key=lambda a: _group_of(a.partnership)):
        rows = list(members)
        first = rows[0].partnership
        central = first if first.kind == Partnership.Kind.CENTRAL else first.parent
        title = str(central) if central else first.state_party.name
        groups.append(PartnershipGroup(title=title, central=central, rows=rows))
    return groups


def _group_of(partnership: Partnership) -> tuple:
    if partnership.kind == Partnership.Kind.CENTRAL:
        return ("central", partnership.pk)
    if partnership.parent_id is not None:
        return ("central", partnership.parent_id)
    return ("county", partnership.state_party_id)


def partnership_members(partnership: Partnership) -> list[Membership]:
    """Everyone with a membership that reaches the partnership directly; one query.

    Reads partnership.municipal_party (select it with the partnership)."""
    municipality = partnership.municipal_party
    municipality_ids = [pk for pk in (municipality.pk, municipality.parent_id) if pk]
    return list(
        Membership.objects.filter(
            Q(partnership=partnership)
            | Q(county_id=partnership.state_party_id)
            | Q(municipality_id__in=municipality_ids)
        )
        .select_related("user")
        .order_by("side", "role", "user__last_name", "user__first_name")
    )


def partnership_member_accesses(partnership: Partnership) -> dict[User, PartnershipAccess]:
    """Each direct member of the partnership with their access, as {user: PartnershipAccess};
    one query (reads partnership.municipal_party). Members through a covered municipality
    only read, so they approve, edit and sign nothing."""
    memberships: dict[int, list[Membership]] = defaultdict(list)
    users: dict[int, User] = {}
    for membership in partnership_members(partnership):
        users.setdefault(membership.user_id, membership.user)
        memberships[membership.user_id].append(membership)
    return {
        users[user_id]: PartnershipAccess(partnership, tuple(ms))
        for user_id, ms in memberships.items()
    }


def child_get(related: Any, pk, *select_related: str):
    """The row with this pk (from a URL) among `related`, a reverse relation of an object the
    caller already passed through its gate (`agreement.attachments`), else 404: a pk of
    another object's row finds nothing. The row keeps its parent, so reaching back to it
    costs no query. One query (joining `select_related`)."""
    rows = related.select_related(*select_related) if select_related else related.all()
    child = rows.filter(pk=pk).first()
    if child is None:
        raise Http404
    setattr(child, related.field.name, related.instance)
    return child
