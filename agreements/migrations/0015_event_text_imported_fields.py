"""Events keep their detail without a language (a navpartner.texts.Text as JSON); those
recorded before keep their text as it was. A point remembers which structured fields a Word
import filled in, for the editor to check."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0014_veileder_translations"),
    ]

    operations = [
        migrations.RenameField(
            model_name="agreementevent", old_name="detail", new_name="legacy_detail"
        ),
        migrations.AlterField(
            model_name="agreementevent",
            name="legacy_detail",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="detail (before 2026-11)"
            ),
        ),
        migrations.AddField(
            model_name="agreementevent",
            name="text",
            field=models.JSONField(blank=True, default=dict, verbose_name="detail"),
        ),
        migrations.AddField(
            model_name="agreementsection",
            name="imported_fields",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                verbose_name="filled in by an import, to check",
            ),
        ),
    ]
