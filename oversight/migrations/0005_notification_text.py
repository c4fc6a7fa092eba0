"""Notifications keep their message without a language (a navpartner.texts.Text as JSON);
those made before keep their bokmål message as it was, shown as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0004_minutes_notification_kinds"),
    ]

    operations = [
        migrations.RenameField(
            model_name="notification", old_name="message", new_name="legacy_message"
        ),
        migrations.AlterField(
            model_name="notification",
            name="legacy_message",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="message (before 2026-11)"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="text",
            field=models.JSONField(default=dict, verbose_name="message"),
        ),
    ]
