"""Bokmål is the default language, nynorsk and English the others: every string of the
product has a text in each, in the templates and Python code (django.po) and in the browser's
scripts (djangojs.po)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


# Each domain with the least number of strings it has: an emptied catalogue fails too.
DOMAINS = pytest.mark.parametrize(("domain", "at_least"), [("django", 100), ("djangojs", 20)])


LANGUAGES = pytest.mark.parametrize("language", ["nb", "nn", "en"])


@LANGUAGES
@DOMAINS
def test_every_string_is_translated(language, domain, at_least):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > at_least


@LANGUAGES
@DOMAINS
def test_placeholders_survive_translation(language, domain, at_least):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))

    named = re.compile(r"%\(\w+\)[sdif]|%[sd]")
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # A plural form may leave out the number ("one point"), never add a name.
            allowed = set(named.findall(entry.msgid + entry.msgid_plural))
            for msgstr in entry.msgstr_plural.values():
                assert set(named.findall(msgstr)) <= allowed, entry.msgid
        else:
            assert sorted(named.findall(entry.msgstr)) == sorted(named.findall(entry.msgid)), (
                entry.msgid
            )


@pytest.mark.parametrize("language", ["nn", "en"])
@DOMAINS
def test_each_catalogue_has_the_same_strings_as_bokmal(language, domain, at_least):
    bokmal = {e.msgid for e in polib.pofile(str(LOCALE / f"nb/LC_MESSAGES/{domain}.po"))}
    other = {e.msgid for e in polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/{domain}.po"))}

    assert bokmal - other == set()
    assert other - bokmal == set()


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
