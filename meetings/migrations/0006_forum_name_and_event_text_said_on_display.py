"""A forum's name and an event's text are said when shown, no longer stored."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_fill_meeting_event_kinds"),
    ]

    # The columns get a default first, so that going back can add them again to the rows
    # there are (0005 then writes the event texts again; a forum's name stays empty, as the
    # name is said from the partnership).
    operations = [
        migrations.AlterField(
            model_name="forum",
            name="name",
            field=models.CharField(default="", max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="meetingevent",
            name="description",
            field=models.CharField(default="", max_length=300, verbose_name="what"),
        ),
        migrations.RemoveField(
            model_name="forum",
            name="name",
        ),
        migrations.RemoveField(
            model_name="meetingevent",
            name="description",
        ),
        migrations.AlterField(
            model_name="meetingevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("forum_created", "Forum created"),
                    ("member_added", "Member added"),
                    ("member_removed", "Member removed"),
                    ("meeting_planned", "Meeting planned"),
                    ("meeting_changed", "Time or place changed"),
                    ("item_submitted", "Item submitted"),
                    ("item_changed", "Item changed"),
                    ("item_accepted", "Item put on the agenda"),
                    ("item_deferred", "Item deferred"),
                    ("item_deferred_here", "Item deferred to this meeting"),
                    ("item_declined", "Item declined"),
                    ("agenda_reordered", "Agenda reordered"),
                    ("invitation_sent", "Invitation sent"),
                    ("minutes_written", "Minutes written"),
                    ("action_added", "Action added"),
                    ("action_done", "Action done"),
                    ("meeting_held", "Meeting held"),
                    ("minutes_approved", "Minutes approved"),
                    ("item_escalated", "Item escalated"),
                    ("item_escalated_from", "Item escalated from a local forum"),
                    ("attachment_added", "Attachment added"),
                    ("legacy", "Earlier event"),
                ],
                max_length=30,
                verbose_name="event",
            ),
        ),
    ]
