import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('costsharing', '0001_driftsavtale'),
        ('partnerships', '0001_partnerships_from_agreements'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table); only Django's model state moves.
            state_operations=[
                migrations.AlterField(
                    model_name='municipalweight',
                    name='municipality',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partnerships.municipality'),
                ),
                migrations.AlterField(
                    model_name='operatingagreement',
                    name='partnership',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='operating_agreements', to='partnerships.partnership', verbose_name='partnership'),
                ),
            ],
            database_operations=[],
        ),
    ]
