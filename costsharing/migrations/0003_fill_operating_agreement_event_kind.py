"""A driftsavtale's history stores what happened (kind) and its figures (params) instead of a
sentence in the language of whoever made the change. The sentences already stored cannot all
be read back into figures: those without figures become their kind, the year of a "created"
is read back, and every other one is kept word for word under the kind "legacy"."""

import re

from django.db import migrations, models

KIND_CHOICES = [
    ("created", "Created the driftsavtale for %(year)s."),
    ("terms_changed", "Changed the key and terms."),
    ("line_added", "Added the expense %(line)s."),
    ("line_changed", "Changed the expense %(line)s."),
    ("line_removed", "Removed the expense %(line)s."),
    ("period_added", "Registered %(fte)s årsverk for %(side)s from %(start)s to %(end)s."),
    ("period_ended", "Ended %(side)s's %(fte)s årsverk on %(end)s."),
    ("period_removed", "Removed %(side)s's årsverk from %(start)s to %(end)s."),
    ("weights_changed", "Changed the municipalities' figures."),
    ("payments_set", "Registered the payments on account."),
    ("attached", "Attached the driftsavtale to the partnership agreement, version %(version)s."),
    ("legacy", "%(text)s"),
]
# The sentences without figures, in English and in bokmål, as the services wrote them.
FIXED = {
    "Changed the key and terms.": "terms_changed",
    "Endret nøkkel og vilkår.": "terms_changed",
    "Changed the municipalities' figures.": "weights_changed",
    "Endret kommunenes tall.": "weights_changed",
    "Registered the payments on account.": "payments_set",
    "Registrerte innbetalinger a konto.": "payments_set",
}
CREATED = re.compile(r"^(?:Created the driftsavtale for|Opprettet driftsavtalen for) (\d{4})\.$")


def fill(apps, schema_editor):
    Event = apps.get_model("costsharing", "OperatingAgreementEvent")
    events = list(Event.objects.all())
    for event in events:
        text = event.description
        if text in FIXED:
            event.kind, event.params = FIXED[text], {}
        elif created := CREATED.match(text):
            event.kind, event.params = "created", {"year": int(created[1])}
        else:
            event.kind, event.params = "legacy", {"text": text}
    Event.objects.bulk_update(events, ["kind", "params"], batch_size=500)


def unfill(apps, schema_editor):
    """Back to sentences, in English (the msgids) for the events that were not legacy."""
    Event = apps.get_model("costsharing", "OperatingAgreementEvent")
    sentences = dict(KIND_CHOICES)
    events = list(Event.objects.all())
    for event in events:
        params = dict(event.params)
        if isinstance(params.get("line"), dict):
            line = params["line"]
            params["line"] = line.get("name") or line.get("category", "")
        try:
            text = sentences[event.kind] % params
        except (KeyError, TypeError, ValueError):
            text = event.kind
        event.description = text[:300]
    Event.objects.bulk_update(events, ["description"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("costsharing", "0002_partnership_from_partnerships_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="operatingagreementevent",
            name="kind",
            field=models.CharField(
                choices=KIND_CHOICES, default="legacy", max_length=20, verbose_name="event"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="operatingagreementevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="detail"),
        ),
        migrations.RunPython(fill, unfill),
    ]
