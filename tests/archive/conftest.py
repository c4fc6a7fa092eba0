"""The three kinds of record the archive files, each ready to be filed: the signed agreement
(its archival copy), approved minutes and a settled driftsavtale. The PDFs are small stand-ins
stored as the renderer would store them (the renderer has its own tests)."""

import datetime as dt
import hashlib
import uuid

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import Meeting
from navpartner.models import RenderedDocument
from partnerships.models import Side
from tests.agreements import sign
from tests.factories import pdf_bytes
from tests.meetings import at, plan


def make_ready(document: RenderedDocument, *, pdf_variant: str = "") -> RenderedDocument:
    content = pdf_bytes()
    document.file.save(f"{document.content_hash}.pdf", ContentFile(content), save=False)
    document.status = RenderedDocument.Status.READY
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.pages = 1
    document.pdf_variant = pdf_variant or document.pdf_variant
    document.save()
    return document


def rendered(owner, kind: str, *, title: str = "Dokument", **fields) -> RenderedDocument:
    return RenderedDocument.objects.create(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        kind=kind,
        title=title,
        content_hash=uuid.uuid4().hex,
        html="<p>x</p>",
        **fields,
    )


@pytest.fixture
def signed(media, approved, municipal_signatory, state_signatory):
    """The approved agreement signed by both sides on 1 March 2026; its archival copy
    (queued at the signing) stored as ready."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        sign(approved, municipal_signatory, Side.MUNICIPAL)
        sign(approved, state_signatory, Side.STATE)
    approved.refresh_from_db()
    assert approved.content_sha256 and approved.archive is not None
    make_ready(approved.archive)
    return approved


@pytest.fixture
def approved_minutes(media, forum, clock, nav_leder):
    """A meeting on 14 April 2026 whose minutes were approved on 20 April, and the minutes
    PDF made after that."""
    meeting = plan(forum, nav_leder, at(2026, 4, 14, 9))
    clock.move_to(at(2026, 4, 20, 12), tick=False)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.MINUTES_APPROVED,
        minutes_approved_at=timezone.now(),
        minutes_approved_by=nav_leder,
    )
    meeting.refresh_from_db()
    make_ready(rendered(meeting, "meeting_minutes", title="Møteprotokoll"))
    return meeting


@pytest.fixture
def settled(media, driftsavtale, time_machine):
    """The 2026 driftsavtale in January 2027, its year over, and its PDF made then."""
    time_machine.move_to(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=False)
    make_ready(rendered(driftsavtale, "driftsavtale", title="Driftsavtale 2026"))
    return driftsavtale


@pytest.fixture
def owners(signed, approved_minutes, settled):
    """Every kind with its owner: (kind, owner pk)."""
    return {
        "agreement_archive": signed.pk,
        "meeting_minutes": approved_minutes.pk,
        "driftsavtale": settled.pk,
    }
