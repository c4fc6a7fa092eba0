"""Login with OpenID Connect, end to end: Chromium, the live server and a real provider
(tests/oidc/provider.mjs) on loopback."""

import datetime as dt
import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import get_resolver
from django.utils import timezone
from playwright.sync_api import expect

from agreements.services import agreement_create
from meetings.models import AgendaItem, Meeting
from meetings.services import forum_for_partnership
from partnerships.models import Membership
from tests.factories import MembershipFactory, PartnershipFactory
from tests.test_url_auth import _walk

from .conftest import (
    BUTTON,
    JWT_CLIENT_ID,
    JWT_KEY_ID,
    USER,
    session_of,
    tamper_stashed_nonce,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REFUSED = re.compile(r"Innloggingen med Testleverandør ble avvist")


def _discovery(issuer: str) -> str:
    return f"{issuer}/.well-known/openid-configuration"


def test_first_login_makes_a_user_without_access_and_a_second_reuses_it(
    page, live_server, oidc_issuer, use_providers, oidc_login, assert_accessible
):
    use_providers(testidp=oidc_issuer)
    page.goto(f"{live_server.url}/konto/logg-inn/")
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
    assert_accessible(page)

    oidc_login()

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_text("Du er ikke medlem av noe partnerskap ennå")).to_be_visible()
    account = SocialAccount.objects.get(provider="testidp", uid=USER)
    assert account.user.first_name == "Kari"
    assert account.user.email == "kari.nordmann@example.test"
    assert not account.user.has_usable_password()

    page.context.clear_cookies()
    oidc_login()
    assert page.url == f"{live_server.url}/"
    assert SocialAccount.objects.filter(provider="testidp").count() == 1
    assert get_user_model().objects.filter(email="kari.nordmann@example.test").count() == 1


def test_granted_membership_shows_the_partnership_and_outsider_pages_are_404(
    page, live_server, oidc_issuer, use_providers, oidc_login
):
    use_providers(testidp=oidc_issuer)
    oidc_login()
    user = SocialAccount.objects.get(provider="testidp", uid=USER).user
    mine = PartnershipFactory()
    MembershipFactory(user=user, partnership=mine, role=Membership.Role.EDITOR)
    other = PartnershipFactory()

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name=str(mine))).to_be_visible()
    expect(page.get_by_role("link", name=str(other))).to_have_count(0)
    assert page.goto(f"{live_server.url}/partnerskap/{mine.pk}/").status == 200
    assert page.goto(f"{live_server.url}/partnerskap/{other.pk}/").status == 404


def test_logout_ends_the_provider_session_too(
    page, live_server, oidc_issuer, use_providers, oidc_login
):
    use_providers(testidp=oidc_issuer)
    oidc_login()

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{oidc_issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/konto/logg-inn/")

    assert "_auth_user_id" not in (session_of(page) or {})
    # The provider forgot the user too: the next login asks for the name again.
    page.get_by_role("button", name=BUTTON).click()
    expect(page.locator("input[name=login]")).to_be_visible()


def _assert_refused(page, live_server, assert_accessible=None):
    assert page.url.startswith(f"{live_server.url}/konto/logg-inn/")
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text(REFUSED)
    assert "_auth_user_id" not in (session_of(page) or {})
    if assert_accessible:
        assert_accessible(page)
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/konto/logg-inn/")
    assert not SocialAccount.objects.exists()


def test_a_wrong_nonce_is_refused(
    page, live_server, oidc_issuer, use_providers, oidc_login, assert_accessible
):
    use_providers(testidp=oidc_issuer)
    oidc_login(before_provider_login=lambda: tamper_stashed_nonce(page))
    _assert_refused(page, live_server, assert_accessible)


def test_an_expired_id_token_is_refused(
    page, live_server, use_providers, spoiling_proxy, oidc_login
):
    slow = spoiling_proxy("slow")  # the token answer arrives after the one-second ID token died
    use_providers(client="navpartner-short", slow=_discovery(slow.url))
    oidc_login()
    _assert_refused(page, live_server)


@pytest.mark.parametrize("spoil", ["foreign", "tampered"])
def test_a_foreign_issuer_or_a_tampered_signature_is_refused(
    page, live_server, use_providers, spoiling_proxy, oidc_login, spoil
):
    """The proxy announces another issuer in discovery, or flips a byte of the ID token's
    signature in the token answer."""
    proxy = spoiling_proxy(spoil)
    use_providers(**{spoil: _discovery(proxy.url)})
    oidc_login()
    _assert_refused(page, live_server)


def test_the_control_proxy_passes_an_honest_login(
    page, live_server, use_providers, spoiling_proxy, oidc_login
):
    """The proxy itself does not break logins: the refusals above are the spoiling's."""
    honest = spoiling_proxy("honest")
    use_providers(testidp=_discovery(honest.url))
    oidc_login()
    assert page.url == f"{live_server.url}/"


def _walk_paths(ids: list[int], values: dict[str, int]):
    """Every GET route of the URLconf with its parameters filled: `pk` by each of `ids` in
    turn, the others from `values`; routes with a parameter neither fills are left out."""
    for name, route in sorted(set(_walk(get_resolver().url_patterns))):
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if name.startswith("admin:") or not params:
            continue
        for pk in ids if "pk" in params else [None]:
            filled = values | {"pk": pk}
            if any(filled.get(p) is None for p in params):
                continue
            yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, f=filled: str(f[m[1]]), route)


def test_a_user_made_by_a_provider_learns_nothing_of_another_partnership_through_any_url(
    page, live_server, oidc_issuer, use_providers, oidc_login, world, veileder, outsider
):
    """The URL walk for a persona that exists only through OpenID Connect: a member of NAV
    Grorud opens every route filled with NAV Frogner's partnership, agreement, point, forum,
    meeting and item; no answer names Frogner or carries its text, none is a server error."""
    use_providers(testidp=oidc_issuer)
    oidc_login()
    user = SocialAccount.objects.get(provider="testidp", uid=USER).user
    MembershipFactory(user=user, partnership=world.partnership, role=Membership.Role.EDITOR)
    other = world.other_partnership
    agreement = agreement_create(partnership=other, user=outsider)
    point = agreement.sections.order_by("position").first()
    point.body = "<p>Frognerhemmelighet</p>"
    point.save(update_fields=["body"])
    forum = forum_for_partnership(partnership=other)
    meeting = Meeting.objects.create(
        forum=forum,
        starts_at=timezone.now() + dt.timedelta(days=9),
        ends_at=timezone.now() + dt.timedelta(days=9, hours=2),
        submission_deadline=timezone.localdate(),
    )
    item = AgendaItem.objects.create(
        forum=forum, meeting=meeting, title="Frognerhemmelighet", position=4, status="accepted"
    )
    ids = [other.pk, agreement.pk, forum.pk, meeting.pk]
    values = {
        "partnership_pk": other.pk,
        "section_pk": point.pk,
        "item_pk": item.pk,
        "owner_pk": agreement.pk,
    }

    paths = sorted(set(_walk_paths(ids, values)))
    assert len(paths) > 60  # partnership, agreement, point, forum, meeting and item pages
    refused = 0
    for path in paths:
        response = page.request.get(f"{live_server.url}{path}", max_redirects=0)
        body = response.text() if "text" in response.headers.get("content-type", "") else ""
        assert response.status < 500, f"{path}: {response.status}"
        assert "Frogner" not in body and "Frognerhemmelighet" not in body, path
        refused += response.status == 404
    # Most answers are 404; the rest are POST-only routes (405) and ids that happen to be
    # Grorud's own objects (which name no Frogner either).
    assert refused >= 50
    assert page.request.get(f"{live_server.url}/partnerskap/{world.partnership.pk}/").ok


def test_a_client_with_a_private_key_jwt_logs_in_without_a_secret(
    page, live_server, oidc_issuer, use_providers, oidc_login, client_key_file
):
    """Ansattporten's way: the provider knows only the client's public key; navpartner signs
    its client assertion with the private key named by NAVPARTNER_OIDC_<ID>_PRIVATE_KEY_FILE."""
    use_providers(
        client=JWT_CLIENT_ID,
        app_settings={
            "token_auth_method": "private_key_jwt",
            "private_key_file": client_key_file,
            "key_id": JWT_KEY_ID,
        },
        testidp=oidc_issuer,
    )
    oidc_login()

    assert page.url == f"{live_server.url}/"
    assert SocialAccount.objects.filter(provider="testidp", uid=USER).exists()
