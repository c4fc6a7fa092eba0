import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0005_agreement_last_evaluated'),
        ('costsharing', '0002_partnership_from_partnerships_app'),
        ('meetings', '0003_forum_partnership_from_partnerships_app'),
        ('partnerships', '0001_partnerships_from_agreements'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table); only Django's model state moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='partnership',
                    name='state_party',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='county',
                ),
                migrations.RemoveField(
                    model_name='municipality',
                    name='county',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='partnership',
                ),
                migrations.RemoveField(
                    model_name='membership',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='municipality',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='partnership',
                    name='covered_municipalities',
                ),
                migrations.RemoveField(
                    model_name='partnership',
                    name='municipal_party',
                ),
                migrations.RemoveField(
                    model_name='partnership',
                    name='office',
                ),
                migrations.RemoveField(
                    model_name='partnership',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='agreement',
                    name='partnership',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agreements', to='partnerships.partnership', verbose_name='partnership'),
                ),
                migrations.DeleteModel(
                    name='County',
                ),
                migrations.DeleteModel(
                    name='Membership',
                ),
                migrations.DeleteModel(
                    name='Municipality',
                ),
                migrations.DeleteModel(
                    name='Office',
                ),
                migrations.DeleteModel(
                    name='Partnership',
                ),
            ],
            database_operations=[],
        ),
    ]
