"""The home page at county scale: a county director's 'Mine partnerskap' with 'Venter på meg'
costs the same queries for a county of 10 partnerships as for one of 40 (issue 17), and the
panel still names the first ten agreements that wait and counts the rest."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.scale import seed_scale

pytestmark = pytest.mark.usefixtures("bokmal")

# seed_scale gives every tenth partnership (i % 10 in 6, 7, 8) an agreement being negotiated,
# with points the state side has not approved: 3 wait in the small county, 12 in the large.
SMALL, LARGE = 10, 40


def home(client, director):
    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    panel = re.search(r'<section[^>]*data-testid="waiting".*?</section>', response.text, re.S)
    assert panel, "no 'Venter på meg' panel"
    return len(queries), panel.group(0)


def test_home_queries_do_not_grow_with_the_county(client, db):
    small = seed_scale(SMALL, county_number="91", county_name="NAV Lite", username="lite")
    large = seed_scale(LARGE, county_number="92", county_name="NAV Stor", username="stor")

    small_queries, small_panel = home(client, small.director)
    large_queries, large_panel = home(client, large.director)

    # session, user, memberships, the order of the partnerships (plain values), those on the
    # page with office and parties, their covered municipalities; "Venter på meg": how many
    # writes the partnerships have had (its cache key), the open agreements, their
    # partnerships' covered municipalities, the points the state side has
    # not approved (counted, and the first of each agreement), the open suggestions, the
    # open threads, the partnerships of the agreements shown (none is approved, so no
    # signatures are read); the unread notifications
    assert small_queries == large_queries == 14
    assert small_panel.count("<h3") == 3
    assert 'data-testid="waiting-more"' not in small_panel
    assert large_panel.count("<h3") == 10
    assert "2 avtaler til venter på deg – se avtalelisten" in large_panel
    assert large_panel.count('data-testid="waiting-approve"') == 10
    # Five points named per agreement, the rest counted.
    assert large_panel.count('data-testid="waiting-approve-more"') == 10
