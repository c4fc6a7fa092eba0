"""The one document pipeline's registry: what can be printed, and who may see the prints.

The apps above this package own their objects, their access gates and their printed layouts,
which navpartner must not import. Each app registers, from its ``AppConfig.ready``, every kind
of document it prints (``document_kind_register``); the one status page, the one download and
the shared "make PDF" helper look the kind up here.

A document is reached only through its owner's gate: the URL names the kind, the owner and the
document, the owner's ``get_for_user`` runs first (404 for outsiders), and the document must
then be a print of that kind of exactly that owner (404 otherwise).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from .models import RenderedDocument
from .services import document_request


@dataclass(frozen=True)
class EmbeddedFile:
    """A stored file carried inside the PDF as a PDF/A-3 associated file: the archive keeps
    the evidence (a signed paper scan: ``relationship="Source"``) and the attachments
    (``"Supplement"``) with the document, byte for byte."""

    name: str  # in default storage
    filename: str  # as the reader's PDF viewer lists it
    description: str = ""
    relationship: str = "Unspecified"  # PDF 2.0 /AFRelationship: Source, Supplement, Data …
    date: str = ""  # ISO 8601; the file's own date, so the same file embeds the same way
    sha256: str = ""  # of the stored file, as listed in the document

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "filename": self.filename,
            "description": self.description,
            "relationship": self.relationship,
            "date": self.date,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class Printable:
    """What one print of an object is made of: the HTML and how to render it."""

    title: str  # translated when built: it is the file name and the page heading
    html: str
    appendices: Sequence[str] = ()  # stored PDFs added after the rendered pages
    pdf_variant: str = ""  # "pdf/ua-1" to read, "pdf/a-3a" for the archive (both tagged)
    seal: bool = False
    embedded: Sequence[EmbeddedFile] = ()  # only kept by a PDF/A-3 variant
    # One bookmark per appended file ("Sak 03/26 – Budsjett"), grouped under
    # ``appendix_heading``; without them the files bring their own bookmarks.
    appendix_titles: Sequence[str] = ()
    appendix_heading: str = ""
    # "Side %(number)s av %(total)s": the appended pages are stamped with their number in the
    # whole document. The HTML may say the total as ``services.PAGES_MARKER`` and where
    # appended file i starts as ``services.appendix_page_marker(i)``; the renderer fills
    # both in (a second rendering when they are there).
    page_label: str = ""


@dataclass(frozen=True)
class DocumentPage:
    """The status page of one document, as its owner's app shows it."""

    template: str  # the full page; it includes documents/_status.html
    retry_url: str  # where "Try again" posts (the owner's "make PDF")
    retry_kind: str = ""  # posted with it as "kind"
    context: dict[str, Any] = field(default_factory=dict)  # the rest of the full page
    reload_when_ready: bool = False  # the full page offers more once the PDF is ready


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    model: type[models.Model]
    # (user, owner pk) -> the owner's access; raises Http404 for whoever may not see it.
    get_for_user: Callable[[Any, int], Any]
    # (owner, **options) -> what to render; raises ValidationError when it cannot be printed.
    build: Callable[..., Printable]
    # (access, document) -> the status page; fires no query beyond what the access holds.
    page: Callable[[Any, RenderedDocument], DocumentPage]
    # (owner) -> the language it is printed in (its partnership's document language);
    # without one, the site's language. Never the language of whoever asked for the print.
    language: Callable[[Any], str] | None = None


_kinds: dict[str, DocumentKind] = {}


def document_kind_register(
    *,
    kind: str,
    model: type[models.Model],
    get_for_user: Callable[[Any, int], Any],
    build: Callable[..., Printable],
    page: Callable[[Any, RenderedDocument], DocumentPage],
    language: Callable[[Any], str] | None = None,
) -> None:
    """Make ``kind`` (``RenderedDocument.kind``) printable for objects of ``model``.
    Registering a kind again replaces it (``ready`` may run more than once in tests)."""
    _kinds[kind] = DocumentKind(
        kind=kind, model=model, get_for_user=get_for_user, build=build, page=page,
        language=language,
    )  # fmt: skip


def document_kind_get(kind: str) -> DocumentKind:
    registered = _kinds.get(kind)
    if registered is None:
        raise Http404
    return registered


@dataclass(frozen=True)
class DocumentAccess:
    kind: DocumentKind
    access: Any  # what the owner's gate returned
    document: RenderedDocument


def document_get_for_user(user, kind: str, owner_pk, document_pk) -> DocumentAccess:
    """The gate for a print: the owner's gate first (404 for outsiders), then the document,
    which must be a print of this kind of this owner (404 for any other). Costs the owner's
    gate's queries and one for the document (the content type is cached)."""
    registered = document_kind_get(kind)
    access = registered.get_for_user(user, owner_pk)
    document = document_get(kind=kind, owner_pk=owner_pk, document_pk=document_pk)
    return DocumentAccess(kind=registered, access=access, document=document)


def document_get(*, kind: str, owner_pk, document_pk) -> RenderedDocument:
    """A ``kind`` print of the owner (whose gate the caller passed); 404 for any other."""
    document = RenderedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(document_kind_get(kind).model),
        object_id=owner_pk,
        kind=kind,
        pk=document_pk,
    ).first()
    if document is None:
        raise Http404
    return document


def document_make(*, kind: str, owner: models.Model, user, **options) -> RenderedDocument:
    """Print ``owner`` as a ``kind`` document: its app builds the HTML, the pipeline renders it
    once per content (see ``document_request``). The shared step of every "make PDF". Built
    in the owner's document language, whoever asks."""
    registered = document_kind_get(kind)
    language = registered.language(owner) if registered.language else settings.LANGUAGE_CODE
    with translation.override(language):
        printable = registered.build(owner, **options)
    return document_request(
        owner=owner,
        kind=kind,
        title=printable.title,
        html=printable.html,
        user=user,
        appendices=tuple(printable.appendices),
        pdf_variant=printable.pdf_variant,
        seal=printable.seal,
        embedded=tuple(e.as_dict() for e in printable.embedded),
        appendix_titles=tuple(printable.appendix_titles),
        appendix_heading=printable.appendix_heading,
        page_label=printable.page_label,
    )


def document_url(document: RenderedDocument) -> str:
    """The status page of a document (its owner's gate guards it)."""
    return reverse("documents:detail", args=[document.kind, document.object_id, document.pk])


def document_download_url(document: RenderedDocument) -> str:
    return reverse("documents:download", args=[document.kind, document.object_id, document.pk])
