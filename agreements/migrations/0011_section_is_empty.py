from django.db import migrations, models

from agreements.structured.base import is_empty


def fill(apps, schema_editor):
    """Derive is_empty for the sections already written (as section_is_empty does)."""
    Section = apps.get_model("agreements", "AgreementSection")
    changed = []
    for section in Section.objects.select_related("template_section").iterator(chunk_size=2000):
        kind = section.template_section.structured if section.template_section_id else None
        section.is_empty = not section.body.strip() and is_empty(kind, section.structured)
        changed.append(section)
        if len(changed) >= 2000:
            Section.objects.bulk_update(changed, ["is_empty"])
            changed = []
    Section.objects.bulk_update(changed, ["is_empty"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0010_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreementsection",
            name="is_empty",
            field=models.BooleanField(default=True, editable=False, verbose_name="empty"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
