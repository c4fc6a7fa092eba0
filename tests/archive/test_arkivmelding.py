"""The arkivmelding of every kind of record validates against the official KS Fiks Arkiv V2
schema (the unchanged copy in archive/standards/), and carries the case, the journalpost, the
parties and the file with its checksum."""

import io
import zipfile

import pytest
import xmlschema
from lxml import etree

from archive.models import CaseReference, FiledDocument
from archive.package import SCHEMAS, arkivmelding, package_build
from archive.registry import Skjerming
from archive.selectors import filing_get_for_user

NS = {
    "a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v2",
    "m": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v2",
}
OFFICIAL = SCHEMAS / "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.xsd"

KINDS = [
    ("agreement_archive", "signed", "AVTALE"),
    ("meeting_minutes", "approved_minutes", "PROTOKOLL"),
    ("driftsavtale", "settled", "AVTALE"),
]


@pytest.fixture(scope="module")
def official():
    return xmlschema.XMLSchema(str(OFFICIAL))


def _filing(request, fixture, kind, user):
    owner = request.getfixturevalue(fixture)
    return filing_get_for_user(user, kind, owner.pk).filing


@pytest.mark.parametrize(("kind", "fixture", "document_type"), KINDS)
def test_every_kind_is_a_valid_arkivmelding(
    request, official, kind, fixture, document_type, municipal_signatory
):
    filing = _filing(request, fixture, kind, municipal_signatory)

    package = package_build(filing, case=None, record=None)

    files = zipfile.ZipFile(io.BytesIO(package.content))
    xml = files.read("arkivmelding.xml")
    official.validate(etree.fromstring(xml))
    root = etree.fromstring(xml)
    assert root.findtext("a:antallFiler", namespaces=NS) == "1"
    mappe = root.find("a:mappe", NS)
    assert mappe.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "saksmappe"
    assert "NAV Grorud" in mappe.findtext("a:tittel", namespaces=NS)
    assert mappe.findtext("a:referanseEksternNoekkel/m:noekkel", namespaces=NS) == (
        f"partnership-{filing.partnership.pk}"
    )
    journalpost = root.find("a:registrering", NS)
    assert journalpost.findtext("a:tittel", namespaces=NS) == filing.title
    assert journalpost.findtext("a:journalposttype/m:kode", namespaces=NS) == "X"
    assert journalpost.findtext("a:dokumentetsDato", namespaces=NS) == (
        filing.document_date.isoformat()
    )
    assert [
        p.findtext("a:korrespondansepartNavn", namespaces=NS)
        for p in journalpost.findall("a:korrespondansepart", NS)
    ] == ["Bydel Grorud", "NAV Oslo"]
    beskrivelse = journalpost.find("a:dokumentbeskrivelse", NS)
    assert beskrivelse.findtext("a:dokumenttype/m:kode", namespaces=NS) == document_type
    objekt = beskrivelse.find("a:dokumentobjekt", NS)
    assert objekt.findtext("a:sjekksum", namespaces=NS) == filing.document.sha256
    assert objekt.findtext("a:sjekksumAlgoritme", namespaces=NS) == "SHA256"
    pdf_name = objekt.findtext("a:referanseDokumentfil", namespaces=NS)
    assert sorted(files.namelist()) == sorted(["arkivmelding.xml", pdf_name])
    with filing.document.file.open("rb") as handle:
        assert files.read(pdf_name) == handle.read()


def test_the_signed_agreement_is_dated_by_its_signing_and_filed_as_pdfa(
    signed, municipal_signatory
):
    signed.archive.pdf_variant = "pdf/a-3a"
    signed.archive.save(update_fields=["pdf_variant"])
    filing = filing_get_for_user(municipal_signatory, "agreement_archive", signed.pk).filing

    root = etree.fromstring(arkivmelding(filing, case=None, record=None))

    assert root.findtext(".//a:dokumentetsDato", namespaces=NS) == "2026-03-01"
    assert root.findtext(".//a:variantformat/m:beskrivelse", namespaces=NS) == "Arkivformat"
    assert root.findtext(".//a:format/m:kode", namespaces=NS) == "RA-PDF"


def test_known_references_and_an_exemption_are_carried(official, signed, municipal_signatory):
    filing = filing_get_for_user(municipal_signatory, "agreement_archive", signed.pk).filing
    case = CaseReference.objects.create(
        partnership=filing.partnership, saksaar=2026, sakssekvensnummer=1234
    )
    record = FiledDocument.objects.create(
        kind="agreement_archive",
        object_id=signed.pk,
        partnership=filing.partnership,
        journalaar=2026,
        journalsekvensnummer=5678,
    )
    exempt = filing.__class__(
        **{**filing.__dict__, "skjerming": Skjerming("13", "Offl. § 13 jf. fvl. § 13")}
    )

    xml = arkivmelding(exempt, case=case, record=record)

    official.validate(etree.fromstring(xml))
    root = etree.fromstring(xml)
    assert root.findtext("a:mappe/a:saksaar", namespaces=NS) == "2026"
    assert root.findtext("a:mappe/a:sakssekvensnummer", namespaces=NS) == "1234"
    assert (
        root.findtext(".//a:referanseForelderMappe/m:saksnummer/m:sakssekvensnummer", namespaces=NS)
        == "1234"
    )
    assert root.findtext("a:registrering/a:journalaar", namespaces=NS) == "2026"
    assert root.findtext("a:registrering/a:journalsekvensnummer", namespaces=NS) == "5678"
    assert root.findtext("a:registrering/a:skjerming/a:skjermingshjemmel", namespaces=NS) == (
        "Offl. § 13 jf. fvl. § 13"
    )


@pytest.mark.parametrize(
    "required", ["a:registrering/a:tittel", "a:registrering/a:journalposttype"]
)
def test_the_schema_rejects_a_broken_arkivmelding(official, signed, municipal_signatory, required):
    """The validation can fail: without a required element the same message is refused."""
    filing = filing_get_for_user(municipal_signatory, "agreement_archive", signed.pk).filing
    root = etree.fromstring(arkivmelding(filing, case=None, record=None))
    missing = root.find(required, NS)
    missing.getparent().remove(missing)

    with pytest.raises(xmlschema.XMLSchemaValidationError):
        official.validate(root)
