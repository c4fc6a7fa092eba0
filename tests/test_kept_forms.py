"""``|kept_crispy``: an empty form's HTML kept in the cache is the HTML crispy renders, for
every change of what the form shows; a form with the user's input is never kept."""

import datetime as dt

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils import translation

from navpartner.templatetags import kept_forms


@pytest.fixture
def rendered(monkeypatch) -> list:
    """The forms crispy renders, counted."""
    forms_rendered: list = []
    monkeypatch.setattr(
        kept_forms,
        "as_crispy_form",
        lambda form: forms_rendered.append(form) or as_crispy_form(form),
    )
    return forms_rendered


class PlaceForm(forms.Form):
    place = forms.CharField(label="Sted", help_text="Adressen eller rommet.", max_length=40)
    kind = forms.ChoiceField(label="Type", choices=[("a", "Fysisk"), ("b", "Digitalt")])
    day = forms.DateField(label="Dato", widget=forms.DateInput(attrs={"type": "date"}))


def test_an_empty_form_is_rendered_once_then_read_from_the_cache(rendered):
    first = kept_forms.kept_crispy(PlaceForm())
    again = kept_forms.kept_crispy(PlaceForm())
    assert first == again == as_crispy_form(PlaceForm())
    assert len(rendered) == 1
    assert 'name="place"' in first and "Adressen eller rommet." in first


def test_what_the_form_shows_is_in_its_key():
    def kept(form):
        html = kept_forms.kept_crispy(form)
        assert html == as_crispy_form(form)  # as a fresh render shows it
        return html

    plain = kept(PlaceForm())
    initial = kept(PlaceForm(initial={"place": "Møterom 3", "day": dt.date(2026, 3, 2)}))
    prefixed = kept(PlaceForm(prefix="item-7"))
    narrowed = PlaceForm()
    narrowed.fields["kind"].choices = [("a", "Fysisk")]
    relabelled = PlaceForm()
    relabelled.fields["place"].label = "Møtested"
    optional = PlaceForm()
    optional.fields["place"].required = False
    htmls = [
        plain,
        initial,
        prefixed,
        kept(narrowed),
        kept(relabelled),
        kept(optional),
    ]
    assert len(set(htmls)) == len(htmls)
    assert 'value="Møterom 3"' in initial and 'name="item-7-place"' in prefixed
    assert "Digitalt" not in htmls[3] and "Møtested" in htmls[4]


def test_each_language_has_its_own_entry():
    class Translated(forms.Form):
        reason = forms.CharField(label=translation.gettext_lazy("Reason"))

    with translation.override("en"):
        english = kept_forms.kept_crispy(Translated())
    with translation.override("nb"):
        norwegian = kept_forms.kept_crispy(Translated())
    assert "Reason" in english and "Reason" not in norwegian


def test_a_form_with_the_users_input_is_rendered_every_time(rendered):
    for _ in range(2):
        html = kept_forms.kept_crispy(PlaceForm(data={"place": "", "kind": "x"}))
        assert "is-invalid" in html
    assert len(rendered) == 2


def test_a_field_of_an_empty_form_is_kept_and_of_a_filled_one_is_not(monkeypatch):
    fields = []
    real = kept_forms.as_crispy_field
    monkeypatch.setattr(
        kept_forms, "as_crispy_field", lambda bound: fields.append(bound.name) or real(bound)
    )
    empty = PlaceForm(initial={"place": "Møterom 3"})
    first = [kept_forms.kept_crispy_field(bound) for bound in empty]
    assert first == [real(bound) for bound in PlaceForm(initial={"place": "Møterom 3"})]
    assert [
        kept_forms.kept_crispy_field(bound) for bound in PlaceForm(initial={"place": "Møterom 3"})
    ] == first
    assert fields == ["place", "kind", "day"]  # each rendered once
    assert 'value="Møterom 3"' in first[0]

    other = kept_forms.kept_crispy_field(PlaceForm(initial={"place": "Kantina"})["place"])
    assert 'value="Kantina"' in other

    filled = PlaceForm(data={"place": ""})["place"]
    assert "is-invalid" in kept_forms.kept_crispy_field(filled)
    assert "is-invalid" in kept_forms.kept_crispy_field(filled)
    assert fields[-2:] == ["place", "place"]
