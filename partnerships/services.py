"""Writes. Each is one function in one transaction; views, admin, tasks and commands call these."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from .models import County, Membership, Municipality, Office, Partnership, WrittenStandard
from .reference import kommuner
from .selectors import partnership_access

# What the apps above this one make with every new partnership (meetings: its forum). Each
# registers from its AppConfig.ready, since this app may not import them.
_created_hooks: dict[str, Callable[..., object]] = {}


def partnership_created_register(*, key: str, hook: Callable[..., object]) -> None:
    """Call ``hook(partnership=...)`` inside partnership_create's transaction for every new
    partnership. Registering a key again replaces its hook (``ready`` may run more than once)."""
    _created_hooks[key] = hook


def partnership_created(*, partnership: Partnership) -> None:
    """Run the registered hooks for a partnership just saved (partnership_create does; a
    test factory that saves partnerships itself may too)."""
    for hook in _created_hooks.values():
        hook(partnership=partnership)


# What the apps above this one keep about each partnership, computed from what the apps in
# between store (oversight: the overview's summaries). Each registers from AppConfig.ready.
_changed_hooks: dict[str, Callable[..., object]] = {}


def partnership_changed_register(*, key: str, hook: Callable[..., object]) -> None:
    """Call ``hook(partnership_ids=...)`` once after each transaction in which the services
    said a partnership's agreements or meetings changed (partnership_changed). Registering a
    key again replaces its hook."""
    _changed_hooks[key] = hook


def partnership_touched(*, partnership_id: "int | Iterable[int]") -> None:
    """Count a change in the partnership (its id, or a query giving it) in its ``changes``,
    in the caller's transaction: what a page across partnerships keeps in a cache is kept
    under the sum of them (agreements.selectors.waiting). One query."""
    ids = [partnership_id] if isinstance(partnership_id, int) else partnership_id
    Partnership.objects.filter(pk__in=ids).update(changes=F("changes") + 1)


def partnership_changed(*, partnership_id: "int | Iterable[int]") -> None:
    """Say that something of the partnership the hooks summarise has changed: its id, or a
    query giving it. The change is counted at once (partnership_touched); the hooks run after
    the transaction commits (outside one, at once), once for all the partnerships said since
    they last ran; work rolled back is summarised again too, which changes nothing. A hook
    that fails is logged and leaves the committed work alone (``robust``)."""
    partnership_touched(partnership_id=partnership_id)
    connection = transaction.get_connection()
    connection.__dict__.setdefault("navpartner_changed", []).append(partnership_id)
    transaction.on_commit(lambda: _run_changed_hooks(connection), robust=True)


def _run_changed_hooks(connection) -> None:
    said = connection.__dict__.get("navpartner_changed")
    if not said:  # an earlier callback of the same transaction has run them
        return
    connection.navpartner_changed = []
    ids: set[int] = set()
    for each in said:
        if isinstance(each, int):
            ids.add(each)
        else:
            ids.update(each)
    for hook in _changed_hooks.values():
        hook(partnership_ids=sorted(ids))


def document_language_for(municipality: Municipality) -> str:
    """Nynorsk for a municipality whose målform is nynorsk (a bydel: its kommune's), else
    bokmål (the neutral ones included)."""
    deciding = municipality.parent or municipality
    if deciding.written_standard == WrittenStandard.NYNORSK:
        return WrittenStandard.NYNORSK
    return WrittenStandard.BOKMAL


@transaction.atomic
def partnership_document_language_set(*, partnership: Partnership, user, language: str) -> None:
    """The language the partnership's documents are written in, set by one of its editors."""
    access = partnership_access(user, partnership)
    if not access.can_edit:
        raise PermissionDenied
    partnership.document_language = language
    partnership.full_clean(exclude=["office", "municipal_party", "state_party", "parent"])
    partnership.save(update_fields=["document_language"])


def partnership_create(
    *,
    municipal_party: Municipality,
    state_party: County,
    office: Office | None = None,
    kind: str = Partnership.Kind.LOCAL,
    parent: Partnership | None = None,
    covered_municipalities: Iterable[Municipality] = (),
) -> Partnership:
    partnership = Partnership(
        kind=kind,
        office=office,
        municipal_party=municipal_party,
        state_party=state_party,
        parent=parent,
        document_language=document_language_for(municipal_party),
    )
    partnership.full_clean()
    partnership.save()
    partnership.covered_municipalities.set(covered_municipalities)
    partnership_created(partnership=partnership)
    return partnership


@transaction.atomic
def membership_grant(
    *,
    user,
    side: str,
    role: str,
    title: str = "",
    partnership: Partnership | None = None,
    county: County | None = None,
    municipality: Municipality | None = None,
) -> Membership:
    """Give the user a role on a side; granting a role the user already has only updates
    its title."""
    membership = Membership.objects.filter(
        user=user,
        side=side,
        role=role,
        partnership=partnership,
        county=county,
        municipality=municipality,
    ).first()
    if membership is not None:
        if membership.title != title:
            membership.title = title
            membership.full_clean()
            membership.save(update_fields=["title"])
        return membership
    membership = Membership(
        user=user,
        side=side,
        role=role,
        title=title,
        partnership=partnership,
        county=county,
        municipality=municipality,
    )
    membership.full_clean()
    membership.save()
    return membership


@dataclass(frozen=True)
class MunicipalityChange:
    number: str
    name: str
    before: str  # "" when the municipality was created
    after: str


@transaction.atomic
def municipalities_load() -> list[MunicipalityChange]:
    """Bring the municipalities in line with the reference data (partnerships.reference):
    each kommune's målform as recorded there; and every kommune of a county whose NAV county
    office has the county's number (03, 46, 50 …) created, named "<name> kommune". Bydeler
    keep theirs (they write as their kommune). Returns what changed, in number order."""
    reference = kommuner()
    existing = {m.number: m for m in Municipality.objects.filter(kind=Municipality.Kind.KOMMUNE)}
    counties = {
        c.number: c
        for c in County.objects.filter(number__in={k.county for k in reference.values()})
    }
    changes, changed, created = [], [], []
    for number, kommune in reference.items():
        municipality = existing.get(number)
        if municipality is None and kommune.county in counties:
            created.append(
                Municipality(
                    number=number,
                    name=f"{kommune.name} kommune",
                    county=counties[kommune.county],
                    written_standard=kommune.written_standard,
                )
            )
            changes.append(MunicipalityChange(number, kommune.name, "", kommune.written_standard))
        elif municipality is not None and municipality.written_standard != kommune.written_standard:
            changes.append(
                MunicipalityChange(
                    number,
                    municipality.name,
                    municipality.written_standard,
                    kommune.written_standard,
                )
            )
            municipality.written_standard = kommune.written_standard
            changed.append(municipality)
    for municipality in created:
        municipality.full_clean()
    Municipality.objects.bulk_create(created)
    Municipality.objects.bulk_update(changed, ["written_standard"])
    return changes
