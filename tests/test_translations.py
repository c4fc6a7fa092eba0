"""Bokmål is the default language: every string of the product has a Norwegian text, in the
templates and Python code (django.po) and in the browser's scripts (djangojs.po)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


# Each domain with the least number of strings it has: an emptied catalogue fails too.
DOMAINS = pytest.mark.parametrize(("domain", "at_least"), [("django", 100), ("djangojs", 20)])


@DOMAINS
def test_every_string_has_a_bokmal_translation(domain, at_least):
    catalogue = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / f"{domain}.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > at_least


@DOMAINS
def test_placeholders_survive_translation(domain, at_least):
    catalogue = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / f"{domain}.po"))

    for entry in catalogue.translated_entries():
        # A plural entry has its texts in msgstr_plural (its msgstr is empty).
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for placeholder in ("%(name)s", "%(username)s", "%s", "%d"):
            for msgstr in translations:
                assert entry.msgid.count(placeholder) == msgstr.count(placeholder), entry.msgid


@DOMAINS
def test_the_english_catalogue_exists_for_every_string(domain, at_least):
    norwegian = {e.msgid for e in polib.pofile(str(LOCALE / f"nb/LC_MESSAGES/{domain}.po"))}
    english = {e.msgid for e in polib.pofile(str(LOCALE / f"en/LC_MESSAGES/{domain}.po"))}

    assert norwegian == english


def test_every_script_string_is_in_the_catalogue():
    """A gettext() added to static/js without makemessages -d djangojs would stay English."""
    catalogue = {e.msgid for e in polib.pofile(str(LOCALE / "nb/LC_MESSAGES/djangojs.po"))}
    used = {
        msgid
        for script in (Path(settings.BASE_DIR) / "static" / "js").glob("*.js")
        for msgid in re.findall(r"\bgettext(?:_noop)?\(\s*\"([^\"]+)\"", script.read_text())
    }

    assert used
    assert used - catalogue == set()
