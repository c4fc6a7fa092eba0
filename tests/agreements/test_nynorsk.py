"""A partnership writes its documents in bokmål or nynorsk: set from the municipality's
målform, changed by its editors. A nynorsk partnership gets the veileder in nynorsk — the
points' titles, the guidance and the questions to consider — and its printed agreement is
nynorsk throughout, whatever language its members read the pages in."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from agreements import services
from agreements.models import TemplateSection, VeilederTemplate
from agreements.services.templates import veileder_template_load, veileder_templates_load_all
from navpartner.models import RenderedDocument
from partnerships.models import Membership, Municipality, Side, WrittenStandard
from partnerships.services import partnership_create
from tests.agreements.test_structured import BOKMAL_PHRASE_WORDS, FULL
from tests.factories import BydelFactory, MembershipFactory, MunicipalityFactory, OfficeFactory

pytestmark = pytest.mark.usefixtures("media", "bokmal")

#: Words that show a text is bokmål, not nynorsk (each has a nynorsk form in the PDF).
BOKMAL_WORDS = (
    "ikke",
    "avtaleparter",
    "Avtaleparter",
    "eiere",
    "Formålet med partnerskapsavtalen",
    "Veileder",
)
#: Words of the veileder's lists of services in bokmål (Midlertidig bolig, veiledning …).
BOKMAL_SERVICE_WORDS = ("Midlertidig", "bolig", "veiledning", "herunder", "planer")


@pytest.fixture
def signatory(nynorsk, state_signatory):
    """The state's director, who may write and sign the nynorsk partnership's agreement."""
    MembershipFactory(
        user=state_signatory, partnership=nynorsk, side=Side.STATE, role=Membership.Role.SIGNATORY
    )
    return state_signatory


@pytest.fixture
def nynorsk(world):
    """A partnership in Trøndelag whose kommune writes nynorsk."""
    municipality = MunicipalityFactory(
        name="Nynorsk kommune", written_standard=WrittenStandard.NYNORSK
    )
    return partnership_create(
        municipal_party=municipality,
        state_party=municipality.county,
        office=OfficeFactory(name="NAV Nynorsk"),
    )


def test_the_nynorsk_file_translates_the_revision_it_belongs_to(db):
    loaded = veileder_templates_load_all()

    assert [t.key for t, _new in loaded] == ["veileder-2019"]  # not a second revision
    first = TemplateSection.objects.get(number="1.0")
    assert first.title_in("nn") == "Avtalepartar – eigarar"
    assert first.title_in("nb") == "Avtaleparter – eiere"
    assert all(
        s.translations["nn"]["guidance"] for s in TemplateSection.objects.all() if s.guidance
    )
    question = first.questions.get()
    assert question.text_in("nn") != question.text and "kommune" in question.text_in("nn")
    # Loading again changes nothing.
    template, created = veileder_template_load(path=Path("agreements/data/veileder-2019.json"))
    assert not created and VeilederTemplate.objects.count() == 1


def test_the_municipalitys_malform_sets_the_document_language(world):
    nynorsk_kommune = MunicipalityFactory(written_standard=WrittenStandard.NYNORSK)
    bydel = BydelFactory(parent=nynorsk_kommune)
    neutral = MunicipalityFactory(written_standard=WrittenStandard.NEUTRAL)

    made = {
        m: partnership_create(municipal_party=m, state_party=m.county, office=OfficeFactory())
        for m in (nynorsk_kommune, bydel, neutral)
    }

    assert made[nynorsk_kommune].document_language == "nn"
    assert made[bydel].document_language == "nn"  # as its kommune
    assert made[neutral].document_language == "nb"


def test_a_nynorsk_partnerships_agreement_has_the_veileder_in_nynorsk(
    client, nynorsk, veileder, signatory
):
    agreement = services.agreement_create(partnership=nynorsk, user=signatory)
    first = agreement.sections.get(number="1.0")
    client.force_login(signatory)

    page = client.get(reverse("agreements:section_detail", args=[agreement.pk, first.pk])).text

    assert first.title == "Avtalepartar – eigarar"
    assert first.template_section.guidance_in("nn")[0] in page
    assert first.template_section.guidance[0] not in page
    assert first.template_section.questions.get().text_in("nn") in page


def test_a_question_answered_is_recorded_as_the_page_shows_it(nynorsk, veileder, signatory):
    """The history names the question in the partnership's language, as its pages do."""
    agreement = services.agreement_create(partnership=nynorsk, user=signatory)
    answer = agreement.sections.get(number="1.0").answers.get()

    services.question_answer_update(
        answer=answer, user=signatory, status=answer.Status.CONSIDERED, note=""
    )

    event = agreement.events.get(kind="question_answered")
    question = answer.question
    assert question.text_in("nn") != question.text
    assert event.detail.endswith(f": {question.text_in('nn')}")


def test_a_nynorsk_partnerships_new_agreement_proposes_its_parts_in_nynorsk(
    nynorsk, veileder, signatory
):
    """What the structured parts start from (the veileder's lists of services, the dispute
    ladder, who owns the agenda) is in nynorsk, and stays so when an editor saves it."""
    agreement = services.agreement_create(partnership=nynorsk, user=signatory)
    parts = {
        s.template_section.structured: s
        for s in agreement.sections.select_related("template_section")
        if s.template_section.structured != "none"
    }
    nn = veileder.translations["nn"]

    assert parts["services"].structured["legal_minimum"] == nn["legal_minimum_services"]
    assert "Mellombels bustad" in nn["legal_minimum_services"]
    assert parts["meetings"].structured["agenda_owner"] == "NAV-leiar"
    assert parts["disputes"].structured["steps"] == [
        "Forhandling i det lokale partnarskapet",
        "Rådmannen og direktøren for NAV fylke",
        "Nemndbasert tvisteløysing etter forskrift om løysing av tvistar mellom Arbeids- og "
        "velferdsetaten og kommunane etter arbeids- og velferdsforvaltningslova",
    ]
    section = parts["services"]
    services.agreement_section_update(
        section=section,
        user=signatory,
        title=section.title,
        body=section.body,
        structured_data={"legal_minimum": [], "optional": ["Bustadkontor"]},
        expected_revision=section.revision,
    )
    section.refresh_from_db()
    assert section.structured == {
        "legal_minimum": nn["legal_minimum_services"],
        "optional": ["Bustadkontor"],
    }
    # A bokmål partnership's, as published.
    assert veileder.written_in("nb").legal_minimum_services == veileder.legal_minimum_services


def _structured_parts_written(agreement, user):
    """Every point with a structured part given FULL's data for its kind, as its editor saves."""
    for section in agreement.sections.select_related("template_section"):
        kind = section.template_section.structured if section.template_section else None
        if kind in FULL:
            services.agreement_section_update(
                section=section,
                user=user,
                title=section.title,
                body=section.body,
                structured_data=FULL[kind],
                expected_revision=section.revision,
            )


def test_a_nynorsk_partnerships_agreement_prints_in_nynorsk(
    client, nynorsk, veileder, signatory, django_capture_on_commit_callbacks
):
    agreement = services.agreement_create(partnership=nynorsk, user=signatory)
    _structured_parts_written(agreement, signatory)
    client.force_login(signatory)
    # The one who asks reads English; the agreement is the partnership's, in nynorsk.
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:agreement_pdf", args=[agreement.pk]))

    document = RenderedDocument.objects.get(object_id=agreement.pk, kind="agreement")
    text = "\n".join(p.extract_text() for p in PdfReader(document.file.open("rb")).pages)
    assert "Avtalepartar – eigarar" in text
    assert "Side 1 av" in text
    assert "UTKAST" in text
    found = [
        word
        for word in (*BOKMAL_WORDS, *BOKMAL_PHRASE_WORDS, *BOKMAL_SERVICE_WORDS)
        if word in " ".join(text.split())
    ]
    assert found == []
    assert "Partnership agreement" not in text
    # The structured parts, in print and on the page with the whole text, to the English
    # reader too.
    words = " ".join(text.split())
    assert "Partnarskapsmøtet blir halde minst 1 gong i året." in words
    assert "Oppseiing skal givast med minst 1 månads varsel." in words
    page = client.get(reverse("agreements:agreement_read", args=[agreement.pk])).text
    assert "Partnarskapsmøtet blir halde minst 1 gong i året." in page
    # A member who reads (no editor's form): the point's own page.
    member = MembershipFactory(
        user__username="verneombud.nynorsk", partnership=nynorsk, role=Membership.Role.MEMBER
    ).user
    client.force_login(member)
    meetings = agreement.sections.get(template_section__structured="meetings")
    point = client.get(reverse("agreements:section_detail", args=[agreement.pk, meetings.pk]))
    assert "Faste deltakarar: Kommunedirektør, NAV-leiar." in point.text
    assert "Faste deltakarar: Kommunedirektør, NAV-leiar." in page


def test_an_editor_changes_the_document_language(client, world, municipal_signatory, reader):
    url = reverse("partnerships:document_language", args=[world.partnership.pk])
    client.force_login(municipal_signatory)

    response = client.post(url, {"language": "nn"})
    page = client.get(reverse("partnerships:partnership_detail", args=[world.partnership.pk]))

    assert response.status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.document_language == "nn"
    assert "Dokumentene skrives nå på nynorsk." in page.text
    assert client.post(url, {"language": "en"}).status_code == 400
    client.force_login(reader)
    assert client.post(url, {"language": "nb"}).status_code == 403


def test_an_outsider_learns_nothing(client, world, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("partnerships:document_language", args=[world.partnership.pk]), {"language": "nn"}
    )

    assert response.status_code == 404
    assert Municipality.objects.filter(written_standard=WrittenStandard.NYNORSK).count() == 0


def test_a_nynorsk_partnerships_agreement_exports_to_word_in_nynorsk(
    client, nynorsk, veileder, signatory
):
    agreement = services.agreement_create(partnership=nynorsk, user=signatory)
    client.force_login(signatory)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("agreements:agreement_docx", args=[agreement.pk]))

    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert headings[0] == "1.0 Avtalepartar – eigarar"
    assert document.core_properties.language == "nn-NO"
    assert [word for word in BOKMAL_WORDS if word in text] == []
