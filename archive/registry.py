"""What can be filed in the archive (KS Fiks Arkiv), and who may file it.

The documents belong to the apps above this one (the signed agreement, approved minutes, the
settled driftsavtale), which this app must not import. Each registers, from its
``AppConfig.ready``, the kinds of document it files (``archive_kind_register``): how to reach
the owner through its own gate, how to describe it as a record (``Filing``) and who may file
it. The archive page, the package and the sending look the kind up here.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from navpartner.exemptions import Exemptible
from navpartner.models import RenderedDocument
from partnerships.models import Partnership


@dataclass(frozen=True)
class Skjerming:
    """An exemption from public access (offentleglova), as Noark records it."""

    tilgangsrestriksjon: str  # e.g. "13" (the code of the archive's list)
    skjermingshjemmel: str  # e.g. "Offl. § 13 jf. fvl. § 13"


def skjerming_of(records: Iterable[Exemptible]) -> Skjerming | None:
    """The skjerming of a document some of whose parts (items, minutes entries, vedlegg) are
    exempt from public access: every basis, in order, once; the archive's
    tilgangsrestriksjon is the first one's section. None when every part is public."""
    exempt = [record for record in records if record.is_exempt]
    if not exempt:
        return None
    references = dict.fromkeys(record.exemption_reference for record in exempt)
    return Skjerming(
        tilgangsrestriksjon=exempt[0].exempt_basis, skjermingshjemmel="; ".join(references)
    )


@dataclass(frozen=True)
class Filing:
    """One document as a record of the partnership's case: a journalpost with one file."""

    owner: Any  # the model instance the document belongs to
    partnership: Partnership
    title: str  # translated when built: it is the journalpost's title
    document_date: dt.date
    document_type: str  # Fiks Arkiv kodeliste "dokumenttype": AVTALE, PROTOKOLL, ...
    parties: tuple[str, ...]  # the korrespondanseparter: municipality and NAV county
    document: RenderedDocument | None  # the ready PDF to file; None until it is made
    make_url: str  # where the PDF is made (or its status page)
    make_kind: str = ""  # posted with it as "kind" when make_url is a form
    page_url: str = ""  # the owner's own page
    skjerming: Skjerming | None = None


@dataclass(frozen=True)
class ArchiveKind:
    kind: str
    # (user, owner pk) -> the owner's access; raises Http404 for whoever may not see it.
    get_for_user: Callable[[Any, int], Any]
    # access -> the record to file, or None while the owner is no record yet (unsigned...).
    describe: Callable[[Any], Filing | None]
    # access -> may this user file it (the owner's editors).
    may_file: Callable[[Any], bool]


_kinds: dict[str, ArchiveKind] = {}


def archive_kind_register(
    *,
    kind: str,
    get_for_user: Callable[[Any, int], Any],
    describe: Callable[[Any], Filing | None],
    may_file: Callable[[Any], bool],
) -> None:
    """Make ``kind`` (a ``RenderedDocument.kind``) fileable. Registering a kind again replaces
    it (``ready`` may run more than once in tests)."""
    _kinds[kind] = ArchiveKind(
        kind=kind, get_for_user=get_for_user, describe=describe, may_file=may_file
    )


def archive_kind_get(kind: str) -> ArchiveKind:
    registered = _kinds.get(kind)
    if registered is None:
        raise Http404
    return registered


def archive_kinds() -> list[str]:
    return sorted(_kinds)
