"""Reads for the Word import: the gate to an import, what it would create, and the mapping
page's rows."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from partnerships.models import Partnership
from partnerships.selectors import child_get, partnership_get_for_edit

from ..docx_import import (
    IMPORT_ERRORS,
    MAX_DOCX_BYTES,
    MAX_PARTS,
    ImportedDocument,
    ImportedPart,
)
from ..models import Agreement, DocxImport, TemplateSection, VeilederTemplate
from ..richtext import sanitize_html

PREVIEW_WORDS = 40

#: Why reading failed, besides the reader's own reasons (IMPORT_ERRORS): the codes the task
#: stores.
READING_ERRORS = {
    "timeout": _("Reading the file took too long. Try again, or a smaller file."),
    "unavailable": _("The file could not be sent for reading just now. Try again later."),
}
_LIMITS = {"too_large": MAX_DOCX_BYTES // (1024 * 1024), "too_many_parts": MAX_PARTS}


def docx_import_get_for_edit(user, partnership_pk, pk) -> DocxImport:
    """An import of a partnership the user may edit: 404 for outsiders and for another
    partnership's import, 403 for read-only members. Two to four queries (the user's
    memberships, unless cached; the partnership; its covered municipalities; the import)."""
    access = partnership_get_for_edit(user, partnership_pk)
    return child_get(access.partnership.docx_imports, pk)


@dataclass(frozen=True)
class ImportTarget:
    """What confirming creates: a revision of ``in_force``, or (None) a new draft; and the
    template whose points the parts are mapped to (None: no template is loaded)."""

    in_force: Agreement | None
    template: VeilederTemplate | None


def docx_import_target(partnership: Partnership) -> ImportTarget:
    """One or two queries: the agreement in force (with its template), else the newest
    template."""
    in_force = (
        partnership.agreements.filter(status=Agreement.Status.IN_FORCE)
        .select_related("template")
        .order_by("-version")
        .first()
    )
    if in_force is not None:
        return ImportTarget(in_force, in_force.template)
    return ImportTarget(None, VeilederTemplate.objects.order_by("-revision", "-pk").first())


def template_points(template: VeilederTemplate | None) -> list[TemplateSection]:
    """The template's points in order; one query."""
    return list(template.sections.all()) if template is not None else []


def docx_import_error(docx_import: DocxImport) -> str:
    """The failed import's reason, translated now from its stored code."""
    code = docx_import.error_code
    message = (
        READING_ERRORS.get(code) or IMPORT_ERRORS.get(code) or IMPORT_ERRORS[DocxImport.UNREADABLE]
    )
    return str(message) % {"limit": _LIMITS.get(code, "")}


def docx_import_document(docx_import: DocxImport) -> ImportedDocument:
    return ImportedDocument.from_json(docx_import.document)


@dataclass(frozen=True)
class PartRow:
    part: ImportedPart
    preview: str
    text: SafeString


def docx_import_part_rows(document: ImportedDocument) -> list[PartRow]:
    """Each part of the file in document order with the first words of its text and the
    whole text (cleaned to the editor's formatting, as the import stores it). No query."""
    rows = []
    for part in document.parts:
        clean = sanitize_html(part.html)
        preview = Truncator(strip_tags(clean).strip()).words(PREVIEW_WORDS)
        rows.append(PartRow(part, preview, mark_safe(clean)))  # noqa: S308 - sanitised above
    return rows


def docx_import_preamble(document: ImportedDocument) -> SafeString:
    """The text before the first heading (a title page; the import leaves it out), cleaned
    to the editor's formatting."""
    return mark_safe(sanitize_html(document.preamble_html))  # noqa: S308 - sanitised
