"""Bad files: what is not a Word document the import can read is refused with a clear
Norwegian message (and a code the import stores), before anything is unpacked or created."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements.docx_import import MAX_DOCX_BYTES, docx_check, docx_read

from . import docx_builders as b


def refusal(action, data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught, translation.override("nb"):
        action(SimpleUploadedFile("avtale.docx", data))
    error = caught.value
    with translation.override("nb"):
        error.message_text = " ".join(error.messages)
    return error


@pytest.mark.parametrize(
    ("data", "code", "norwegian"),
    [
        (b.PDF, "pdf", "Dette er en PDF, ikke et Word-dokument."),
        (b.OLE_DOC, "doc", "Dette er en gammel Word-fil (.doc) eller et passordbeskyttet"),
        (b"Partnerskapsavtale\n1.0 Avtaleparter\n", "not_docx", "Filen er ikke et Word-dokument"),
        (b"PK\x03\x04 avkuttet", "not_docx", "Filen er ikke et Word-dokument"),
    ],
    ids=["renamed-pdf", "old-doc", "text-file", "broken-zip"],
)
def test_not_a_docx(data, code, norwegian):
    error = refusal(docx_check, data)
    assert error.code == code
    assert norwegian in error.message_text


def test_macros_are_refused():
    error = refusal(docx_check, b.with_macros(b.simple_docx("1.0 Avtaleparter")))
    assert error.code == "macros"
    assert "inneholder makroer" in error.message_text


def test_zip_bomb_is_refused_from_the_directory():
    """20 MB of zeros packed into a few kB: refused by the compression ratio in the zip
    directory, without inflating it."""
    data = b.zip_bomb(b.simple_docx("1.0 Avtaleparter"), megabytes=20)
    assert len(data) < 100_000
    error = refusal(docx_check, data)
    assert error.code == "zip_bomb"
    assert "pakkes ut til langt mer" in error.message_text


def test_over_the_size_limit():
    data = b.simple_docx("1.0 Avtaleparter") + b"\x00" * MAX_DOCX_BYTES
    error = refusal(docx_check, data)
    assert error.code == "too_large"
    assert "Filen er større enn 10 MB" in error.message_text


def test_a_good_docx_passes_and_is_left_at_its_start():
    upload = SimpleUploadedFile("avtale.docx", b.build_numbers_with_zero())
    upload.read(10)
    docx_check(upload)
    assert upload.tell() == 0
    docx_check(io.BytesIO(b.build_heading_styles()))  # a plain file object too


def test_empty_document():
    error = refusal(docx_read, b.simple_docx())
    assert error.code == "empty"
    assert "Dokumentet er tomt" in error.message_text


def test_document_without_headings():
    text = b.simple_docx(
        "Kommunen og NAV samarbeider om kontoret.", "Partene møtes jevnlig og ved behov."
    )
    error = refusal(docx_read, text)
    assert error.code == "no_headings"
    assert "Fant ingen overskrifter i dokumentet" in error.message_text


def test_reading_checks_the_file_too():
    """The task reads what was uploaded earlier: a bad file is refused there as well."""
    assert refusal(docx_read, b.PDF).code == "pdf"


def test_a_damaged_document_is_unreadable():
    """A package that passes the check but whose text is not XML."""
    source = zipfile.ZipFile(io.BytesIO(b.simple_docx("1.0 Avtaleparter")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            target.writestr(
                entry, b"<w:document" if entry.filename == "word/document.xml" else content
            )
    error = refusal(docx_read, out.getvalue())
    assert error.code == "unreadable"
    assert "Word-dokumentet kunne ikke leses" in error.message_text
