"""Documents with parts exempt from public access go to the archive with their skjerming."""

import pytest
import xmlschema
from lxml import etree

from agreements.models import Attachment
from archive.package import SCHEMAS, arkivmelding
from archive.selectors import filing_get_for_user
from meetings.models import AgendaItem
from navpartner.uploads import pdf_upload_store
from tests.agreements import pdf_upload
from tests.factories import pdf_bytes

NS = {"a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v2"}

pytestmark = pytest.mark.django_db


def test_an_exempt_item_makes_the_minutes_journalpost_screened(approved_minutes, nav_leder):
    AgendaItem.objects.create(
        forum=approved_minutes.forum,
        meeting=approved_minutes,
        title="Personalsak",
        status=AgendaItem.Status.ACCEPTED,
        exempt_basis="25",
    )
    AgendaItem.objects.create(
        forum=approved_minutes.forum,
        meeting=approved_minutes,
        title="Brukersak",
        status=AgendaItem.Status.ACCEPTED,
        exempt_basis="13",
        exempt_provision="fvl. § 13 første ledd nr. 1",
        position=1,
    )
    filing = filing_get_for_user(nav_leder, "meeting_minutes", approved_minutes.pk).filing

    xml = arkivmelding(filing, case=None, record=None)

    official = xmlschema.XMLSchema(
        str(SCHEMAS / "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.xsd")
    )
    official.validate(etree.fromstring(xml))
    root = etree.fromstring(xml)
    assert root.findtext("a:registrering/a:skjerming/a:skjermingshjemmel", namespaces=NS) == (
        "offl. § 25; offl. § 13 jf. fvl. § 13 første ledd nr. 1"
    )


def test_minutes_without_exemptions_are_not_screened(approved_minutes, nav_leder):
    filing = filing_get_for_user(nav_leder, "meeting_minutes", approved_minutes.pk).filing

    root = etree.fromstring(arkivmelding(filing, case=None, record=None))

    assert root.find("a:registrering/a:skjerming", NS) is None


def test_an_exempt_vedlegg_makes_the_agreement_journalpost_screened(
    signed, municipal_signatory, media, django_capture_on_commit_callbacks
):
    attachment = Attachment(
        agreement=signed, kind="other", title="Bemanning", original_name="b.pdf", exempt_basis="25"
    )
    with django_capture_on_commit_callbacks(execute=True):
        pdf_upload_store(attachment, pdf_upload(pdf_bytes()))
        attachment.save()
    filing = filing_get_for_user(municipal_signatory, "agreement_archive", signed.pk).filing

    root = etree.fromstring(arkivmelding(filing, case=None, record=None))

    assert root.findtext("a:registrering/a:skjerming/a:skjermingshjemmel", namespaces=NS) == (
        "offl. § 25"
    )
