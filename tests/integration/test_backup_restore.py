"""The README's backup and restore, done as written on the real PostgreSQL: the database
dumped (pg_dump, custom format), then the media directory copied; restored into a new
database; there `manage.py migrate --check` finds nothing to do and `manage.py files_verify`
finds every file the records name, as recorded. A copy that lost a file is caught: the
command fails naming it."""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from agreements import services as agreement_services
from tests.agreements import delegation_attached
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.integration.test_database_restart import PG_BIN

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _pg(tool: str, *args: str) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    where = ["--host", db["HOST"], "--port", str(db["PORT"]), "--username", db["USER"]]
    subprocess.run([str(PG_BIN / tool), *where, *args], check=True, env=env)  # noqa: S603


def _manage(database: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    env = {  # as production runs it
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navpartner.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "navpartner.example.no",
        "NAVPARTNER_BASE_URL": "https://navpartner.example.no",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{database}",
        "DJANGO_MEDIA_ROOT": str(media),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_backup_restored_as_the_readme_says_has_every_file_its_records_name(tmp_path):
    partnership = PartnershipFactory()
    user = UserFactory(username="navleder.backup")
    MembershipFactory(user=user, partnership=partnership, side="office", role="secretary")
    agreement_services.veileder_templates_load_all()
    agreement = agreement_services.agreement_create(partnership=partnership, user=user)
    attachment = delegation_attached(agreement, user)
    dump, media = tmp_path / "navpartner.dump", tmp_path / "media"
    restored = f"restored_{uuid.uuid4().hex[:8]}"

    # The backup: the database first, then the files.
    _pg("pg_dump", "--format=custom", f"--file={dump}", connection.settings_dict["NAME"])
    shutil.copytree(settings.MEDIA_ROOT, media)
    # The restore, into a database of its own.
    _pg("createdb", restored)
    try:
        _pg("pg_restore", "--no-owner", f"--dbname={restored}", str(dump))
        migrations = _manage(restored, media, "migrate", "--check")
        verified = _manage(restored, media, "files_verify")
        (media / attachment.file.name).unlink()  # a copy that lost a file
        damaged = _manage(restored, media, "files_verify")
    finally:
        _pg("dropdb", "--if-exists", restored)

    assert migrations.returncode == 0, migrations.stdout + migrations.stderr
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "1 file(s) checked (agreements.Attachment 1): 1 as recorded, 0 missing" in (
        verified.stdout
    )
    assert damaged.returncode == 1
    assert (
        f"MISSING  agreements.Attachment {attachment.pk} file {attachment.file.name}"
        in damaged.stdout.splitlines()
    )
    assert "1 file(s) missing, unreadable or changed." in damaged.stderr
