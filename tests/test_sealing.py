"""The optional PAdES seal of the archival PDF/A copy (navpartner.sealing).

A self-signed seal certificate is made at test time; the sealed PDF is validated with pyHanko
against a validation context that trusts exactly that certificate, with fetching off."""

import datetime
import re
import socket
from io import BytesIO

import pytest
import time_machine
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from agreements.services import agreement_archive_verify, agreement_sign
from navpartner.pdf import render_pdf
from navpartner.sealing import seal_pdf, sealing_configured

PASSPHRASE = "test-only-seal-passphrase"
HTML = (
    "<html lang='nb'><head><title>Partnerskapsavtale</title></head>"
    "<body><h1>Partnerskapsavtale</h1><p>Signert og arkivert.</p></body></html>"
)


@pytest.fixture(scope="module")
def seal_identity():
    """A self-signed RSA seal certificate (nonRepudiation, as a seal certificate has)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "navpartner test"),
            x509.NameAttribute(NameOID.COMMON_NAME, "navpartner testsegl"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture
def seal_settings(settings, tmp_path, seal_identity):
    key, cert = seal_identity
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"navpartner-seal",
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )
    path = tmp_path / "seal.p12"
    path.write_bytes(p12)
    settings.NAVPARTNER_SEAL_PKCS12 = str(path)
    settings.NAVPARTNER_SEAL_PASSPHRASE = PASSPHRASE
    return settings


@pytest.fixture(scope="module")
def archive_pdf():
    return render_pdf(HTML, pdf_variant="pdf/a-3b")


def trusting(cert) -> ValidationContext:
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    return ValidationContext(trust_roots=[root], allow_fetching=False)


def pdfa_id(pdf: bytes) -> tuple[str, str]:
    """(part, conformance) from the PDF/A identification in the XMP metadata of the catalog
    (the metadata of the newest revision)."""
    xmp = PdfReader(BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    found = {}
    for key in ("part", "conformance"):
        match = re.search(rf"pdfaid:{key}(?:>|=\")([^<\"]+)", xmp)
        found[key] = match and match.group(1)
    return found["part"], found["conformance"]


def test_sealed_pdf_is_valid_pades_b_b_over_the_whole_document(
    seal_settings, seal_identity, archive_pdf
):
    assert sealing_configured()
    sealed = seal_pdf(archive_pdf, reason="Arkivkopi av signert avtale", location="NAV Grorud")

    # Incremental update: the PDF/A bytes are untouched and the seal is appended after them.
    assert sealed.startswith(archive_pdf) and len(sealed) > len(archive_pdf)

    reader = PdfFileReader(BytesIO(sealed))
    [sig] = reader.embedded_signatures
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Filter"] == "/Adobe.PPKLite"
    assert sig.sig_object["/Reason"] == "Arkivkopi av signert avtale"
    assert sig.sig_object["/Location"] == "NAV Grorud"

    status = validate_pdf_signature(sig, signer_validation_context=trusting(seal_identity[1]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    # B-B: no signature time stamp, no revocation data.
    assert status.timestamp_validity is None
    signed_attrs = {attr["type"].native for attr in sig.signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in signed_attrs  # the CAdES/PAdES ESS attribute
    assert "signing_time" not in signed_attrs  # PAdES keeps the time in /M, not in the CMS
    assert "/DSS" not in reader.root
    # RSA: only the ESIC extension on PDF 1.7, no PDF 2.0 version bump (PDF/A-3 is PDF 1.7).
    assert "/Version" not in reader.root
    assert set(reader.root["/Extensions"]) == {"/ESIC"}


def test_seal_is_an_invisible_printable_widget_and_pdfa_id_is_kept(seal_settings, archive_pdf):
    sealed = seal_pdf(archive_pdf, reason="Arkivkopi")
    reader = PdfFileReader(BytesIO(sealed))
    [sig] = reader.embedded_signatures
    widget = sig.sig_field
    assert [float(c) for c in widget["/Rect"]] == [0, 0, 0, 0]
    flags = int(widget["/F"])
    assert flags & 0b100 and not flags & 0b10  # Print set, Hidden not set (PDF/A)
    assert pdfa_id(sealed) == pdfa_id(archive_pdf) == ("3", "B")


def test_sealing_twice_adds_a_second_valid_signature(seal_settings, seal_identity, archive_pdf):
    once = seal_pdf(archive_pdf, reason="Første")
    twice = seal_pdf(once, reason="Andre")
    assert twice.startswith(once)
    sigs = PdfFileReader(BytesIO(twice)).embedded_signatures
    assert [s.field_name for s in sigs] == ["NavpartnerSeal", "NavpartnerSeal2"]
    for sig in sigs:
        status = validate_pdf_signature(sig, signer_validation_context=trusting(seal_identity[1]))
        assert status.bottom_line, status.pretty_print_details()


def test_sealing_opens_no_network_connection(seal_settings, archive_pdf, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("sealing must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert seal_pdf(archive_pdf, reason="Arkivkopi").startswith(archive_pdf)


def test_a_non_rsa_seal_key_is_warned_about(settings, tmp_path, archive_pdf, caplog):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "navpartner EC-testsegl")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "ec.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"ec", key, cert, None, serialization.NoEncryption())
    )
    settings.NAVPARTNER_SEAL_PKCS12 = str(path)
    settings.NAVPARTNER_SEAL_PASSPHRASE = ""
    with caplog.at_level("WARNING", logger="navpartner.sealing"):
        sealed = seal_pdf(archive_pdf, reason="Arkivkopi")
    assert "Use an RSA seal certificate" in caplog.text
    assert sealed.startswith(archive_pdf)


def test_without_certificate_nothing_is_sealed(settings, archive_pdf):
    settings.NAVPARTNER_SEAL_PKCS12 = ""
    assert not sealing_configured()
    with pytest.raises(ImproperlyConfigured, match="NAVPARTNER_SEAL_PKCS12"):
        seal_pdf(archive_pdf, reason="Arkivkopi")


def test_wrong_passphrase_is_a_clear_configuration_error(seal_settings, archive_pdf):
    seal_settings.NAVPARTNER_SEAL_PASSPHRASE = "wrong"
    with pytest.raises(ImproperlyConfigured, match="NAVPARTNER_SEAL_PASSPHRASE"):
        seal_pdf(archive_pdf, reason="Arkivkopi")


def test_missing_pkcs12_file_is_a_clear_configuration_error(settings, tmp_path, archive_pdf):
    settings.NAVPARTNER_SEAL_PKCS12 = str(tmp_path / "missing.p12")
    assert sealing_configured()
    with pytest.raises(ImproperlyConfigured, match="no such file"):
        seal_pdf(archive_pdf, reason="Arkivkopi")


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_the_signed_agreements_archival_copy_is_sealed_when_configured(
    seal_settings,
    seal_identity,
    approved,
    municipal_signatory,
    state_signatory,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    seal_settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        for user, side in ((municipal_signatory, "municipal"), (state_signatory, "state")):
            agreement_sign(
                agreement=approved,
                user=user,
                side=side,
                name=user.get_full_name(),
                title="Direktør",
                place="Oslo",
                earlier_start_confirmed=True,  # 9.0 says from 1 January 2026
            )
    approved.refresh_from_db()

    pdf = approved.archive.file.read()
    status = validate_pdf_signature(
        PdfFileReader(BytesIO(pdf)).embedded_signatures[0], trusting(seal_identity[1])
    )
    assert status.intact and status.valid
    assert pdfa_id(pdf) == ("3", "A")
    assert agreement_archive_verify(agreement=approved, user=municipal_signatory)
