"""PNG pages of every kind of printed document, for a person to look at (issue 14).

In a throwaway SQLite test database: `seed_demo`; then each kind built as the pipeline builds
it (its registered Printable, with its PDF variant) and rendered with render_pdf: the working
copy of an agreement being negotiated (PDF/UA-1), the archival copy of NAV Grorud's signed
version 1 (PDF/A-3a), an invitation (PDF/UA-1), minutes before and after approval (PDF/UA-1,
PDF/A-3a) and a driftsavtale (PDF/UA-1). Writes bench/out/<kind>.pdf and
bench/out/<kind>-<page>.png (pdftoppm, from poppler-utils as `make setup-test` installs;
git-ignored) and prints, per document, its variant, pages, render time and whether it is
tagged (StructTreeRoot, MarkInfo, /Lang, headings).

Run: uv run python bench/printed.py [DPI]   (default 60; 100 to read the small print)
"""

import io
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def printables() -> list[tuple[str, object]]:
    """(file name, Printable) of each kind, from the demo's data."""
    from django.core.management import call_command
    from django.utils import translation

    from agreements.models import Agreement
    from costsharing.models import OperatingAgreement
    from meetings.models import Meeting
    from navpartner.documents import document_kind_get

    logging.disable(logging.WARNING)  # the eager archival-copy tasks' log lines
    try:
        call_command("seed_demo", stdout=io.StringIO())
    finally:
        logging.disable(logging.NOTSET)
    grorud = "NAV Grorud"
    signed = Agreement.objects.get(partnership__office__name=grorud, version=1)
    draft = (
        Agreement.objects.filter(status=Agreement.Status.NEGOTIATION).order_by("pk").first()
        or signed
    )
    meetings = Meeting.objects.order_by("starts_at")
    invited = meetings.filter(status=Meeting.Status.INVITED).first() or meetings.first()
    held = meetings.filter(status=Meeting.Status.HELD).first()
    approved = meetings.filter(status=Meeting.Status.MINUTES_APPROVED).first()
    driftsavtale = OperatingAgreement.objects.filter(partnership__office__name=grorud).first()
    wanted = [
        ("agreement", "agreement", draft),
        ("agreement_archive", "agreement_archive", signed),
        ("meeting_invitation", "meeting_invitation", invited),
        ("meeting_minutes_draft", "meeting_minutes", held),
        ("meeting_minutes_approved", "meeting_minutes", approved),
        ("driftsavtale", "driftsavtale", driftsavtale),
    ]
    with translation.override("nb"):
        return [
            (name, document_kind_get(kind).build(owner))
            for name, kind, owner in wanted
            if owner is not None
        ]


def tagged(pdf: bytes) -> str:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        marked = "/MarkInfo" in root and bool(root.MarkInfo.get("/Marked"))
        ok = "/StructTreeRoot" in root and marked and str(root.get("/Lang", "")) == "nb"
        return "tagged, /Lang nb" if ok else "NOT TAGGED"


def main():
    from navpartner.pdf import render_pdf

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    dpi = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        built = printables()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    OUT.mkdir(exist_ok=True)
    print(f"{'document':<26} {'variant':<9} {'pages':>5} {'ms':>6}  structure")
    for name, printable in built:
        for old in OUT.glob(f"{name}-*.png"):
            old.unlink()
        start = time.perf_counter()
        pdf = render_pdf(printable.html, pdf_variant=printable.pdf_variant or None)
        ms = (time.perf_counter() - start) * 1000
        path = OUT / f"{name}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(OUT / name)], check=True)
        pages = len(list(OUT.glob(f"{name}-*.png")))
        print(f"{name:<26} {printable.pdf_variant:<9} {pages:>5} {ms:>6.0f}  {tagged(pdf)}")
    print(f"pages in {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}/")
    print(f"reproduce: uv run python bench/printed.py {dpi}")


if __name__ == "__main__":
    main()
