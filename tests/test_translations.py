"""Bokmål is the default language: every string of the product has a Norwegian text."""

from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_every_string_has_a_bokmal_translation():
    catalogue = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 100


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))

    for entry in catalogue.translated_entries():
        for placeholder in ("%(name)s", "%(username)s", "%s", "%d"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), entry.msgid


def test_the_english_catalogue_exists_for_every_string():
    norwegian = {e.msgid for e in polib.pofile(str(LOCALE / "nb/LC_MESSAGES/django.po"))}
    english = {e.msgid for e in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))}

    assert norwegian == english
