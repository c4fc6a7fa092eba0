from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("costsharing", "0003_fill_operating_agreement_event_kind"),
    ]

    operations = [
        # A default first, so that going back re-adds the column to the rows there are (the
        # previous migration then writes each one's sentence).
        migrations.AlterField(
            model_name="operatingagreementevent",
            name="description",
            field=models.CharField(default="", max_length=300),
        ),
        migrations.RemoveField(
            model_name="operatingagreementevent",
            name="description",
        ),
    ]
