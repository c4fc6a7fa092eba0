"""Fixtures shared by the agreements tests (the personas, `agreement` and `approved` are in
tests/conftest.py)."""

import datetime as dt

import pytest
import time_machine

from agreements.models import Agreement

from . import sign_both


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and rendered documents go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def in_force(
    media, approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    """The approved agreement (from 1 January 2026, evaluated every 12 months, three months'
    notice), signed by both sides on 1 March 2026 and so in force."""
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        agreement = sign_both(
            approved,
            municipal=municipal_signatory,
            state=state_signatory,
            capture=django_capture_on_commit_callbacks,
        )
    assert agreement.status == Agreement.Status.IN_FORCE
    return agreement
