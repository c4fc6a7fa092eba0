"""An internal comment is never seen by the other side, whatever URL it tries: every route of
the URLconf whose parameters this agreement can fill is opened by the state side's users,
with GET and with an htmx GET, and no answer carries the municipal side's internal text."""

import re

import pytest
from django.urls import get_resolver

from agreements.models import Comment
from agreements.services.comments import comment_add
from tests.test_url_auth import _walk

from . import section, write

SECRET = "Internt: vi aksepterer tre møter bare med januar"


@pytest.fixture
def internal(agreement, nav_leder, municipal_signatory):
    write(agreement, "3.1", nav_leder)
    point = section(agreement, "3.1")
    thread = comment_add(
        section=point,
        user=municipal_signatory,
        body=SECRET,
        visibility=Comment.Visibility.INTERNAL,
    )
    reply = comment_add(
        section=point, user=municipal_signatory, body=SECRET + " (svar)", thread=thread
    )
    return point, thread, reply


def _paths(agreement, point, thread, reply):
    values = {
        "pk": agreement.pk,
        "partnership_pk": agreement.partnership_id,
        "section_pk": point.pk,
        "thread_pk": thread.pk,
        "comment_pk": reply.pk,
        "answer_pk": point.answers.first().pk,
        "owner_pk": agreement.pk,
    }
    for name, route in sorted(set(_walk(get_resolver().url_patterns))):
        if name.startswith("admin:"):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not params or any(p not in values for p in params):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)
        yield name, "/" + path


def test_the_other_side_finds_no_internal_comment_through_any_url(
    client, agreement, internal, state_editor, state_signatory, municipal_signatory
):
    point, thread, reply = internal
    paths = list(_paths(agreement, point, thread, reply))
    assert len(paths) > 15  # the walk reaches the agreement's pages, points and threads

    for user in (state_editor, state_signatory):
        client.force_login(user)
        for name, path in paths:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(path, headers=headers)
                body = b"".join(response) if response.streaming else response.content
                assert SECRET.encode() not in body, f"{name} showed it to {user}"

    # The municipal side itself does see it (so the walk above could have found it).
    client.force_login(municipal_signatory)
    page = client.get(f"/avtaler/{agreement.pk}/punkt/{point.pk}/")
    assert SECRET in page.text
