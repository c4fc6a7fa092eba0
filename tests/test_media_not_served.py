"""Stored files are served only through the views that check access, in every set-up: the
DEBUG set-up of `make run` once served /media/ to anyone logged in (Frogner downloaded
Grorud's signature evidence by its path)."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

import navpartner.urls
from tests.agreements import MUNICIPAL, pdf_upload, sign
from tests.factories import pdf_bytes


@pytest.fixture
def debug_urls(settings, media):
    """The URLconf as `make run` builds it: urls.py read with DEBUG on."""
    with override_settings(DEBUG=True):
        importlib.reload(navpartner.urls)
    clear_url_caches()
    yield navpartner.urls
    importlib.reload(navpartner.urls)
    clear_url_caches()


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_a_stored_file_is_not_served_by_its_media_path(
    client,
    debug_urls,
    settings,
    approved,
    municipal_signatory,
    outsider,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        signature = sign(approved, municipal_signatory, MUNICIPAL, evidence=pdf_upload(pdf_bytes()))
    path = "/" + settings.MEDIA_URL.lstrip("/") + signature.evidence.name
    assert signature.evidence.storage.exists(signature.evidence.name)
    client.force_login(outsider)

    response = client.get(path)

    assert response.status_code == 404
    with pytest.raises(Resolver404):
        resolve(path, urlconf=debug_urls)
