"""The archive's references (saksnummer, journalpost) are printed in the documents' headers
once they are known (issue 14)."""

import pytest
from django.utils import translation

from agreements.documents import agreement_printable
from archive.models import CaseReference, FiledDocument
from costsharing.documents import operating_agreement_printable
from meetings.documents import meeting_invitation_printable, meeting_minutes_printable

pytestmark = pytest.mark.django_db


def test_the_agreement_and_the_driftsavtale_print_their_references(signed, driftsavtale):
    with translation.override("nb"):
        before = agreement_printable(signed).html
        CaseReference.objects.create(
            partnership=signed.partnership, saksaar=2026, sakssekvensnummer=1234
        )
        FiledDocument.objects.create(
            kind="agreement_archive",
            object_id=signed.pk,
            partnership=signed.partnership,
            journalaar=2026,
            journalsekvensnummer=5678,
        )
        after = agreement_printable(signed).html
        costs = operating_agreement_printable(driftsavtale).html

    assert "2026/1234" not in before
    assert "Saksnummer</th><td>2026/1234" in after
    assert "Journalpost</th><td>2026/5678" in after
    assert "Saksnummer</th><td>2026/1234" in costs


def test_the_minutes_print_the_saksnummer_and_their_journalpost(approved_minutes):
    CaseReference.objects.create(
        partnership=approved_minutes.forum.partnership, saksaar=2026, sakssekvensnummer=77
    )
    FiledDocument.objects.create(
        kind="meeting_minutes",
        object_id=approved_minutes.pk,
        partnership=approved_minutes.forum.partnership,
        journalaar=2026,
        journalsekvensnummer=901,
    )
    with translation.override("nb"):
        minutes = meeting_minutes_printable(approved_minutes).html
        invitation = meeting_invitation_printable(approved_minutes).html

    assert "Saksnummer</th><td>2026/77" in minutes
    assert "Journalpost</th><td>2026/901" in minutes
    assert "Saksnummer</th><td>2026/77" in invitation
    assert "2026/901" not in invitation  # the minutes' journalpost, not the invitation's
