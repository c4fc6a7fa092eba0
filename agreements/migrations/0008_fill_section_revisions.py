"""Every section keeps the text it has now as its first kept revision, and each approval of
that text records the text's hash. Earlier texts were overwritten before 0007: they are gone.
"""

import hashlib
import json

from django.db import migrations


def _hash(title, body, structured):
    # The same canonical form as agreements.models.negotiation.content_hash (kept here:
    # a migration imports no app code).
    content = json.dumps(
        {"title": title, "body": body, "structured": structured},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


def fill(apps, schema_editor):
    Section = apps.get_model("agreements", "AgreementSection")
    Revision = apps.get_model("agreements", "SectionRevision")
    Approval = apps.get_model("agreements", "SectionApproval")
    hashes = {}
    revisions = []
    for section in Section.objects.select_related("agreement").iterator(chunk_size=1000):
        digest = _hash(section.title, section.body, section.structured)
        hashes[section.pk] = (section.revision, digest)
        revisions.append(
            Revision(
                section_id=section.pk,
                number=section.revision,
                title=section.title,
                body=section.body,
                structured=section.structured,
                content_hash=digest,
                author_id=section.updated_by_id,
                created_at=section.updated_at or section.agreement.created_at,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=1000, ignore_conflicts=True)
    approvals = list(Approval.objects.all())
    for approval in approvals:
        revision, digest = hashes[approval.section_id]
        if approval.section_revision == revision:
            approval.content_hash = digest
    Approval.objects.bulk_update(approvals, ["content_hash"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_negotiation"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
