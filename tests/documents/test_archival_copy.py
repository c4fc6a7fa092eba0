"""The archival copy is the complete record of the signed agreement, and every print names the
same parties, dates a draft by its content and names who is to sign it.

Read as an archivist would: the PDF's pages (pypdf), its embedded files and their PDF/A-3
relationship (pikepdf). Dates are formatted by Django's nb locale (``bokmal``).
"""

import datetime as dt
import hashlib
import io
import re

import pikepdf
import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from agreements import services, structured
from agreements.documents import (
    agreement_archive_printable,
    agreement_printable,
    signature_rows,
)
from agreements.models import Agreement
from agreements.selectors import agreement_document_context, agreement_get_for_user
from demo import texts
from navpartner.documents import document_make
from navpartner.models import RenderedDocument
from navpartner.pdf import render_pdf
from tests.agreements import MUNICIPAL, STATE, pdf_upload, sign
from tests.documents.test_agreement_pdf import page_texts
from tests.factories import pdf_bytes

pytestmark = pytest.mark.usefixtures("media", "bokmal")

OSLO = dt.timezone(dt.timedelta(hours=1))
SIGNED_ON_PAPER = dt.datetime(2026, 2, 25, 14, 0, tzinfo=OSLO)
SIGNING_DAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=OSLO)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat_lines(text: str) -> str:
    """Text with its line breaks as spaces, for a sentence the layout may wrap."""
    return re.sub(r"\s+", " ", text)


def flat(text: str) -> str:
    """Text without line breaks and spaces, for a checksum the layout may wrap."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def scan():
    return pdf_bytes(2)


@pytest.fixture
def signed(
    approved, municipal_signatory, state_signatory, scan, django_capture_on_commit_callbacks
):
    """Grorud's agreement with one vedlegg: the municipal side signed on paper on 25 February
    2026 (the scan uploaded on 1 March), the state side in navpartner on 1 March 2026; the
    archival copy made."""
    with time_machine.travel(SIGNING_DAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.attachment_add(
                agreement=approved,
                user=municipal_signatory,
                kind="other",
                title="Lokal driftsavtale 2026",
                upload=pdf_upload(pdf_bytes(1), "driftsavtale-2026.pdf"),
            )
        with django_capture_on_commit_callbacks(execute=True):
            sign(
                approved,
                municipal_signatory,
                MUNICIPAL,
                evidence=pdf_upload(scan, "skannet.pdf"),
                signed_at=SIGNED_ON_PAPER,
            )
            sign(approved, state_signatory, STATE)
    approved.refresh_from_db()
    assert approved.archive.status == RenderedDocument.Status.READY
    return approved


def embedded_files(pdf: bytes) -> dict[str, tuple[str, bytes]]:
    """File name → (AFRelationship, bytes) for every file the catalogue's /AF lists."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = {}
        for spec in document.Root.AF:
            found[str(spec.UF)] = (str(spec.AFRelationship), spec.EF.F.read_bytes())
        return found


def test_the_paper_scan_is_embedded_as_the_source_and_listed_on_the_signature_page(signed, scan):
    pdf = signed.archive.file.read()

    files = embedded_files(pdf)
    assert files["signert-papirkopi-kommunal-side.pdf"] == ("/Source", scan)
    signature_page = pages(pdf)[-1]
    assert "signert-papirkopi-kommunal-side.pdf" in flat(signature_page)
    assert hashlib.sha256(scan).hexdigest() in flat(signature_page)
    # The state side signed in navpartner: nothing of its own is embedded.
    assert not any("statlig" in name for name in files)


def test_the_attachments_are_embedded_as_supplements_and_listed_with_their_checksums(signed):
    attachment = signed.attachments.get()
    pdf = signed.archive.file.read()

    relationship, content = embedded_files(pdf)["driftsavtale-2026.pdf"]
    assert relationship == "/Supplement"
    assert content == attachment.file.read()
    text = "\n".join(pages(pdf))
    assert re.search(r"Vedlegg 1\s+Lokal driftsavtale 2026 \(driftsavtale-2026\.pdf\)", text)
    assert attachment.sha256 in flat(text)
    assert "Ingen vedlegg." not in text


def test_every_signature_is_printed_with_name_title_place_and_date(signed):
    signature_page = pages(signed.archive.file.read())[-1]

    assert "Hilde Bakken" in signature_page and "Direktør" in signature_page
    assert "Oslo, 25. februar 2026" in signature_page  # the paper's date, not the upload's
    assert "Oslo, 1. mars 2026" in signature_page
    assert signed.content_sha256 in flat(signature_page)


def test_the_cover_gives_the_signing_dates_not_the_day_it_was_made(signed):
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, 0, tzinfo=OSLO), tick=False):
        pdf = render_pdf(agreement_archive_printable(signed).html)
    cover = pages(pdf)[0]

    assert re.search(r"Dato\s*1\. mars 2026", cover)  # concluded by the last signature
    assert "25. februar 2026 (Bydel Grorud, Oslo kommune)" in cover
    assert "1. mars 2026 (NAV Oslo)" in cover
    assert "Signert av begge" in cover  # the status it was signed in, not "I kraft"
    assert "10. juni 2026" not in "\n".join(pages(pdf))


def test_the_archival_copy_is_the_same_however_often_it_is_made(signed, municipal_signatory):
    later = dt.datetime(2026, 9, 1, 8, 0, tzinfo=OSLO)
    first = agreement_archive_printable(signed)
    with time_machine.travel(later, tick=False):
        again = agreement_archive_printable(signed)
        document = document_make(kind="agreement_archive", owner=signed, user=municipal_signatory)

    assert again.html == first.html
    assert again.embedded == first.embedded
    assert document.pk == signed.archive_id  # the same content: the copy already made


def test_the_parties_are_named_alike_on_the_cover_and_the_signature_page(signed, tmp_path):
    printed = page_texts(signed.archive.file.read(), tmp_path)

    assert [row["party"] for row in signature_rows(signed)] == [
        "Bydel Grorud, Oslo kommune",
        "NAV Oslo",
    ]
    assert "Bydel Grorud, Oslo kommune" in printed[0]
    assert re.search(r"Bydel Grorud, Oslo kommune\s+NAV Oslo", printed[-1])


def test_a_draft_is_dated_by_its_last_change_of_content(agreement, municipal_signatory):
    # Made (now), then negotiated on 25 January, and a text changed two days later.
    Agreement.objects.filter(pk=agreement.pk).update(
        status_changed_at=dt.datetime(2027, 1, 25, 9, 0, tzinfo=OSLO)
    )
    section = agreement.sections.get(number="2.0")
    with time_machine.travel(dt.datetime(2027, 1, 27, 10, 1, tzinfo=OSLO), tick=False):
        services.agreement_section_update(
            section=section,
            user=municipal_signatory,
            title=section.title,
            body="<p>Ny tekst.</p>",
            structured_data=None,
            expected_revision=section.revision,
        )
    agreement.refresh_from_db()
    with time_machine.travel(dt.datetime(2027, 1, 28, 8, 0, tzinfo=OSLO), tick=False):
        printed = pages(render_pdf(agreement_printable(agreement).html))

    assert "Utkast, versjon 1, 27. januar 2027" in printed[0]
    assert re.search(r"Teksten slik den var 27\. januar 2027 kl\. 10:01", flat_lines(printed[-1]))
    assert "25. januar 2027" not in "\n".join(printed)


def test_a_drafts_signature_page_names_those_who_are_to_sign(
    agreement, municipal_signatory, tmp_path
):
    section = agreement.sections.get(number="1.0")
    services.agreement_section_update(
        section=section,
        user=municipal_signatory,
        title=section.title,
        body=section.body,
        structured_data={
            **section.structured,
            "signatories": [
                {"side": "municipal", "name": "Anders Lie", "title": "Bydelsdirektør"},
                {"side": "state", "name": "Hilde Bakken", "title": "Direktør NAV Oslo"},
            ],
        },
        expected_revision=section.revision,
    )
    agreement.refresh_from_db()
    signature_page = page_texts(render_pdf(agreement_printable(agreement).html), tmp_path)[-1]

    assert re.search(r"Anders Lie\s+Hilde Bakken", signature_page)
    assert re.search(r"Bydelsdirektør\s+Direktør NAV Oslo", signature_page)
    assert "Signert " not in signature_page  # nothing signed yet: place, date, signature blank


def test_a_drafts_signatory_comes_from_the_membership_when_point_1_leaves_it_open(
    agreement, municipal_signatory
):
    municipal_signatory.first_name, municipal_signatory.last_name = "Anders", "Lie"
    municipal_signatory.save(update_fields=["first_name", "last_name"])
    section = agreement.sections.get(number="1.0")
    agreement.sections.filter(pk=section.pk).update(
        structured={**section.structured, "signatories": []}
    )
    agreement.refresh_from_db()
    signature_page = pages(render_pdf(agreement_printable(agreement).html))[-1]

    assert re.search(r"Anders Lie\s+Navn", signature_page)
    assert re.search(r"Bydelsdirektør\s+Tittel", signature_page)


def test_the_template_context_costs_a_fixed_number_of_queries(
    signed, municipal_signatory, django_assert_num_queries
):
    agreement = agreement_get_for_user(municipal_signatory, signed.pk).agreement
    # The sections (with their veileder points), the attachments, the covered municipalities,
    # and the latest change of content among the events; the template then asks nothing.
    with django_assert_num_queries(4):
        render_to_string("pdf/agreement.html", agreement_document_context(agreement))


# --- a fact is printed once: the structured part is its record, the free text adds to it ---


def write_3_8(agreement, user):
    section = agreement.sections.get(number="3.8")
    services.agreement_section_update(
        section=section,
        user=user,
        title=section.title,
        body="<p>Driftsavtalen revideres hvert år.</p>",
        structured_data={"cost_key": "arsverk", "tenant": "municipal", "note": ""},
        expected_revision=section.revision,
    )
    return section


def test_the_structured_part_is_printed_before_the_free_text(agreement, municipal_signatory):
    write_3_8(agreement, municipal_signatory)
    text = flat_lines("\n".join(pages(render_pdf(agreement_printable(agreement).html))))

    record = text.index("Kommunen står som leietaker for lokalene")
    assert record < text.index("Driftsavtalen revideres hvert år.")
    assert text.count("står som leietaker") == 1


def test_the_full_text_page_shows_the_structured_part_first(client, agreement, municipal_signatory):
    write_3_8(agreement, municipal_signatory)
    client.force_login(municipal_signatory)

    page = client.get(reverse("agreements:agreement_read", args=[agreement.pk])).content.decode()

    assert page.index("Kommunen står som leietaker") < page.index("Driftsavtalen revideres")


def test_the_editor_says_not_to_repeat_the_fields_in_the_text(
    client, agreement, municipal_signatory
):
    section = write_3_8(agreement, municipal_signatory)
    client.force_login(municipal_signatory)

    page = client.get(
        reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    ).content.decode()

    assert "Ikke gjenta dem i teksten over" in page


@pytest.mark.parametrize(
    ("number", "once"),
    [
        ("3.8", ["leietaker", "fordeles"]),
        ("4.0", ["forvaltning av trygdeytelser", "skaffe og beholde bolig"]),
        ("9.0", ["varsel", "fornye", "evalueres"]),
    ],
)
def test_the_demo_agreement_says_each_structured_fact_once(number, once):
    kind = {"3.8": "operating_agreement", "4.0": "services", "9.0": "validity"}[number]
    printed = strip_tags(
        structured.render(kind, texts.GRORUD_STRUCTURED[number]) + texts.GRORUD_BODIES[number]
    ).lower()

    assert {word: printed.count(word) for word in once} == dict.fromkeys(once, 1)
