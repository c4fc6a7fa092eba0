"""Deleting a driftsavtale made by mistake, while nothing in it is settled (issue 20, point 6):
no actual costs in any quarter, no payment on account, no PDF of it attached to the
partnership agreement or filed in the archive."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import Attachment
from agreements.services import agreement_create
from archive.models import FiledDocument
from costsharing import services
from costsharing.documents import KIND
from costsharing.models import ExpenseLine, OperatingAgreement, StaffingPeriod
from navpartner.models import RenderedDocument
from tests.factories import ExpenseLineFactory, OperatingAgreementFactory, StaffingPeriodFactory

pytestmark = pytest.mark.usefixtures("bokmal")


@pytest.fixture
def draft(world):
    """Grorud's driftsavtale for 2027 with a budget and årsverk, nothing settled yet."""
    agreement = OperatingAgreementFactory(partnership=world.partnership, year=2027)
    ExpenseLineFactory(agreement=agreement, category="rent", budget=Decimal("1200000.00"))
    StaffingPeriodFactory(agreement=agreement, side="state")
    StaffingPeriodFactory(agreement=agreement, side="municipal")
    return agreement


def delete_url(agreement):
    return reverse("costsharing:delete", args=[agreement.pk])


def detail_url(agreement):
    return reverse("costsharing:detail", args=[agreement.pk])


def attach_copy(agreement, world, municipal_signatory):
    """A copy of the PDF attached to the partnership agreement, as operating_agreement_attach
    leaves it."""
    target = agreement_create(partnership=world.partnership, user=municipal_signatory)
    return Attachment.objects.create(
        agreement=target,
        kind="driftsavtale",
        title=f"Driftsavtale {agreement.year}",
        size=4,
        sha256="0" * 64,
        file=ContentFile(b"%PDF", name="driftsavtale.pdf"),
        original_name="driftsavtale.pdf",
    )


# --- the page and the button --------------------------------------------------------------


def test_the_detail_page_offers_an_editor_to_delete_while_nothing_is_settled(
    client, nav_leder, reader, draft
):
    client.force_login(nav_leder)
    assert 'data-testid="delete-link"' in client.get(detail_url(draft)).content.decode()

    client.force_login(reader)
    assert 'data-testid="delete-link"' not in client.get(detail_url(draft)).content.decode()


def test_the_confirmation_page_says_what_goes_and_writes_nothing(client, nav_leder, draft):
    client.force_login(nav_leder)

    response = client.get(delete_url(draft))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Slette driftsavtalen for 2027?" in page
    assert "1 utgift" in page and "2 årsverksperioder" in page
    assert 'data-testid="confirm-delete"' in page
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_deleting_goes_back_to_the_years_with_a_message(client, nav_leder, world, draft, media):
    owner = ContentType.objects.get_for_model(OperatingAgreement)
    RenderedDocument.objects.create(
        kind=KIND, content_type=owner, object_id=draft.pk, title="Driftsavtale 2027"
    )
    client.force_login(nav_leder)

    response = client.post(delete_url(draft), follow=True)

    assert response.redirect_chain == [
        (reverse("costsharing:list", args=[world.partnership.pk]), 302)
    ]
    assert "Driftsavtalen for 2027 er slettet." in response.content.decode()
    assert not OperatingAgreement.objects.filter(pk=draft.pk).exists()
    assert not ExpenseLine.objects.filter(agreement=draft.pk).exists()
    assert not StaffingPeriod.objects.filter(agreement=draft.pk).exists()
    assert not RenderedDocument.objects.filter(content_type=owner, object_id=draft.pk).exists()


# --- what counts as settled -----------------------------------------------------------------


def _actuals(agreement):
    agreement.lines.update(actual_q3=Decimal("0.01"))


def _payment(agreement):
    agreement.paid_q2 = Decimal("1000.00")
    agreement.save()


def _filed(agreement):
    FiledDocument.objects.create(
        kind=KIND, object_id=agreement.pk, partnership=agreement.partnership
    )


@pytest.mark.parametrize(
    ("settle", "reason"),
    [
        (_actuals, "Det er registrert faktiske kostnader."),
        (_payment, "Det er registrert a konto-innbetalinger."),
        (_filed, "Den er arkivert."),
    ],
)
def test_once_something_is_settled_the_button_goes_and_a_post_is_refused(
    client, nav_leder, draft, settle, reason
):
    settle(draft)
    client.force_login(nav_leder)

    assert 'data-testid="delete-link"' not in client.get(detail_url(draft)).content.decode()
    response = client.post(delete_url(draft))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Driftsavtalen kan ikke slettes når noe er avregnet." in page
    assert reason in page
    assert 'data-testid="confirm-delete"' not in page
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_a_pdf_attached_to_the_partnership_agreement_keeps_it(
    client, nav_leder, world, municipal_signatory, veileder, draft, media
):
    attach_copy(draft, world, municipal_signatory)
    client.force_login(nav_leder)

    response = client.post(delete_url(draft))

    assert response.status_code == 409
    assert "PDF-en av den er lagt ved partnerskapsavtalen." in response.content.decode()
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_the_service_refuses_a_settled_one_naming_why(nav_leder, draft):
    _payment(draft)

    with pytest.raises(ValidationError) as excinfo:
        services.operating_agreement_delete(agreement=draft, user=nav_leder)

    assert "Det er registrert a konto-innbetalinger." in excinfo.value.messages
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_the_service_checks_the_editor(reader, draft):
    with pytest.raises(PermissionDenied):
        services.operating_agreement_delete(agreement=draft, user=reader)
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


# --- access ---------------------------------------------------------------------------------


def test_an_outsider_gets_404(client, outsider, draft):
    client.force_login(outsider)
    assert client.get(delete_url(draft)).status_code == 404
    assert client.post(delete_url(draft)).status_code == 404
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_a_reader_gets_403(client, reader, draft):
    client.force_login(reader)
    assert client.get(delete_url(draft)).status_code == 403
    assert client.post(delete_url(draft)).status_code == 403
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_anonymous_is_sent_to_log_in(client, draft):
    response = client.post(delete_url(draft))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert OperatingAgreement.objects.filter(pk=draft.pk).exists()


def test_put_is_not_allowed(client, nav_leder, draft):
    client.force_login(nav_leder)
    assert client.put(delete_url(draft)).status_code == 405
