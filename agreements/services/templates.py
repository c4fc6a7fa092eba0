"""Loading a veileder revision from its data file (agreements/data/*.json)."""

import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import StructuredKind, TemplateQuestion, TemplateSection, VeilederTemplate

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@transaction.atomic
def veileder_template_load(*, path: Path) -> tuple[VeilederTemplate, bool]:
    """Load one revision; loading the same file again changes nothing. A changed file under a
    key that agreements already use is refused: a new revision needs a new key."""
    raw = Path(path).read_bytes()
    sha256 = hashlib.sha256(raw).hexdigest()
    data = json.loads(raw)
    existing = VeilederTemplate.objects.filter(key=data["key"]).first()
    if existing is not None:
        if existing.sha256 == sha256:
            return existing, False
        if existing.agreements.exists():
            raise ValidationError(
                _("Agreements already use %(key)s; give the new revision a new key.")
                % {"key": data["key"]}
            )
        existing.delete()
    template = VeilederTemplate(
        key=data["key"],
        title=data["title"],
        publisher=data["publisher"],
        revision=data["revision"],
        source_note=data.get("source_note", ""),
        attachments=data.get("attachments", []),
        legal_minimum_services=data["legal_minimum_services"],
        optional_services=data.get("optional_services_examples", []),
        sha256=sha256,
    )
    template.full_clean()
    template.save()
    for position, item in enumerate(data["sections"], start=1):
        section = TemplateSection(
            template=template,
            number=item["number"],
            title=item["title"],
            guidance=item["guidance"],
            position=position,
            structured=item.get("structured") or StructuredKind.NONE,
        )
        section.full_clean()
        section.save()
        TemplateQuestion.objects.bulk_create(
            TemplateQuestion(section=section, position=n, text=text)
            for n, text in enumerate(item["questions"], start=1)
        )
    return template, True


def veileder_templates_load_all() -> list[tuple[VeilederTemplate, bool]]:
    return [veileder_template_load(path=p) for p in sorted(DATA_DIR.glob("veileder-*.json"))]
