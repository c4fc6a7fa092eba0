"""Meeting events store a kind and its facts instead of a text translated when written.

Each stored text is read back against the messages in both languages (Norwegian and
English, as the writer's language was); what it names becomes the event's params (times in
ISO 8601, a role as its value, an item as its number, year and title). A text that matches
no message is kept as it was, as the kind "legacy" with params {"text": ...}. Backwards the
text is written again in the site's language from kind and params."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

# The messages as they stood when this migration was written (kind, msgid), the more
# specific before the more general.
MESSAGES = [
    ("forum_created", "Forum created"),
    ("member_added", "Member added: %(name)s (%(role)s)"),
    ("member_removed", "Member removed: %(name)s (%(role)s)"),
    ("meeting_planned", "Meeting planned for %(when)s"),
    ("meeting_changed", "Time or place changed: %(when)s, %(place)s"),
    ("item_submitted", "Item submitted: %(title)s"),
    ("item_changed", "Item changed: %(item)s"),
    ("item_accepted", "Item put on the agenda: %(item)s"),
    ("item_deferred_here", "Item deferred to this meeting: %(item)s"),
    ("item_deferred", "Item deferred to %(where)s: %(item)s (%(reason)s)"),
    ("item_declined", "Item declined: %(item)s (%(reason)s)"),
    ("agenda_reordered", "Agenda reordered"),
    ("invitation_sent", "Invitation sent to %(count)s members (agenda version %(version)s)"),
    ("minutes_written", "Minutes written: %(item)s"),
    ("action_added", "Action added: %(action)s (%(owner)s, due %(date)s)"),
    ("action_done", "Action done: %(action)s"),
    ("meeting_held", "Meeting held, %(present)s present"),
    ("minutes_approved", "Minutes approved"),
    ("item_escalated", "Item escalated to %(forum)s: %(item)s"),
    ("item_escalated_from", "Item escalated from %(office)s: %(item)s"),
    ("attachment_added", "Attachment added to %(item)s: %(title)s"),
]
ROLES = {
    "chair": "Chair",
    "secretary": "Secretary",
    "member": "Permanent member",
    "invited": "Invited when relevant",
}
ITEM_LABEL = "Item %(number)02d/%(year)02d"
LATER = "a later meeting not yet chosen"
CENTRAL = "Central cooperation committee – %(municipality)s and %(county)s"
# Params whose text is an item's label and title; in the escalation events only a title.
TITLE_ONLY = {"item_escalated", "item_escalated_from"}
LANGUAGES = ("nb", "en")


def _pattern(text: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)(?:02d|s)", text)
    regex = "".join(
        re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def _time(text: str) -> str:
    moment = datetime.strptime(text.strip(), "%d.%m.%Y %H:%M")
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def _item(text: str, language: str) -> dict:
    with translation.override(language):
        label = translation.gettext(ITEM_LABEL)
    regex = re.escape(label).replace(re.escape("%(number)02d"), r"(?P<number>\d{2,})")
    regex = regex.replace(re.escape("%(year)02d"), r"(?P<year>\d{2})")
    found = re.match(f"^{regex} (?P<title>.*)$", text, re.DOTALL)
    if found:
        number, year = int(found["number"]), 2000 + int(found["year"])
        return {"number": number, "year": year, "title": found["title"]}
    return {"number": None, "year": None, "title": text}


def _params(kind: str, values: dict, language: str) -> dict:
    """The params of an event from the parts of its text; ValueError if they do not fit."""
    with translation.override(language):
        roles = {translation.gettext(label): code for code, label in ROLES.items()}
        later = translation.gettext(LATER)
        central = _pattern(translation.gettext(CENTRAL))
    params = dict(values)
    if "when" in params:
        params["when"] = _time(params["when"])
    if "where" in params:
        params["where"] = None if params["where"] == later else _time(params["where"])
    if "date" in params:
        params["date"] = datetime.strptime(params["date"], "%d.%m.%Y").date().isoformat()
    if "role" in params:
        params["role"] = roles[params["role"]]  # KeyError: not a role
    for key in ("count", "version", "present"):
        if key in params:
            params[key] = int(params[key])
    if "forum" in params:
        found = central.match(params.pop("forum"))
        if not found:
            raise ValueError("not a central committee")
        params["central"] = {"municipality": found["municipality"], "county": found["county"]}
    if "item" in params:
        title = params["item"]
        params["item"] = {"title": title} if kind in TITLE_ONLY else _item(title, language)
    return params


def _patterns():
    patterns = []
    for language in LANGUAGES:
        with translation.override(language):
            for kind, msgid in MESSAGES:
                patterns.append((kind, _pattern(translation.gettext(msgid)), language))
    return patterns


def fill_kinds(apps, schema_editor):
    MeetingEvent = apps.get_model("meetings", "MeetingEvent")
    patterns = _patterns()
    changed = []
    for event in MeetingEvent.objects.only("pk", "description").iterator():
        event.kind, event.params = "legacy", {"text": event.description}
        for kind, pattern, language in patterns:
            found = pattern.match(event.description)
            if not found:
                continue
            try:
                event.kind, event.params = kind, _params(kind, found.groupdict(), language)
            except (KeyError, ValueError):
                continue
            break
        changed.append(event)
    MeetingEvent.objects.bulk_update(changed, ["kind", "params"], batch_size=500)


def _text(kind: str, params: dict) -> str:
    """The event's text in the active language (as MeetingEvent.text says it)."""
    if kind == "legacy":
        return params.get("text", "")
    values = dict(params)
    if "item" in values:
        item = values["item"]
        label = ""
        if item.get("number") is not None and item.get("year") is not None:
            label = translation.gettext(ITEM_LABEL) % {
                "number": item["number"],
                "year": item["year"] % 100,
            }
        values["item"] = f"{label} {item['title']}".strip()
    zone = ZoneInfo(settings.TIME_ZONE)
    for key in ("when", "where"):
        if key in values:
            value = values[key]
            values[key] = (
                f"{datetime.fromisoformat(value).astimezone(zone):%d.%m.%Y %H:%M}"
                if value
                else translation.gettext(LATER)
            )
    if "date" in values:
        values["date"] = f"{date.fromisoformat(values['date']):%d.%m.%Y}"
    if "role" in values:
        values["role"] = translation.gettext(ROLES[values["role"]])
    if "central" in values:
        values["forum"] = translation.gettext(CENTRAL) % values.pop("central")
    return translation.gettext(dict(MESSAGES)[kind]) % values


def fill_descriptions(apps, schema_editor):
    MeetingEvent = apps.get_model("meetings", "MeetingEvent")
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for event in MeetingEvent.objects.only("pk", "kind", "params").iterator():
            event.description = _text(event.kind, event.params)[:300]
            changed.append(event)
    MeetingEvent.objects.bulk_update(changed, ["description"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_fill_forums"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingevent",
            name="kind",
            field=models.CharField(default="legacy", max_length=30, verbose_name="event"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="meetingevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="details"),
        ),
        migrations.RunPython(fill_kinds, fill_descriptions, elidable=False),
    ]
