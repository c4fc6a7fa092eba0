"""The system administrator keeps reference data and memberships in the Django admin (on
the demo, seeded once for the module)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerships.models import County, Membership, Municipality, Office, Partnership

MODELS = [County, Municipality, Office, Partnership, Membership]


@pytest.fixture
def admin_client_with_demo(demo, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_lists_adds_and_changes(admin_client_with_demo, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    change = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[model.objects.first().pk]
    )

    for url in (changelist, add, change):
        assert admin_client_with_demo.get(url).status_code == 200, url


def test_admin_refuses_a_membership_without_scope(admin_client_with_demo):
    user = get_user_model().objects.get(username="navleder.grorud")
    before = Membership.objects.count()

    response = admin_client_with_demo.post(
        reverse("admin:partnerships_membership_add"),
        {"user": user.pk, "side": "office", "role": "member", "title": ""},
    )

    assert response.status_code == 200
    assert "Velg nøyaktig ett av partnerskap, fylke eller kommune." in response.text
    assert Membership.objects.count() == before


def test_non_staff_members_cannot_open_the_admin(demo, client):
    client.force_login(get_user_model().objects.get(username="fylkesdirektor.oslo"))

    response = client.get(reverse("admin:partnerships_partnership_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
