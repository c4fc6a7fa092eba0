"""Optional electronic seal of the archival copy (PAdES, pyHanko).

When `NAVPARTNER_SEAL_PKCS12` names a PKCS#12 file (certificate + private key), the PDF/A copy
of a signed agreement is sealed with a PAdES baseline signature. Without it nothing is sealed.

Only PAdES-B-B: the signature carries the signing time claimed by this server, no time stamp
from a time-stamping authority and no revocation data (OCSP/CRL). Nothing here opens a network
connection. The signature is appended as an incremental update, so the bytes of the PDF/A
document are left untouched (they are a prefix of the sealed file) and it stays PDF/A-3b
(pyHanko's invisible field is a zero-size widget with the print flag set, as PDF/A requires,
and the XMP metadata is updated together with the Info dictionary).

Use an RSA seal certificate: with an ECDSA key pyHanko declares ISO/TS 32002 and PDF 2.0 in the
catalog (/Version /2.0), which does not fit PDF/A-3 (based on PDF 1.7); we log a warning then.
"""

import logging
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

logger = logging.getLogger(__name__)

SEAL_FIELD_NAME = "NavpartnerSeal"


def sealing_configured() -> bool:
    """True when a PKCS#12 file for sealing is configured (settings.NAVPARTNER_SEAL_PKCS12)."""
    return bool(getattr(settings, "NAVPARTNER_SEAL_PKCS12", ""))


def _load_signer() -> signers.SimpleSigner:
    path = getattr(settings, "NAVPARTNER_SEAL_PKCS12", "")
    if not path:
        raise ImproperlyConfigured(
            "PDF sealing is not configured: set NAVPARTNER_SEAL_PKCS12 to a PKCS#12 file."
        )
    pfx = Path(path)
    if not pfx.is_file():
        raise ImproperlyConfigured(f"NAVPARTNER_SEAL_PKCS12: no such file: {pfx}")
    passphrase = getattr(settings, "NAVPARTNER_SEAL_PASSPHRASE", "") or ""
    # pyHanko logs the underlying exception and returns None when the file cannot be read,
    # is not PKCS#12 or the passphrase is wrong.
    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=str(pfx), passphrase=passphrase.encode() if passphrase else None
    )
    if signer is None or signer.signing_cert is None or signer.signing_key is None:
        raise ImproperlyConfigured(
            f"NAVPARTNER_SEAL_PKCS12: could not load a certificate and private key from {pfx} "
            "(wrong NAVPARTNER_SEAL_PASSPHRASE, or not a PKCS#12 file)."
        )
    algorithm = signer.signing_cert.public_key.algorithm
    if algorithm != "rsa":
        logger.warning(
            "NAVPARTNER_SEAL_PKCS12 holds a %s key: the sealed PDF declares PDF 2.0 extensions, "
            "which PDF/A-3 does not allow. Use an RSA seal certificate.",
            algorithm,
        )
    return signer


def _free_field_name(writer: IncrementalPdfFileWriter) -> str:
    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer)}
    name, n = SEAL_FIELD_NAME, 1
    while name in taken:
        n += 1
        name = f"{SEAL_FIELD_NAME}{n}"
    return name


def seal_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """Seal `pdf` with a PAdES-B-B signature and return the sealed PDF bytes.

    pyHanko, SubFilter ETSI.CAdES.detached, SHA-256, with the certificate and key from the
    PKCS#12 file in settings.NAVPARTNER_SEAL_PKCS12 (passphrase NAVPARTNER_SEAL_PASSPHRASE);
    an invisible signature field; appended as an incremental update, so `pdf` is a byte prefix
    of the result. B-B level only: no time stamp, no revocation data, no network access.

    Raises ImproperlyConfigured when sealing is not configured or the PKCS#12 file cannot be
    loaded (missing file, wrong passphrase).
    """
    signer = _load_signer()
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    field_name = _free_field_name(writer)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    out = signers.PdfSigner(
        meta,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name),  # no box: invisible
    ).sign_pdf(writer)
    return out.getvalue()
