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
            _translations_load(existing, Path(path))
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
    _translations_load(template, Path(path))
    return template, True


def veileder_templates_load_all() -> list[tuple[VeilederTemplate, bool]]:
    """Every revision in DATA_DIR (veileder-2019.json), each with its translations
    (veileder-2019.nn.json beside it)."""
    return [
        veileder_template_load(path=p)
        for p in sorted(DATA_DIR.glob("veileder-*.json"))
        if "." not in p.stem  # not a translation
    ]


#: The languages a revision may be translated into, each in its own file beside it.
TRANSLATED_INTO = ("nn",)


def _translations_load(template: VeilederTemplate, path: Path) -> None:
    """The revision's translations (``<name>.<language>.json`` beside its file): the title,
    the lists of services, each point's title and guidance and each question, matched by
    point number and order.
    A file already loaded (its SHA-256 is kept) costs nothing; a file that does not match
    the revision is refused."""
    for language in TRANSLATED_INTO:
        file = path.with_name(f"{path.stem}.{language}.json")
        if not file.exists():
            continue
        raw = file.read_bytes()
        sha256 = hashlib.sha256(raw).hexdigest()
        loaded = template.translations.get(language, {})
        if loaded.get("sha256") == sha256 and "legal_minimum_services" in loaded:
            continue  # (a translation loaded before the lists were kept is loaded again)
        data = json.loads(raw)
        sections = {s.number: s for s in template.sections.prefetch_related("questions")}
        items = {item["number"]: item for item in data["sections"]}
        if (
            data["key"] != template.key
            or set(items) != set(sections)
            or any(
                len(items[number]["questions"]) != len(section.questions.all())
                for number, section in sections.items()
            )
        ):
            raise ValidationError(
                _("%(file)s does not match the veileder revision %(key)s.")
                % {"file": file.name, "key": template.key}
            )
        for number, section in sections.items():
            item = items[number]
            section.translations[language] = {"title": item["title"], "guidance": item["guidance"]}
            section.save(update_fields=["translations"])
            for question, text in zip(section.questions.all(), item["questions"], strict=True):
                question.translations[language] = text
                question.save(update_fields=["translations"])
        template.translations[language] = {
            "title": data["title"],
            "legal_minimum_services": data["legal_minimum_services"],
            "optional_services": data.get("optional_services_examples", []),
            "sha256": sha256,
        }
        template.save(update_fields=["translations"])
