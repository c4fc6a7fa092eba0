"""Every partnership gets its forum when it is made (meetings.services.forum_create); this
makes the forum of each partnership made before that, which until now was made when someone
first opened the partnership page. Forward only: the forums made here cannot be told apart
from the others afterwards, so going back leaves them."""

from django.db import migrations

DEFAULT_MEETINGS_PER_YEAR = {"local": 2, "central": 6}


def _agreed_meetings_per_year(AgreementSection, partnership_id):
    """Point 3.1 of the agreement in force, as forum_create reads it."""
    section = (
        AgreementSection.objects.filter(
            agreement__partnership_id=partnership_id,
            agreement__status="in_force",
            template_section__structured="meetings",
        )
        .order_by("-agreement__version")
        .first()
    )
    try:
        value = int((section.structured or {}).get("meetings_per_year")) if section else None
    except (TypeError, ValueError):
        return None
    return value if value and value > 0 else None


def fill_forums(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    Forum = apps.get_model("meetings", "Forum")
    AgreementSection = apps.get_model("agreements", "AgreementSection")
    for partnership in Partnership.objects.filter(forum__isnull=True).order_by("pk"):
        Forum.objects.create(
            partnership=partnership,
            # The name is said from the partnership when shown (0006 drops the column).
            name="",
            meetings_per_year=_agreed_meetings_per_year(AgreementSection, partnership.pk)
            or DEFAULT_MEETINGS_PER_YEAR.get(partnership.kind, 2),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_forum_partnership_from_partnerships_app"),
        ("agreements", "0006_partnerships_moved_to_their_app"),
        ("partnerships", "0001_partnerships_from_agreements"),
    ]

    operations = [
        migrations.RunPython(fill_forums, migrations.RunPython.noop, elidable=False),
    ]
