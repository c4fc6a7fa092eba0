"""Partnerships, parties, offices and memberships move here from the agreements app.

Their tables keep the names the agreements app gave them, so no data moves.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["county", "municipality", "office", "partnership", "membership"]


def _content_types_relabel(apps, old, new):
    """Keep the content types (and so admin history and permissions) of the moved models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_move(apps, schema_editor):
    _content_types_relabel(apps, "agreements", "partnerships")


def content_types_move_back(apps, schema_editor):
    _content_types_relabel(apps, "partnerships", "agreements")


class Migration(migrations.Migration):
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('agreements', '0005_agreement_last_evaluated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are (db_table); only Django's model state moves.
            state_operations=[
                migrations.CreateModel(
                    name='County',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=2, unique=True, validators=[django.core.validators.RegexValidator('^\\d{2}$', 'The county number has two digits.')], verbose_name='county number')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                    ],
                    options={
                        'verbose_name': 'NAV county office',
                        'verbose_name_plural': 'NAV county offices',
                        'db_table': 'agreements_county',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Office',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                        ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                        ('postal_code', models.CharField(blank=True, max_length=4, validators=[django.core.validators.RegexValidator('^\\d{4}$', 'A postal code has four digits.')], verbose_name='postal code')),
                        ('postal_town', models.CharField(blank=True, max_length=100, verbose_name='postal town')),
                        ('leadership_model', models.CharField(choices=[('one', 'One leader'), ('two', 'Two leaders')], default='one', help_text='Veileder 3.1–3.2: one common leader, or one leader from each party.', max_length=3, verbose_name='leadership model')),
                    ],
                    options={
                        'verbose_name': 'NAV office',
                        'verbose_name_plural': 'NAV offices',
                        'db_table': 'agreements_office',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Municipality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=6, unique=True, validators=[django.core.validators.RegexValidator('^(\\d{4}|\\d{6})$', 'A municipality number has four digits; a city district number has six.')], verbose_name='number')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('kind', models.CharField(choices=[('kommune', 'Municipality'), ('bydel', 'City district')], default='kommune', max_length=10, verbose_name='kind')),
                        ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='partnerships.county', verbose_name='NAV county office')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='partnerships.municipality', verbose_name='municipality of the city district')),
                    ],
                    options={
                        'verbose_name': 'municipality',
                        'verbose_name_plural': 'municipalities',
                        'db_table': 'agreements_municipality',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Partnership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('local', 'Local partnership'), ('central', 'Central partnership')], default='local', max_length=10, verbose_name='kind')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('covered_municipalities', models.ManyToManyField(blank=True, help_text='Only for a host municipality (vertskommune, veileder 1.0): the other municipalities that have delegated their authority to it.', related_name='covering_partnerships', to='partnerships.municipality', verbose_name='covered municipalities')),
                        ('municipal_party', models.ForeignKey(help_text='The municipality, the host municipality (vertskommune) or the city district.', on_delete=django.db.models.deletion.PROTECT, related_name='partnerships', to='partnerships.municipality', verbose_name='municipal party')),
                        ('office', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partnership', to='partnerships.office', verbose_name='NAV office')),
                        ('parent', models.ForeignKey(blank=True, limit_choices_to={'kind': 'central'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='local_partnerships', to='partnerships.partnership', verbose_name='central partnership')),
                        ('state_party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='partnerships', to='partnerships.county', verbose_name='state party')),
                    ],
                    options={
                        'verbose_name': 'partnership',
                        'verbose_name_plural': 'partnerships',
                        'db_table': 'agreements_partnership',
                        'ordering': ['state_party__name', 'municipal_party__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('side', models.CharField(choices=[('municipal', 'Municipal side'), ('state', 'State side'), ('office', 'NAV office')], max_length=10, verbose_name='side')),
                        ('role', models.CharField(choices=[('editor', 'Editor'), ('signatory', 'Signatory'), ('secretary', 'Secretary'), ('member', 'Member (read only)'), ('auditor', 'Auditor (read only)')], max_length=10, verbose_name='role')),
                        ('title', models.CharField(blank=True, help_text='E.g. “Bydelsdirektør”.', max_length=120, verbose_name='title')),
                        ('county', models.ForeignKey(blank=True, help_text='Covers every partnership in the county.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='partnerships.county', verbose_name='NAV county office')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                        ('municipality', models.ForeignKey(blank=True, help_text='Covers every partnership of the municipality and its city districts.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='partnerships.municipality', verbose_name='municipality')),
                        ('partnership', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='partnerships.partnership', verbose_name='partnership')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'db_table': 'agreements_membership',
                        'ordering': ['user__username', 'side', 'role'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='municipality',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'kommune'), ('parent__isnull', True)), models.Q(('kind', 'bydel'), ('parent__isnull', False)), _connector='OR'), name='municipality_bydel_has_parent', violation_error_message='A city district belongs to a municipality; a municipality belongs to none.'),
                ),
                migrations.AddConstraint(
                    model_name='partnership',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'local'), ('office__isnull', False)), models.Q(('kind', 'central'), ('office__isnull', True), ('parent__isnull', True)), _connector='OR'), name='partnership_local_has_office_central_has_none', violation_error_message='A local partnership has a NAV office; a central partnership has none and no central partnership above it.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('county__isnull', True), ('municipality__isnull', True), ('partnership__isnull', False)), models.Q(('county__isnull', False), ('municipality__isnull', True), ('partnership__isnull', True)), models.Q(('county__isnull', True), ('municipality__isnull', False), ('partnership__isnull', True)), _connector='OR'), name='membership_exactly_one_scope', violation_error_message='Choose exactly one of partnership, county or municipality.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('county__isnull', False), ('side', 'municipal'), _negated=True), models.Q(('municipality__isnull', False), ('side', 'state'), _negated=True)), name='membership_scope_matches_side', violation_error_message='A county membership is on the state side; a municipality membership is on the municipal side.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(condition=models.Q(('partnership__isnull', False)), fields=('user', 'side', 'role', 'partnership'), name='membership_unique_per_partnership', violation_error_message='The user already has this role here.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(condition=models.Q(('county__isnull', False)), fields=('user', 'side', 'role', 'county'), name='membership_unique_per_county', violation_error_message='The user already has this role here.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(condition=models.Q(('municipality__isnull', False)), fields=('user', 'side', 'role', 'municipality'), name='membership_unique_per_municipality', violation_error_message='The user already has this role here.'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_move, content_types_move_back, elidable=True),
    ]
