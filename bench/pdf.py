"""CPU to print the demo's NAV Grorud agreement (version 1, in force) with render_pdf, against
LibreOffice converting the same text from a Word file (`soffice --headless --convert-to pdf`).

Two agreements, each in a throwaway SQLite test database: the demo's (`seed_demo`; NAV
Grorud's version 1, its HTML built as the view 'Lag PDF' builds it: agreement_document_context
+ templates/pdf/agreement.html), and NAV Grorud with every point written out as
bench/agreement_pdf.py builds it (signed, about twice the pages). For each: one untimed warm-up
render (a warm worker: fonts loaded), then N timed render_pdf calls (median wall and CPU,
pages, pages/s, size; and of that CPU the kernel's, with the page faults a render takes: the
interpreter's frame stack mapped and unmapped, navpartner/stack.py). The process is first made
what a Celery worker is when it renders: navpartner/celery.py's worker_init handler run as is
(the PDF libraries loaded, then `gc.freeze()`).

The figure that counts is the ratio of CPU times measured in the same run (the machine is
shared and noisy, and wall time counts the waits for the other processes): render_pdf's median
CPU over LibreOffice's median CPU for the same text, their timed runs alternating (a render,
a conversion, a render, ...), so that a busy spell on the machine weighs on both. Target: at
most 0.5.

LibreOffice is not part of the product's set-up; if it is installed, each agreement's plain
HTML (cover lines, every section's text and structured part, attachments; none of our print
CSS) is converted to .docx once (untimed), one warm-up conversion to PDF fills one profile
(`-env:UserInstallation`, kept for the timed runs: a cold first start would be unfair), then
N timed conversions of the .docx to PDF, each a new soffice process as a server would start
(its CPU: the children's rusage, soffice.bin's included). Without LibreOffice the bench says so
and prints no ratio.

How the ratio grows with the text: each renderer's median CPU as a straight line through the
two agreements, against the length of their text (characters, whitespace collapsed): its
cost whatever the text (LibreOffice's is mostly starting a process), what 10 000 more
characters add, and so the length of text up to which the target holds.

Where the time goes: render_pdf's CPU for each agreement split by WeasyPrint's stages (HTML
parse, stylesheet parse, cascade, box tree, layout, drawing, fonts, tagging, writing the file)
and the cyclic garbage collector, each stage's own time (the collector's runs apart), by
wrapping those functions for N more renders; and by page: each page's layout (and how many
times WeasyPrint laid it out: the contents page again until its page numbers settle) and its
drawing. The contents page is laid out three times (WeasyPrint 70): first before the sections
are laid out (no numbers yet), then again with the content of that first pass, because a
`target-counter(attr(href), page)` whose anchor comes from attr() is recorded without its
anchor's name and so is never told when the anchor's page becomes known, and a third time,
with the numbers, because the document's page count (0, then the real one) differs between
passes and WeasyPrint re-reads a box's content when any page counter changes. With a literal
anchor for each entry (`target-counter("#section-1", page)`, tried) it is laid out three times
too: only a change in WeasyPrint would save a pass.

What tagging costs: the archival copy of the same agreement (agreement_archive_printable, its
recorded signatures and checksum) rendered N times as it is made, tagged PDF/A-3a, and N times
untagged as PDF/A-3b (render_pdf(tagged=False), as before issue 14), alternating in the same
run after one untimed warm-up of each; medians of wall and CPU time and their ratio.

Run: uv run python bench/pdf.py [N]   (default 5; apt-get install -y libreoffice-writer-nogui
     to compare with LibreOffice)
"""

import collections
import contextlib
import gc
import io
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from navpartner.celery import load_the_pdf_libraries  # noqa: E402

TARGET_RATIO = 0.5


def written_out_html() -> tuple[str, str]:
    """(the printed HTML, the plain HTML) of bench/agreement_pdf.py's agreement, signed."""
    from bench.agreement_pdf import build, context_for

    return _both(context_for(build(), signed=True))


def grorud_html() -> tuple[tuple[str, str], str]:
    """((the HTML the view renders, the plain HTML of the same text), the archival copy's
    HTML) of the demo's Grorud, version 1."""
    from agreements import selectors
    from agreements.documents import agreement_archive_printable
    from agreements.models import Agreement

    logging.disable(logging.WARNING)  # the eager archival-copy tasks' log lines
    try:
        call_command("seed_demo", stdout=io.StringIO())
    finally:
        logging.disable(logging.NOTSET)
    agreement = Agreement.objects.select_related(
        "partnership__office", "partnership__municipal_party", "partnership__state_party"
    ).get(partnership__office__name="NAV Grorud", version=1)
    assert agreement.status == Agreement.Status.IN_FORCE, agreement.status
    # As agreements.views.documents.agreement_pdf_request (without appended attachments).
    context = selectors.agreement_document_context(agreement)
    context["generated_at"] = agreement.status_changed_at
    context["appended"] = False
    archive = agreement_archive_printable(agreement)
    assert archive.pdf_variant == "pdf/a-3a", archive.pdf_variant
    return _both(context), archive.html


def _both(context: dict) -> tuple[str, str]:
    """(the printed HTML, the plain HTML) of an agreement's context."""
    from django.template import Context, Template
    from django.template.loader import render_to_string

    return render_to_string("pdf/agreement.html", context), Template(PLAIN).render(Context(context))


# The same text with no stylesheet: what someone would paste into Word.
PLAIN = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<title>Partnerskapsavtale – {{ partnership }}</title></head><body>
<h1>Partnerskapsavtale for {{ partnership.office.name }}</h1>
<p>{{ partnership.office.address }}</p>
<p>mellom {{ partnership.municipal_party }} og {{ partnership.state_party.name }}</p>
<p>Versjon {{ agreement.version }}, {{ agreement.get_status_display }}</p>
{% for section, structured_html in sections %}
{% if section.number|slice:"-2:" == ".0" %}<h2>{{ section.number }} {{ section.title }}</h2>
{% else %}<h3>{{ section.number }} {{ section.title }}</h3>{% endif %}
{{ section.body|safe }}{{ structured_html }}
{% endfor %}
<h2>Vedlegg</h2>
<ol>{% for attachment in attachments %}<li>{{ attachment.title }}</li>{% endfor %}</ol>
<h2>Underskrifter</h2>
<p>{{ partnership.municipal_party }}</p><p>{{ partnership.state_party.name }}</p>
</body></html>"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def weasyprint_runner(html: str, **options) -> tuple[float, Callable[[], dict]]:
    """(the wall ms of one untimed warm-up render_pdf(html, **options): fonts, stylesheets; a
    timed render's sample: wall and CPU ms, the kernel's share of that CPU, page faults, the
    PDF)."""
    from navpartner.pdf import render_pdf

    start = time.perf_counter()
    render_pdf(html, **options)
    first = (time.perf_counter() - start) * 1000

    def run() -> dict:
        before = resource.getrusage(resource.RUSAGE_SELF)
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(html, **options)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "wall": wall * 1000,
            "cpu": cpu * 1000,
            "kernel": (after.ru_stime - before.ru_stime) * 1000,
            "faults": after.ru_minflt - before.ru_minflt,
            "pdf": pdf,
        }

    return first, run


def bench_both(html: str, plain: str, repeats: int, soffice: str | None, work: Path):
    """render_pdf's results and LibreOffice's (None without it) for one agreement, their timed
    runs alternating, so that what else the machine runs at the time weighs on both alike."""
    runners = {"ours": weasyprint_runner(html)}
    if soffice:
        runners["theirs"] = libreoffice_runner(soffice, plain, work)
    results = alternating(runners, repeats)
    return results["ours"], results.get("theirs")


def alternating(runners: dict[str, tuple[float, Callable[[], dict]]], repeats: int) -> dict:
    """Each runner's results by name (its warm-up's wall ms as "first", each sample's figures
    as lists, its last PDF), from `repeats` rounds of one timed run of each in turn."""
    results = {name: {"first": first, "samples": []} for name, (first, _run) in runners.items()}
    for _ in range(repeats):
        for name, (_first, run) in runners.items():
            results[name]["samples"].append(run())
    for result in results.values():
        samples = result.pop("samples")
        for key in samples[0]:
            result[key] = [sample[key] for sample in samples]
        result["pdf"] = result["pdf"][-1]
    return results


# (module, attribute, stage): the stages of a render as WeasyPrint 70 calls them. Layout is a
# generator consumed in Document._render, so its time is what _render spends outside the
# stages under it.
STAGES = (
    ("weasyprint:HTML", "__init__", "HTML parse"),
    ("weasyprint:CSS", "__init__", "stylesheet parse"),
    ("weasyprint.document", "get_all_computed_styles", "cascade (selector matching)"),
    ("weasyprint.document", "build_formatting_structure", "box tree"),
    ("weasyprint.document:Document", "_render", "layout (lines, pages)"),
    ("weasyprint.document:Page", "paint", "drawing"),
    ("weasyprint.pdf", "build_fonts_dictionary", "fonts (subset, embed)"),
    ("weasyprint.pdf", "add_tags", "tagging (PDF/UA, PDF/A)"),
    ("pydyf:PDF", "write", "writing the file (zlib)"),
    ("weasyprint.document:Document", "write_pdf", "other"),
)


@contextlib.contextmanager
def stage_timer():
    """CPU seconds by stage, each stage's own (not its sub-stages', not the collector's)."""
    import importlib

    spent: collections.Counter = collections.Counter()
    stack: list[str] = []
    patched = []

    def timed(function, stage):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            stack.append(stage)
            try:
                return function(*args, **kwargs)
            finally:
                stack.pop()
                took = time.process_time() - start
                spent[stage] += took
                if stack:
                    spent[stack[-1]] -= took

        return wrapper

    collector_start = [0.0]

    def collector(phase, info):
        if phase == "start":
            collector_start[0] = time.process_time()
            return
        took = time.process_time() - collector_start[0]
        spent["cyclic garbage collector"] += took
        if stack:
            spent[stack[-1]] -= took

    for where, name, stage in STAGES:
        module, _, cls = where.partition(":")
        owner = importlib.import_module(module)
        owner = getattr(owner, cls) if cls else owner
        original = owner.__dict__[name]
        wrapped = timed(original.__func__ if isinstance(original, classmethod) else original, stage)
        setattr(owner, name, classmethod(wrapped) if isinstance(original, classmethod) else wrapped)
        patched.append((owner, name, original))
    gc.callbacks.append(collector)
    try:
        yield spent
    finally:
        gc.callbacks.remove(collector)
        for owner, name, original in patched:
            setattr(owner, name, original)


@contextlib.contextmanager
def page_timer():
    """CPU seconds by page number: laying the page out (each time WeasyPrint does: a page whose
    content uses target-counter() is laid out again until its numbers settle) and drawing it."""
    from weasyprint.document import Page
    from weasyprint.layout import page as page_layout

    pages = {"laid out": collections.Counter(), "layout": collections.Counter()}
    pages["drawing"] = collections.Counter()
    make_page, paint = page_layout.make_page, Page.paint

    def timed_make_page(context, root_box, page_type, resume_at, page_number, page_state):
        start = time.process_time()
        try:
            return make_page(context, root_box, page_type, resume_at, page_number, page_state)
        finally:
            pages["laid out"][page_number] += 1
            pages["layout"][page_number] += time.process_time() - start

    def timed_paint(self, *args, **kwargs):
        start = time.process_time()
        try:
            return paint(self, *args, **kwargs)
        finally:
            pages["drawing"][self._page_box.page_type.index + 1] += time.process_time() - start

    page_layout.make_page, Page.paint = timed_make_page, timed_paint
    try:
        yield pages
    finally:
        page_layout.make_page, Page.paint = make_page, paint


def bench_stages(html: str, repeats: int) -> tuple[float, dict[str, float], dict[str, dict]]:
    """(median CPU ms of a render, CPU ms a render by stage, and by page: how many times each
    page was laid out, the CPU ms of those layouts and of drawing it, a render)."""
    from navpartner.pdf import render_pdf

    render_pdf(html)  # warm-up
    with stage_timer() as spent, page_timer() as pages:
        start = time.process_time()
        for _ in range(repeats):
            render_pdf(html)
        total = (time.process_time() - start) * 1000 / repeats
    by_stage = {stage: spent[stage] * 1000 / repeats for _, _, stage in STAGES}
    by_stage["cyclic garbage collector"] = spent["cyclic garbage collector"] * 1000 / repeats
    by_stage["other"] += total - sum(by_stage.values())  # render_pdf's own, outside WeasyPrint
    by_page = {
        "laid out": {n: count / repeats for n, count in sorted(pages["laid out"].items())},
        "layout": {n: cpu * 1000 / repeats for n, cpu in pages["layout"].items()},
        "drawing": {n: cpu * 1000 / repeats for n, cpu in pages["drawing"].items()},
    }
    return total, by_stage, by_page


def bench_tagging(html: str, repeats: int) -> dict[str, dict]:
    """The archival copy tagged (PDF/A-3a, as made) and untagged (PDF/A-3b), alternating."""
    return alternating(
        {
            "tagged": weasyprint_runner(html, pdf_variant="pdf/a-3a"),
            "untagged": weasyprint_runner(html, pdf_variant="pdf/a-3b", tagged=False),
        },
        repeats,
    )


def libreoffice_runner(soffice: str, plain: str, work: Path) -> tuple[float, Callable[[], dict]]:
    """(the wall ms of the warm-up conversion that fills the profile; a timed conversion's
    sample: wall and CPU ms of a new soffice process, the PDF)."""
    profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
    source = work / "agreement.html"
    source.write_text(plain, encoding="utf-8")
    docx, pdf = work / "agreement.docx", work / "agreement.pdf"
    for stale in (docx, pdf):
        stale.unlink(missing_ok=True)

    def soffice_run(*args):
        subprocess.run(
            [soffice, profile, "--headless", *args, "--outdir", str(work)],
            check=True,
            capture_output=True,
            timeout=300,
        )

    # Once, untimed: the plain HTML opened in Writer (not Writer/Web) and saved as Word.
    soffice_run(
        "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", str(source)
    )
    start = time.perf_counter()
    soffice_run("--convert-to", "pdf", str(docx))  # warm-up of the profile
    first = (time.perf_counter() - start) * 1000

    def run() -> dict:
        pdf.unlink()
        start, start_cpu = time.perf_counter(), children_cpu()
        soffice_run("--convert-to", "pdf", str(docx))
        wall, cpu = time.perf_counter() - start, children_cpu() - start_cpu
        return {"wall": wall * 1000, "cpu": cpu * 1000, "pdf": pdf.read_bytes()}

    return first, run


HEADER = (
    f"{'renderer':<30} {'runs':>4} {'median':>8} {'max':>7} {'cpu':>7} {'1st run':>8} "
    f"{'pages':>5} {'pages/s':>7} {'size':>7}"
)


def row(name: str, result: dict) -> str:
    median = statistics.median(result["wall"])
    pages = pages_of(result["pdf"])
    return (
        f"{name:<30} {len(result['wall']):>4} {median:>8.0f} {max(result['wall']):>7.0f} "
        f"{statistics.median(result['cpu']):>7.0f} {result['first']:>8.0f} {pages:>5} "
        f"{pages / (median / 1000):>7.1f} {len(result['pdf']) / 1024:>7.0f}"
    )


def text_length(plain: str) -> int:
    """The characters of the agreement's text (the plain HTML's, its whitespace collapsed)."""
    from django.utils.html import strip_tags

    return len(" ".join(strip_tags(plain).split()))


def print_growth(documents: dict, ours: dict, theirs: dict) -> None:
    """Each renderer's CPU as a straight line through the two agreements (CPU against the
    length of their text): what a render costs whatever the text, what 10 000 more characters
    add, and the length of text up to which render_pdf stays within TARGET_RATIO of
    LibreOffice."""
    (short, (_, short_plain)), (long, (_, long_plain)) = documents.items()
    lengths = (text_length(short_plain), text_length(long_plain))
    lines = {}
    for label, results in (("render_pdf", ours), ("LibreOffice", theirs)):
        cpu = (statistics.median(results[short]["cpu"]), statistics.median(results[long]["cpu"]))
        slope = (cpu[1] - cpu[0]) / (lengths[1] - lengths[0])
        lines[label] = (cpu[0] - slope * lengths[0], slope)
    print()
    print(
        "How the ratio grows with the text (CPU as a straight line through the two agreements: "
        f"{lengths[0]:,} and {lengths[1]:,} characters of text):"
    )
    for label, (fixed, slope) in lines.items():
        per = slope * 10_000
        print(f"  {label:<12} {fixed:5.0f} ms a render + {per:4.0f} ms per 10 000 characters")
    (our_fixed, our_slope), (their_fixed, their_slope) = lines["render_pdf"], lines["LibreOffice"]
    denominator = our_slope - TARGET_RATIO * their_slope
    if denominator <= 0:
        print(f"  render_pdf stays within {TARGET_RATIO}× LibreOffice at any length")
        return
    limit = (TARGET_RATIO * their_fixed - our_fixed) / denominator
    pages_per_character = pages_of(ours[long]["pdf"]) / lengths[1]
    print(
        f"  so render_pdf is within {TARGET_RATIO}× LibreOffice up to about {max(limit, 0):,.0f} "
        f"characters of text (about {max(limit, 0) * pages_per_character:.0f} of its pages)"
    )


def main():
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # no per-page INFO lines
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        demo, archive_html = grorud_html()
        call_command("flush", interactive=False, verbosity=0)  # the two share Oslo's numbers
        documents = {
            "demo: Grorud v1, in force": demo,
            "written out (agreement_pdf.py)": written_out_html(),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    load_the_pdf_libraries()  # as a Celery worker starts
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    ours, theirs = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as work:
        for name, (html, plain) in documents.items():
            ours[name], theirs[name] = bench_both(html, plain, repeats, soffice, Path(work))
    theirs = {name: result for name, result in theirs.items() if result}
    stages = {name: bench_stages(html, repeats) for name, (html, _plain) in documents.items()}
    tagging = bench_tagging(archive_html, repeats)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print("NAV Grorud's agreement; times in ms (cpu: this process's, or soffice's), size in KiB")
    busy = " (busy: other processes share the cores, so wall > cpu)"
    busy = busy if os.getloadavg()[0] > (os.cpu_count() or 1) else ""
    print(f"machine: {os.cpu_count()} cores, load average {load}{busy}")
    if not soffice:
        print(
            "LibreOffice: NOT INSTALLED (no libreoffice or soffice on PATH), so no ratio to "
            "it; install with `apt-get install -y libreoffice-writer-nogui` to compare"
        )
    for name, result in ours.items():
        print()
        print(f"{name}:")
        print(HEADER)
        print(row("render_pdf (WeasyPrint)", result))
        print(
            f"  of render_pdf's CPU in the kernel: {statistics.median(result['kernel']):.0f} ms; "
            f"page faults a render: {statistics.median(result['faults']):.0f} (navpartner/stack.py)"
        )
        if name not in theirs:
            continue
        print(row("soffice docx→pdf (warm prof.)", theirs[name]))
        ratio = statistics.median(result["cpu"]) / statistics.median(theirs[name]["cpu"])
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"ratio: render_pdf CPU / LibreOffice CPU = {ratio:.2f} "
            f"(target ≤ {TARGET_RATIO}: {verdict}); wall "
            f"{statistics.median(result['wall']) / statistics.median(theirs[name]['wall']):.2f}"
        )
    if theirs:
        print(
            "soffice: one warm profile (1st run = its warm-up, untimed in the median), a new "
            "process per run; fewer pages: Writer's default styles, no cover, contents or "
            "running header"
        )
        if len(theirs) == 2:
            print_growth(documents, ours, theirs)
    print()
    print("Where render_pdf's CPU goes (ms a render and share; each stage's own time):")
    names = list(stages)
    print(f"{'stage':<30}" + "".join(f" {name[:22]:>22}" for name in names))
    for stage in stages[names[0]][1]:
        cells = "".join(
            f" {stages[name][1][stage]:>13.0f} {stages[name][1][stage] / stages[name][0]:>7.1%}"
            for name in names
        )
        print(f"{stage:<30}{cells}")
    print(f"{'whole render':<30}" + "".join(f" {stages[n][0]:>13.0f} {1:>7.1%}" for n in names))
    print()
    print("By page (ms a render): layout (× times laid out) + drawing = share of the render:")
    for name in names:
        total, _by_stage, by_page = stages[name]
        cells = []
        for number, times in by_page["laid out"].items():
            layout, drawing = by_page["layout"][number], by_page["drawing"].get(number, 0)
            share = (layout + drawing) / total
            cells.append(f"{number}: {layout:.0f} (×{times:g}) + {drawing:.0f} = {share:.0%}")
        print(f"{name}:")
        for start in range(0, len(cells), 4):
            print("  " + ";  ".join(cells[start : start + 4]))
    print()
    print("What tagging costs, the archival copy (same run, alternating):")
    print(HEADER)
    print(row("tagged, PDF/A-3a (as made)", tagging["tagged"]))
    print(row("untagged, PDF/A-3b (before)", tagging["untagged"]))
    wall = {k: statistics.median(v["wall"]) for k, v in tagging.items()}
    cpu = {k: statistics.median(v["cpu"]) for k, v in tagging.items()}
    size = {k: len(v["pdf"]) for k, v in tagging.items()}
    print(
        f"tagging costs: {wall['tagged'] / wall['untagged']:.2f}× the time "
        f"(+{wall['tagged'] - wall['untagged']:.0f} ms), "
        f"{cpu['tagged'] / cpu['untagged']:.2f}× the CPU "
        f"(+{cpu['tagged'] - cpu['untagged']:.0f} ms), "
        f"{size['tagged'] / size['untagged']:.2f}× the size"
    )
    print(f"reproduce: uv run python bench/pdf.py {repeats}")


if __name__ == "__main__":
    main()
