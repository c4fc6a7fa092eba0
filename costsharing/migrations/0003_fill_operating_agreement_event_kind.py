"""A driftsavtale's history stores what happened (kind) and its figures (params) instead of a
sentence in the language of whoever made the change. The sentences already stored, in English
or bokmål, are read back into their kind and figures; one that cannot be read (a wording from
before this list, a name no longer known) is kept word for word under the kind "legacy"."""

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
BOKMAL_FIXED = {
    "terms_changed": "Endret nøkkel og vilkår.",
    "weights_changed": "Endret kommunenes tall.",
    "payments_set": "Registrerte innbetalinger a konto.",
}
# The sentences with figures, as the services wrote them in English and in bokmål.
SENTENCES = [
    ("created", "Created the driftsavtale for %(year)s."),
    ("created", "Opprettet driftsavtalen for %(year)s."),
    ("line_added", "Added the expense %(line)s."),
    ("line_added", "La til utgiften %(line)s."),
    ("line_changed", "Changed the expense %(line)s."),
    ("line_changed", "Endret utgiften %(line)s."),
    ("line_removed", "Removed the expense %(line)s."),
    ("line_removed", "Fjernet utgiften %(line)s."),
    ("period_added", "Registered %(fte)s årsverk for %(side)s from %(start)s to %(end)s."),
    ("period_added", "Registrerte %(fte)s årsverk for %(side)s fra %(start)s til %(end)s."),
    ("period_ended", "Ended %(side)s's %(fte)s årsverk on %(end)s."),
    ("period_ended", "Avsluttet de %(fte)s årsverkene til %(side)s %(end)s."),
    ("period_removed", "Removed %(side)s's årsverk from %(start)s to %(end)s."),
    ("period_removed", "Fjernet årsverkene til %(side)s fra %(start)s til %(end)s."),
    (
        "attached",
        "Attached the driftsavtale to the partnership agreement, version %(version)s.",
    ),
    ("attached", "La ved driftsavtalen i partnerskapsavtalen, versjon %(version)s."),
]
# What each figure looks like in a sentence (dates as dd.mm.yyyy, årsverk with a comma).
FIGURES = {
    "fte": r"[\d,]+",
    "start": r"\d{2}\.\d{2}\.\d{4}",
    "end": r"\d{2}\.\d{2}\.\d{4}",
    "year": r"\d+",
    "version": r"\d+",
}
PATTERNS = [
    (
        kind,
        re.compile(
            "^"
            + re.sub(
                r"%\\\((\w+)\\\)s",
                lambda m: f"(?P<{m[1]}>{FIGURES.get(m[1], '.+')})",
                re.escape(text),
            )
            + "$"
        ),
    )
    for kind, text in SENTENCES
]
# (value, English label, bokmål label) of the expense categories and the parties.
CATEGORY_LABELS = [
    ("rent", "Rent (husleie)", "Husleie"),
    ("common", "Common costs (felleskostnader)", "Felleskostnader"),
    ("energy", "Energy", "Energi"),
    ("cleaning", "Cleaning", "Renhold"),
    ("security", "Security and guarding", "Vakthold og sikring"),
    ("reception", "Reception", "Resepsjon"),
    ("furniture", "Furniture and fittings", "Inventar"),
    ("supplies", "Office supplies", "Rekvisita"),
]
SIDE_LABELS = [
    ("state", "The state (NAV)", "Staten (NAV)"),
    ("municipal", "The municipality", "Kommunen"),
]
CATEGORIES = {label: value for value, *labels in CATEGORY_LABELS for label in labels}
SIDES = {label: value for value, *labels in SIDE_LABELS for label in labels}
DAY = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
FTE = re.compile(r"^\d{1,4}(?:,\d{1,2})?$")


def _line(text):
    """A line's name as shown (its category's label, with " – name" after it, or an "other"
    line's own name) back to {"category", "name"}."""
    if text in CATEGORIES:
        return {"category": CATEGORIES[text], "name": ""}
    label, dash, name = text.partition(" – ")
    if dash and label in CATEGORIES:
        return {"category": CATEGORIES[label], "name": name}
    return {"category": "other", "name": text}


def _value(name, text):
    """One figure of a sentence as the services store it; None when it cannot be read."""
    if name == "line":
        return _line(text)
    if name == "side":
        return SIDES.get(text)
    if name in ("start", "end"):
        day = DAY.match(text)
        return f"{day[3]}-{day[2]}-{day[1]}" if day else None
    if name == "fte":
        return text.replace(",", ".") if FTE.match(text) else None
    if name in ("year", "version"):
        return int(text) if text.isdigit() else None
    return None


def _read(text):
    """(kind, params) of a stored sentence, or None."""
    if text in FIXED:
        return FIXED[text], {}
    for kind, pattern in PATTERNS:
        if match := pattern.match(text):
            params = {name: _value(name, value) for name, value in match.groupdict().items()}
            if None not in params.values():
                return kind, params
    return None


def fill(apps, schema_editor):
    Event = apps.get_model("costsharing", "OperatingAgreementEvent")
    events = list(Event.objects.all())
    for event in events:
        event.kind, event.params = _read(event.description) or (
            "legacy",
            {"text": event.description},
        )
    Event.objects.bulk_update(events, ["kind", "params"], batch_size=500)


def _said(kind, params):
    """An event as a bokmål sentence, as the services wrote them before 0003."""
    if kind == "legacy":
        return params.get("text", "")
    if kind in BOKMAL_FIXED:
        return BOKMAL_FIXED[kind]
    values = dict(params)
    if isinstance(values.get("line"), dict):
        labels = {value: bokmal for value, _english, bokmal in CATEGORY_LABELS}
        line = values["line"]
        label = labels.get(line.get("category"))
        name = line.get("name", "")
        values["line"] = f"{label} – {name}" if label and name else (label or name)
    if "side" in values:
        values["side"] = {value: bokmal for value, _english, bokmal in SIDE_LABELS}[values["side"]]
    if "fte" in values:
        values["fte"] = str(values["fte"]).replace(".", ",")
    for name in ("start", "end"):
        if name in values:
            year, month, day = str(values[name]).split("-")
            values[name] = f"{day}.{month}.{year}"
    return dict(SENTENCES[1::2])[kind] % values


def unfill(apps, schema_editor):
    """Back to sentences, in bokmål."""
    Event = apps.get_model("costsharing", "OperatingAgreementEvent")
    events = list(Event.objects.all())
    for event in events:
        try:
            text = _said(event.kind, event.params)
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
