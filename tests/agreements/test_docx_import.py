"""Reading an agreement from Word: the five heading conventions offices use, each point's text
in the editor's formatting, what was dropped, and the proposed mapping onto the veileder."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from agreements import services
from agreements.docx_export import agreement_docx
from agreements.docx_import import (
    Dropped,
    ImportedDocument,
    ImportedPart,
    docx_read,
    import_mapping_propose,
    import_structured_propose,
)
from agreements.models import Agreement, AgreementEvent, SectionApproval
from agreements.selectors.docx_imports import docx_import_target
from agreements.structured import MEETINGS, VALIDITY

from . import approve_everything, section, sign_both, write
from . import docx_builders as b

OWN = None


def read(data: bytes) -> ImportedDocument:
    return docx_read(io.BytesIO(data))


def mapped_numbers(document, template) -> dict[str, str | None]:
    """title in the file -> number of the veileder point it is proposed for (None: own)."""
    numbers = dict(template.sections.values_list("pk", "number"))
    mapping = import_mapping_propose(document, template)
    return {p.title: numbers.get(mapping[p.key]) for p in document.parts}


def assert_texts(document, overrides=None) -> None:
    expected = {**b.EXPECTED, **(overrides or {})}
    assert [p.title for p in document.parts] == [p.title for p in b.AGREEMENT]
    for part in document.parts:
        assert part.html == expected[part.title], part.title
    assert {d.kind: d.count for d in document.dropped} == b.EXPECTED_DROPPED
    assert "Partnerskapsavtale for NAV Fjellvik" in document.preamble_html
    assert "Vedtatt i partnerskapsmøtet 4. desember 2023." in document.preamble_html


BY_TITLE = {
    "Avtaleparter": "1.0",
    "Formålet med partnerskapsavtalen": "2.0",
    "Kommunikasjon": OWN,
    "Organisering og drift av NAV-kontoret": "3.0",
    "Styring og ledelse": "3.1",
    "HMS": OWN,
    "Lokaler": OWN,
    "Avtaleperiode": "9.0",
}


@pytest.mark.parametrize(
    "style_names", [("Heading 1", "Heading 2"), ("Overskrift 1", "Overskrift 2")]
)
def test_word_heading_styles(veileder, style_names):
    """English and Norwegian Word's heading styles; no numbers, so the mapping goes by title;
    the title page (Title style) is the preamble; Heading 2 inside a point is a sub-heading
    that keeps its level (h2)."""
    document = read(b.build_heading_styles(style_names))
    assert [p.number for p in document.parts] == [""] * 8
    leadership = b.EXPECTED["Styring og ledelse"]
    assert_texts(document, {"Styring og ledelse": leadership.replace("h3>", "h2>")})
    assert document.preamble_html.startswith("<h2>Partnerskapsavtale for NAV Fjellvik</h2>")
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_bold_paragraphs(veileder):
    """Short bold paragraphs are points; the larger bold title stays in the preamble and the
    smaller bold line inside 3.1 is a sub-heading."""
    document = read(b.build_bold_paragraphs())
    assert_texts(document)
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_numbers_with_zero(veileder):
    """ "1.0 Avtaleparter" typed in plain paragraphs; the bold line in 3.1 is a sub-heading; own
    points numbered by the office (2.2, 3.9, 3.10) are numbers the veileder does not have."""
    document = read(b.build_numbers_with_zero())
    assert [(p.number, p.title) for p in document.parts] == [
        (p.number, p.title) for p in b.AGREEMENT
    ]
    assert_texts(document)
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_numbers_with_dot_renumbered(veileder):
    """ "1. Avtaleparter" (≡ 1.0), numbered one after another by the office: where a number
    names a veileder point on another topic ("3. Kommunikasjon", "7. Avtaleperiode") the
    title decides. The italic line is text, not a sub-heading."""
    document = read(b.build_numbers_with_dot())
    assert [p.number for p in document.parts] == ["1", "2", "3", "4", "4.1", "5", "6", "7"]
    assert_texts(
        document,
        {
            "Styring og ledelse": b.EXPECTED["Styring og ledelse"].replace(
                "<h3>Deltakere</h3>", "<p><em>Deltakere</em></p>"
            )
        },
    )
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_punkt_prefix(veileder):
    """ "Punkt 3.1 Styring og ledelse" in Heading 2 with unnumbered own points in the same
    style; Heading 3 inside a point is a sub-heading."""
    document = read(b.build_punkt_prefix())
    assert [p.number for p in document.parts] == ["1.0", "2.0", "", "3.0", "3.1", "", "", "9.0"]
    assert [p.title for p in document.parts][:2] == [
        "Avtaleparter",
        "Formålet med partnerskapsavtalen",
    ]
    assert_texts(document)
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_numbered_list_headings(veileder):
    """Headings as items of Word's own numbered list (1., 2., 2.1, …): each stands alone
    between text. The numbered list of responsibilities in 3 (items next to each other) stays
    text, as an ordered list."""
    document = read(b.build_numbered_list_headings())
    assert [p.number for p in document.parts] == ["1", "2", "2.1", "3", "3.1", "3.2", "3.3", "4"]
    organisation = b.EXPECTED["Organisering og drift av NAV-kontoret"]
    assert_texts(
        document,
        {
            "Organisering og drift av NAV-kontoret": organisation.replace("<ul>", "<ol>").replace(
                "</ul>", "</ol>"
            )
        },
    )
    assert mapped_numbers(document, veileder) == BY_TITLE


def test_nested_lists_and_hand_typed_bullets():
    document = b.new_document()
    document.add_paragraph("1.0 Avtaleparter")
    document.add_paragraph("Partene er:")
    document.add_paragraph("Fjellvik kommune", style="List Bullet")
    document.add_paragraph("Bydelene Nord og Sør", style="List Bullet 2")
    document.add_paragraph("NAV Vestfold og Telemark", style="List Bullet")
    document.add_paragraph("• Kontoret selv")
    part = read(b.to_bytes(document)).parts[0]
    assert part.html == (
        "<p>Partene er:</p><ul><li>Fjellvik kommune<ul><li>Bydelene Nord og Sør</li></ul></li>"
        "<li>NAV Vestfold og Telemark</li><li>Kontoret selv</li></ul>"
    )


def test_sentences_that_begin_with_a_number_are_text():
    """A date or a count at the start of a sentence is not a heading."""
    data = b.simple_docx(
        "1.0 Avtaleparter",
        "1. januar 2024 trer avtalen i kraft.",
        "2 ganger i året møtes partene.",
        "3.1 Styring og ledelse",
    )
    document = read(data)
    assert [(p.number, p.title) for p in document.parts] == [
        ("1.0", "Avtaleparter"),
        ("3.1", "Styring og ledelse"),
    ]
    assert document.parts[0].html == (
        "<p>1. januar 2024 trer avtalen i kraft.</p><p>2 ganger i året møtes partene.</p>"
    )


def test_progress_is_reported():
    calls = []
    read_with = b.simple_docx("1.0 Avtaleparter", "Tekst.", "2.0 Formål", "Mer tekst.")
    docx_read(io.BytesIO(read_with), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)
    assert [done for done, _total in calls] == [1, 2, 3, 4]


def test_json_round_trip():
    document = ImportedDocument(
        preamble_html="<p>Forside</p>",
        parts=[ImportedPart(key="part-1", number="1.0", title="Avtaleparter", html="<p>x</p>")],
        dropped=[Dropped(kind="image", count=2)],
    )
    assert ImportedDocument.from_json(document.to_json()) == document


# ---- mapping rules


def parts(*headings: tuple[str, str]) -> ImportedDocument:
    return ImportedDocument(
        preamble_html="",
        parts=[
            ImportedPart(key=f"part-{i}", number=number, title=title, html="<p>Tekst.</p>")
            for i, (number, title) in enumerate(headings, start=1)
        ],
        dropped=[],
    )


def test_mapping_by_number_when_the_title_is_on_the_same_topic(veileder):
    """ "1." ≡ "1.0"; a title sharing a word with the point's title (a compound's last part
    counts: "parter" in "Avtaleparter") is on the same topic; a part without title goes by
    its number; a title on another topic with no match elsewhere is an own point."""
    document = parts(
        ("1.", "Avtalens parter"),
        ("3.1", "Ledelse og styring av kontoret"),
        ("3.2", ""),
        ("4.", "Kommunikasjon"),
        ("9", "Avtaleperiode og oppsigelse"),
    )
    assert mapped_numbers(document, veileder) == {
        "Avtalens parter": "1.0",
        "Ledelse og styring av kontoret": "3.1",
        "": "3.2",
        "Kommunikasjon": OWN,
        "Avtaleperiode og oppsigelse": "9.0",
    }


def test_mapping_number_on_another_topic_goes_by_title(veileder):
    """An office that put its own point first and shifted the rest: "3.1 Lokaler",
    "3.2 Styring og ledelse", "3.3 Ansettelse av leder og medarbeidere"."""
    document = parts(
        ("3.0", "Organisering og drift av NAV-kontoret"),
        ("3.1", "Lokaler"),
        ("3.2", "Styring og ledelse"),
        ("3.3", "Ansettelse av leder og medarbeidere"),
    )
    assert mapped_numbers(document, veileder) == {
        "Organisering og drift av NAV-kontoret": "3.0",
        "Lokaler": OWN,
        "Styring og ledelse": "3.1",
        "Ansettelse av leder og medarbeidere": "3.2",
    }


def test_each_veileder_point_gets_at_most_one_part(veileder):
    document = parts(("9.0", "Avtaleperiode"), ("", "Avtaleperiode"), ("", "Kommunikasjon"))
    mapping = import_mapping_propose(document, veileder)
    period = veileder.sections.get(number="9.0").pk
    assert mapping == {"part-1": period, "part-2": None, "part-3": None}


def test_mapping_reads_the_template_once(veileder, django_assert_num_queries):
    document = read(b.build_numbers_with_zero())
    with django_assert_num_queries(1):  # the template's points
        import_mapping_propose(document, veileder)


# ---- structured parts stated plainly


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Avtalen gjelder fra 1. januar 2024.", {"valid_from": "2024-01-01"}),
        (
            "Avtalen gjelder fra 01.01.2024 til 31.12.2027 med 6 måneders oppsigelse.",
            {
                "valid_from": "2024-01-01",
                "valid_to": "2027-12-31",
                "until_renewed": False,
                "notice_months": 6,
            },
        ),
        ("Avtalen ble signert 12.04.2024.", {}),  # no "fra": not stated as the start
        ("Gjelder fra 1. januar 2024, eller fra 1. mars 2024.", {}),  # two: not plain
    ],
)
def test_validity_stated_plainly(text, found):
    assert import_structured_propose(VALIDITY, f"<p>{text}</p>") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Partnerskapsmøtet holdes fire ganger i året.", {"meetings_per_year": 4}),
        ("Partene har 4 møter i året.", {"meetings_per_year": 4}),
        ("Det holdes minst to møter per halvår.", {"meetings_per_year": 4}),
        ("Partene møtes ved behov.", {}),
        ("Tre møter i året, men fire ganger i året ved omstilling.", {}),
    ],
)
def test_meetings_stated_plainly(text, found):
    assert import_structured_propose(MEETINGS, f"<p>{text}</p>") == found


# ---- the import


def import_file(data: bytes, partnership, user):
    document = read(data)
    template = docx_import_target(partnership).template
    mapping = import_mapping_propose(document, template)
    agreement = services.agreement_import_docx(
        partnership=partnership, user=user, document=document, mapping=mapping
    )
    return document, agreement


VEILEDER_NUMBERS = ["1.0", "2.0", "2.1", "3.0"] + [f"3.{n}" for n in range(1, 9)]
VEILEDER_NUMBERS += ["4.0", "5.0", "6.0", "7.0", "8.0", "9.0"]


def rows(agreement) -> list[tuple[str, str, str]]:
    return list(agreement.sections.order_by("position").values_list("number", "title", "body"))


@pytest.mark.parametrize(
    "build", [b.build_numbers_with_zero, b.build_heading_styles, b.build_numbers_with_dot]
)
def test_import_creates_a_draft(world, veileder, state_editor, build):
    """Each part's text in its veileder point (the point keeps the veileder's title), own
    points between them in the document's order, numbered as in the file where free; the
    points the file does not cover stay as the veileder left them."""
    _document, agreement = import_file(build(), world.partnership, state_editor)

    assert (agreement.status, agreement.version, agreement.based_on) == ("draft", 1, None)
    found = rows(agreement)
    numbers = [n for n, _t, _b in found]
    own = [(n, t) for n, t, _b in found if n not in VEILEDER_NUMBERS]
    assert own == [("2.2", "Kommunikasjon"), ("3.9", "HMS"), ("3.10", "Lokaler")]
    assert (
        numbers
        == VEILEDER_NUMBERS[:3]
        + ["2.2"]
        + VEILEDER_NUMBERS[3:12]
        + [
            "3.9",
            "3.10",
        ]
        + VEILEDER_NUMBERS[12:]
    )
    bodies = {n: body for n, _t, body in found}
    titles = {n: t for n, t, _b in found}
    assert titles["3.1"] == "Styring og ledelse av det felles lokale kontoret"
    expected = {**b.EXPECTED}
    leadership = expected["Styring og ledelse"]
    if build is b.build_numbers_with_dot:
        expected["Styring og ledelse"] = leadership.replace(
            "<h3>Deltakere</h3>", "<p><em>Deltakere</em></p>"
        )
    if build is b.build_heading_styles:
        expected["Styring og ledelse"] = leadership.replace("h3>", "h2>")
    for number, title in [
        ("1.0", "Avtaleparter"),
        ("2.0", "Formålet med partnerskapsavtalen"),
        ("2.2", "Kommunikasjon"),
        ("3.0", "Organisering og drift av NAV-kontoret"),
        ("3.1", "Styring og ledelse"),
        ("3.9", "HMS"),
        ("3.10", "Lokaler"),
        ("9.0", "Avtaleperiode"),
    ]:
        assert bodies[number] == expected[title], number
    assert all(bodies[n] == "" for n in ("2.1", "3.2", "4.0", "8.0"))


def test_import_fills_in_what_the_text_states_plainly_and_says_so(world, veileder, state_editor):
    """3.1 "fire ganger i året" and 9.0 "fra 1. januar 2024" go into the structured parts,
    each named in the point's event so the parties check them; nothing else is guessed
    (the parties in 1.0 stay as proposed from the partnership)."""
    _document, agreement = import_file(b.build_numbers_with_zero(), world.partnership, state_editor)
    leadership = section(agreement, "3.1")
    period = section(agreement, "9.0")
    assert leadership.structured["meetings_per_year"] == 4
    assert period.structured["valid_from"] == "2024-01-01"
    assert period.structured["until_renewed"] is True
    assert section(agreement, "1.0").structured["municipal_party"]  # from the partnership
    events = {
        e.section.number if e.section else None: e.detail
        for e in agreement.events.filter(kind=AgreementEvent.Kind.IMPORTED)
    }
    assert events["3.1"] == (
        "3.1 Styring og ledelse av det felles lokale kontoret – fylt ut fra filen, må "
        "kontrolleres: Partnerskapsmøter i året, minst"
    )
    assert events["9.0"] == "9.0 Avtaleperiode – fylt ut fra filen, må kontrolleres: Gjelder fra"
    assert events["2.2"] == "2.2 Kommunikasjon"
    assert events[None] == ""
    # The same record in English for an English reader: stored without a language.
    with translation.override("en"):
        event = agreement.events.get(kind=AgreementEvent.Kind.IMPORTED, section=period)
        assert event.detail == ("9.0 Avtaleperiode – filled in from the file, to check: Valid from")
    # The points keep the mark for the editor to check.
    assert leadership.imported_fields == ["meetings_per_year"]
    assert period.imported_fields == ["valid_from"]
    assert section(agreement, "2.2").imported_fields == []
    assert "2.1" not in events  # nothing imported there
    assert not SectionApproval.objects.filter(section__agreement=agreement).exists()


def test_import_keeps_the_empty_veileder_text_as_the_first_revision(world, veileder, state_editor):
    """The redline of a point shows what the import wrote."""
    _document, agreement = import_file(b.build_numbers_with_zero(), world.partnership, state_editor)
    purpose = section(agreement, "2.0")
    kept = list(purpose.revisions.order_by("number").values_list("number", "body"))
    assert kept == [(1, ""), (2, purpose.body)]
    assert purpose.revision == 2
    assert not purpose.is_empty and section(agreement, "2.1").is_empty


def test_import_revises_the_agreement_in_force(in_force, state_editor):
    """With an agreement in force, the import is a revision of it: the imported points
    replace their text, the others keep the text in force, the own points are added."""
    _document, revision = import_file(b.build_heading_styles(), in_force.partnership, state_editor)

    assert revision.based_on == in_force and revision.version == 2
    assert revision.status == Agreement.Status.DRAFT
    bodies = {n: body for n, _t, body in rows(revision)}
    assert bodies["3.1"] == b.EXPECTED["Styring og ledelse"].replace("h3>", "h2>")
    assert bodies["2.1"] == "<p>Avtalt tekst for 2.1.</p>"
    assert bodies["2.2"] == b.EXPECTED["Kommunikasjon"]
    assert section(revision, "3.1").revision == 2
    assert section(revision, "2.1").revision == 1
    in_force.refresh_from_db()
    assert section(in_force, "3.1").body == "<p>Avtalt tekst for 3.1.</p>"


def test_a_revision_writes_an_own_point_of_the_same_title_in_place(
    world, veileder, municipal_signatory, state_signatory, nav_leder, state_editor, media,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The version in force already has "Kommunikasjon" (its own 10.0): the import gives it
    the new text instead of adding a second one."""
    agreement = services.agreement_create(partnership=world.partnership, user=nav_leder)
    services.agreement_section_add(agreement=agreement, user=nav_leder, title="Kommunikasjon")
    nine = section(agreement, "9.0")
    services.agreement_section_update(
        section=nine, user=nav_leder, title=nine.title, body="<p>Fra 2026.</p>",
        structured_data={**nine.structured, "valid_from": "2026-01-01"},
        expected_revision=nine.revision,
    )  # fmt: skip
    approve_everything(
        agreement, writer=nav_leder, municipal=municipal_signatory, state=state_editor
    )
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        in_force = sign_both(
            agreement, municipal=municipal_signatory, state=state_signatory,
            capture=django_capture_on_commit_callbacks,
        )  # fmt: skip
    assert in_force.status == Agreement.Status.IN_FORCE

    _document, revision = import_file(b.build_heading_styles(), world.partnership, state_editor)
    communication = revision.sections.filter(title="Kommunikasjon")
    assert list(communication.values_list("number", "body")) == [
        ("10.0", b.EXPECTED["Kommunikasjon"])
    ]


def test_the_mapping_is_checked_and_nothing_is_created(world, veileder, state_editor):
    document = read(b.build_numbers_with_zero())
    proposed = import_mapping_propose(document, veileder)
    first, second = document.parts[0].key, document.parts[1].key
    bad = {
        "mapping_incomplete": {k: v for k, v in proposed.items() if k != first},
        "mapping_unknown": {**proposed, first: 999_999},
        "mapping_twice": {**proposed, second: proposed[first]},
    }
    for code, mapping in bad.items():
        with pytest.raises(ValidationError) as caught, translation.override("nb"):
            services.agreement_import_docx(
                partnership=world.partnership, user=state_editor, document=document, mapping=mapping
            )
        assert caught.value.code == code
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("persona", ["reader", "outsider"])
def test_only_editors_of_the_partnership_may_import(world, veileder, persona, request):
    user = request.getfixturevalue(persona)
    document = read(b.build_numbers_with_zero())
    mapping = import_mapping_propose(document, veileder)
    with pytest.raises(PermissionDenied):
        services.agreement_import_docx(
            partnership=world.partnership, user=user, document=document, mapping=mapping
        )
    assert not Agreement.objects.exists()


def test_an_open_agreement_blocks_the_import(agreement, world, state_editor):
    document = read(b.build_numbers_with_zero())
    mapping = import_mapping_propose(document, agreement.template)
    with pytest.raises(ValidationError):
        services.agreement_import_docx(
            partnership=world.partnership, user=state_editor, document=document, mapping=mapping
        )
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("points", [3, 8])
def test_import_query_count(world, veileder, state_editor, django_assert_num_queries, points):
    """The same number of queries for 3 points as for 8."""
    data = b.build(
        lambda d, p: d.add_paragraph(f"{p.number} {p.title}"),
        sub_heading=lambda d, text: b.bold_paragraph(d, text),
        points=b.AGREEMENT[:points],
    )
    document = read(data)
    mapping = import_mapping_propose(document, veileder)
    state_editor = type(state_editor).objects.get(pk=state_editor.pk)
    with django_assert_num_queries(IMPORT_QUERIES):
        services.agreement_import_docx(
            partnership=world.partnership, user=state_editor, document=document, mapping=mapping
        )


#: The access gate (2: covered municipalities, memberships); the agreement in force and the
#: newest template (2); the template's points (1); agreement_create with its savepoints and
#: the write counted in the partnership (25); then the sections (1), the new own points (1),
#: the changed points (1), their kept texts (1), the write counted (1) and the events (1);
#: the outer savepoint and its release (2).
IMPORT_QUERIES = 38


# ---- the management command


def test_command_dry_run_prints_the_mapping_and_creates_nothing(world, veileder, tmp_path):
    path = tmp_path / "avtale.docx"
    path.write_bytes(b.build_numbers_with_zero())
    out = io.StringIO()
    call_command("import_agreement", str(path), "--partnership", str(world.partnership.pk),
                 "--dry-run", stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert "part-5  3.1 Styring og ledelse  ->  3.1 Styring og ledelse av det felles" in lines[4]
    assert lines[5].endswith("3.9 HMS  ->  own point")
    assert "dropped: tracked_insertion x 1" in lines
    assert not Agreement.objects.exists()


def test_command_imports_as_the_user(world, veileder, state_editor, tmp_path):
    path = tmp_path / "avtale.docx"
    path.write_bytes(b.build_numbers_with_zero())
    out = io.StringIO()
    call_command("import_agreement", str(path), "--partnership", str(world.partnership.pk),
                 "--user", state_editor.username, stdout=out)  # fmt: skip
    agreement = Agreement.objects.get()
    assert f"Imported as agreement {agreement.pk}, version 1." in out.getvalue()
    assert section(agreement, "2.2").title == "Kommunikasjon"


def test_command_refuses_a_bad_file_and_a_reader(world, veileder, reader, tmp_path):
    pdf = tmp_path / "avtale.docx"
    pdf.write_bytes(b.PDF)
    with pytest.raises(CommandError, match=r"\(pdf\)"):
        call_command("import_agreement", str(pdf), "--partnership", str(world.partnership.pk),
                     "--dry-run")  # fmt: skip
    good = tmp_path / "god.docx"
    good.write_bytes(b.build_numbers_with_zero())
    with pytest.raises(CommandError, match="may not edit"):
        call_command("import_agreement", str(good), "--partnership", str(world.partnership.pk),
                     "--user", reader.username)  # fmt: skip
    assert not Agreement.objects.exists()


# ---- round trip


RICH = (
    "<p>Partene skal <strong>samarbeide tett</strong> og <em>dele kunnskap</em>; se "
    '<a href="https://www.nav.no/partnerskap">veilederen</a>.</p>'
    "<h3>Møter</h3><ul><li>fast møte hver måned<ul><li>referat innen en uke</li></ul></li>"
    "<li>ekstra møter ved behov</li></ul><ol><li>innkalling</li><li>saksliste</li></ol>"
)


def test_round_trip_export_then_import(agreement, nav_leder):
    """The agreement exported to Word and read back: every point with its number and title,
    mapped to its own veileder point (the own point to none), and its text as it was: what
    the export prints of a structured part, the "not filled in" note, the attachments and
    the signatures are the export's, not the points' text."""
    for s in agreement.sections.all():
        write(
            agreement,
            s.number,
            nav_leder,
            RICH if s.number == "2.0" else f"<p>Tekst {s.number}.</p>",
        )
    own = services.agreement_section_add(agreement=agreement, user=nav_leder, title="Kommunikasjon")
    write(agreement, own.number, nav_leder, "<p>NAV-leder informerer partene.</p>")
    sections = list(agreement.sections.select_related("template_section").order_by("position"))

    document = read(agreement_docx(agreement))

    assert [(p.number, p.title) for p in document.parts] == [(s.number, s.title) for s in sections]
    mapping = import_mapping_propose(document, agreement.template)
    assert [mapping[p.key] for p in document.parts] == [s.template_section_id for s in sections]
    for part, s in zip(document.parts, sections, strict=True):
        assert part.html == s.body, s.number
    assert "Underskrifter" not in document.parts[-1].html
