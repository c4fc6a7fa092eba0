"""The arkivmelding package of KS Fiks Arkiv V2: ``arkivmelding.xml`` (message type
``no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett``) and the PDF it files, in a zip.

The partnership is the case (saksmappe), each document a journalpost with one
dokumentbeskrivelse and one dokumentobjekt. Every package is validated against the official
schemas (``standards/fiks-arkiv-v2/``, an unchanged copy) before it leaves this module.
"""

import functools
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from navpartner.downloads import ascii_file_name, file_name

from .models import CaseReference, FiledDocument
from .registry import Filing

if TYPE_CHECKING:
    import xmlschema

SCHEMAS = Path(__file__).resolve().parent / "standards" / "fiks-arkiv-v2"
OPPRETT = "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett"
KVITTERING = "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.kvittering"
NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v2"
# The children of the metadatakatalog's complex types (kode, eksternNoekkel, saksnummer ...)
# are in its namespace (elementFormDefault="qualified").
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM = "navpartner"  # the fagsystem of every referanseEksternNoekkel
XML_NAME = "arkivmelding.xml"

# Fiks Arkiv V2 kodelister (standards/fiks-arkiv-v2/kodelister/): code and description.
JOURNALPOSTTYPE = ("X", "Organinternt dokument uten oppfølging")
JOURNALSTATUS = ("F", "Ferdigstilt av saksbehandler")
DOKUMENTSTATUS = ("F", "Dokumentet er ferdigstilt")
HOVEDDOKUMENT = ("H", "Hoveddokument")
KORRESPONDANSEPART = ("EM", "Mottaker")
ARKIVFORMAT = ("A", "Arkivformat")
PRODUKSJONSFORMAT = ("P", "Produksjonsformat")
PDFA = ("RA-PDF", "PDF/A - ISO 19005")
PDF = ("PDF", "PDF - ISO 32000")
DOKUMENTTYPE = {
    "AVTALE": "Avtale",
    "PROTOKOLL": "Protokoll",
    "DOKUMENT": "Dokument",
}


@functools.cache
def schema(message_type: str = OPPRETT) -> "xmlschema.XMLSchema":
    """The official schema of a Fiks Arkiv message (about a second to load; kept). xmlschema
    itself (half a second to import) is imported by the first package made or receipt read,
    not with the views."""
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMAS / f"{message_type}.xsd"))


def validate(xml: bytes, message_type: str = OPPRETT) -> None:
    """Raise ``xmlschema.XMLSchemaValidationError`` (naming the failing path) unless ``xml``
    is a valid message of ``message_type``."""
    schema(message_type).validate(etree.fromstring(xml))


def case_key(partnership_id: int) -> str:
    return f"partnership-{partnership_id}"


def document_key(kind: str, object_id: int) -> str:
    return f"{kind}-{object_id}"


def package_file_name(filing: Filing) -> str:
    """The PDF's name inside the package: plain ASCII, unique per document."""
    return f"{document_key(filing.document.kind, filing.document.object_id)}.pdf"


def _el(parent, name: str, text=None, ns: str = NS, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _code(parent, name: str, code: tuple[str, str]) -> None:
    element = _el(parent, name)
    _el(element, "kode", code[0], ns=MDK)
    if code[1]:
        _el(element, "beskrivelse", code[1], ns=MDK)


def _external_key(parent, key: str, ns: str = NS) -> None:
    element = _el(parent, "referanseEksternNoekkel", ns=ns)
    _el(element, "fagsystem", SYSTEM, ns=MDK)
    _el(element, "noekkel", key, ns=MDK)


def _skjerming(parent, filing: Filing) -> None:
    if filing.skjerming is not None:
        element = _el(parent, "skjerming")
        _code(element, "tilgangsrestriksjon", (filing.skjerming.tilgangsrestriksjon, ""))
        _el(element, "skjermingshjemmel", filing.skjerming.skjermingshjemmel)


def arkivmelding(
    filing: Filing, *, case: CaseReference | None, record: FiledDocument | None
) -> bytes:
    """The ``arkivmelding.opprett`` XML of one document (which must be ready)."""
    document = filing.document
    if document is None or not document.sha256:
        raise ValueError("The document is not ready to be filed.")
    root = etree.Element(f"{{{NS}}}arkivmelding", nsmap={None: NS, "n5mdk": MDK, "xsi": XSI})
    _el(root, "system", SYSTEM)
    _el(root, "antallFiler", 1)

    mappe = _el(root, "mappe", **{f"{{{XSI}}}type": "saksmappe"})
    partnership = filing.partnership
    _el(mappe, "tittel", f"Partnerskap {partnership} – {' og '.join(filing.parties)}")
    _external_key(mappe, case_key(partnership.pk))
    if case is not None:
        _el(mappe, "saksaar", case.saksaar)
        _el(mappe, "sakssekvensnummer", case.sakssekvensnummer)

    journalpost = _el(root, "registrering", **{f"{{{XSI}}}type": "journalpost"})
    parent = _el(journalpost, "referanseForelderMappe")
    if case is not None:
        saksnummer = _el(parent, "saksnummer", ns=MDK)
        _el(saksnummer, "saksaar", case.saksaar, ns=MDK)
        _el(saksnummer, "sakssekvensnummer", case.sakssekvensnummer, ns=MDK)
    _external_key(parent, case_key(partnership.pk), ns=MDK)
    _skjerming(journalpost, filing)

    key = document_key(document.kind, document.object_id)
    beskrivelse = _el(journalpost, "dokumentbeskrivelse")
    _code(
        beskrivelse,
        "dokumenttype",
        (filing.document_type, DOKUMENTTYPE.get(filing.document_type, "")),
    )
    _code(beskrivelse, "dokumentstatus", DOKUMENTSTATUS)
    _el(beskrivelse, "tittel", filing.title)
    _code(beskrivelse, "tilknyttetRegistreringSom", HOVEDDOKUMENT)
    _el(beskrivelse, "dokumentnummer", 1)
    _skjerming(beskrivelse, filing)
    objekt = _el(beskrivelse, "dokumentobjekt")
    _el(objekt, "versjonsnummer", 1)
    archival = document.pdf_variant.startswith("pdf/a")
    _code(objekt, "variantformat", ARKIVFORMAT if archival else PRODUKSJONSFORMAT)
    _code(objekt, "format", PDFA if archival else PDF)
    if archival:
        _el(objekt, "formatDetaljer", document.pdf_variant.upper())
    _el(objekt, "mimeType", "application/pdf")
    _el(objekt, "filnavn", f"{file_name(filing.title, key)}.pdf")
    _el(objekt, "referanseDokumentfil", package_file_name(filing))
    _el(objekt, "sjekksum", document.sha256)
    _el(objekt, "sjekksumAlgoritme", "SHA256")
    if document.size is not None:
        _el(objekt, "filstoerrelse", document.size)
    _external_key(beskrivelse, key)

    _el(journalpost, "tittel", filing.title)
    for party in filing.parties:
        korrespondansepart = _el(journalpost, "korrespondansepart")
        _code(korrespondansepart, "korrespondanseparttype", KORRESPONDANSEPART)
        _el(korrespondansepart, "korrespondansepartNavn", party)
    _external_key(journalpost, key)
    if record is not None and record.journalaar is not None:
        _el(journalpost, "journalaar", record.journalaar)
        _el(journalpost, "journalsekvensnummer", record.journalsekvensnummer)
    _code(journalpost, "journalposttype", JOURNALPOSTTYPE)
    _code(journalpost, "journalstatus", JOURNALSTATUS)
    _el(journalpost, "dokumentetsDato", filing.document_date.isoformat())

    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate(xml)
    return xml


@dataclass(frozen=True)
class Package:
    name: str  # the zip's file name
    content: bytes


def package_build(
    filing: Filing, *, case: CaseReference | None, record: FiledDocument | None
) -> Package:
    """The zip the archivist downloads (and the flag sends): the XML and the PDF."""
    xml = arkivmelding(filing, case=case, record=record)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(XML_NAME, xml)
        with filing.document.file.open("rb") as handle:
            archive.writestr(package_file_name(filing), handle.read())
    name = ascii_file_name(f"arkivpakke-{file_name(filing.title, 'dokument')}.zip")
    return Package(name=name, content=buffer.getvalue())


KVITTERING_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v2"


def read_kvittering(
    receipt: bytes,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The saksnummer and the journalpost (year, number) an ``arkivmelding.opprett``
    kvittering returns, each None when absent; ValueError unless it is a valid kvittering."""
    from xmlschema import XMLSchemaValidationError

    try:
        root = etree.fromstring(receipt)
        schema(KVITTERING).validate(root)
    except (etree.XMLSyntaxError, XMLSchemaValidationError) as error:
        raise ValueError("not a valid kvittering") from error

    def pair(path: str, first: str, second: str) -> tuple[int, int] | None:
        values = [
            root.findtext(f"k:{path}/k:{name}", namespaces={"k": KVITTERING_NS})
            for name in (first, second)
        ]
        return (int(values[0]), int(values[1])) if all(values) else None

    return (
        pair("mappeKvittering", "saksaar", "sakssekvensnummer"),
        pair("registreringKvittering", "journalaar", "journalsekvensnummer"),
    )
