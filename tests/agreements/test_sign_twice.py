"""A second click on "Sign", or the sign page opened again after signing, says the signatory
has already signed and shows that signature: no 403, no second signature."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from agreements.services.signing import AlreadySigned
from tests.agreements import MUNICIPAL, sign, sign_form_data

pytestmark = pytest.mark.usefixtures("media")


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_signing_twice_in_a_row_says_you_have_signed(client, approved, municipal_signatory):
    url = reverse("agreements:agreement_sign", args=[approved.pk])
    client.force_login(municipal_signatory)
    page = client.get(url)

    posted = sign_form_data(page.context["form"]["content_hash"].value())
    first = client.post(url, posted)
    second = client.post(url, posted)  # the double click, or the form sent again

    assert first.status_code == 302
    assert second.status_code == 409
    assert "Du har allerede signert" in second.text
    assert "Anders Lie" in second.text
    assert "01.03.2026" in second.text
    assert "lesetilgang" not in second.text
    assert approved.signatures.count() == 1


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_the_sign_page_after_signing_shows_the_signature(client, approved, municipal_signatory):
    sign(approved, municipal_signatory, MUNICIPAL)
    client.force_login(municipal_signatory)

    page = client.get(reverse("agreements:agreement_sign", args=[approved.pk]))

    assert page.status_code == 200
    assert "Du har allerede signert" in page.text
    assert municipal_signatory.get_full_name() in page.text
    assert 'name="confirm"' not in page.text  # no form to sign again


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_the_service_refuses_a_second_signature_for_the_side(approved, municipal_signatory):
    first = sign(approved, municipal_signatory, MUNICIPAL)

    with pytest.raises(AlreadySigned) as refused:
        sign(approved, municipal_signatory, MUNICIPAL)

    assert refused.value.signature == first
    assert refused.value.messages == ["Du har allerede signert."]
    assert list(approved.signatures.all()) == [first]


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_a_reader_still_gets_no_sign_page(client, approved, municipal_signatory, reader):
    sign(approved, municipal_signatory, MUNICIPAL)
    client.force_login(reader)

    assert client.get(reverse("agreements:agreement_sign", args=[approved.pk])).status_code == 403
