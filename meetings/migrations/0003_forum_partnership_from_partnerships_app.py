import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_item_attachments'),
        ('partnerships', '0001_partnerships_from_agreements'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table); only Django's model state moves.
            state_operations=[
                migrations.AlterField(
                    model_name='forum',
                    name='partnership',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='forum', to='partnerships.partnership', verbose_name='partnership'),
                ),
            ],
            database_operations=[],
        ),
    ]
