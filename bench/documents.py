"""Measure the Word engine on a ~20-page proposal, beside docxtpl making the same content.

    .venv/bin/python bench/documents.py [--runs 7] [--processes 5] [--pages]

The proposal: a cover, a table of contents, eight criteria with two sections each (paragraphs and
bullets), a 16-row table of EU information elements, a 40-row table of learning outcomes, a
credit table and one bar chart. docxtpl (the `bench` extra: pip install -e .[bench]) renders the
same content from a template this script writes with python-docx on the house style; both
render the chart with the engine's render_chart (matplotlib), so the chart costs both the same.

Prints, for each: the median time of --runs warm builds in this process (after one build to warm
up), the peak Python memory of one warm build (tracemalloc; lxml's own allocations are not in
it), and, over --processes new processes, the median wall time of a process that starts, imports
what it needs, builds once and writes the file, with its peak resident memory. The engine's new
process sets Django up with the portal's settings, as a huey worker does. --pages converts one
of each to PDF with LibreOffice (when installed) and prints the page counts.

Measured 2026-11-25 on the project machine while two other test suites ran (load about 3 on
two cores), median of 9: warm, engine 138 ms and docxtpl 150 ms (0.92; without the chart 22 ms
and 35 ms, 0.62); peak Python memory 2.0 and 2.7 MB. A new process: docxtpl 1.4 s, the engine
with bare Django 2.1 s, with the portal's django.setup() 4.3 s (Wagtail's imports take most of
it; pandas and matplotlib about 1 s together); peak RSS 91, 132 and 217 MB. 19 and 22 pages.
"""

import argparse
import io
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CRITERIA = [
    "Title and learning outcomes",
    "Need and acceptability",
    "Entry requirements",
    "Design and credits",
    "Delivery",
    "Resources",
    "Assessment and moderation",
    "Review",
]
SENTENCE = (
    "The micro-credential answers a skills need that industry partners documented in the "
    "co-design workspace, and its learning outcomes map to the national framework's level "
    "descriptors. "
)


def content():
    """The proposal's words and tables, as plain Python data both builders share."""
    sections = []
    for number, criterion in enumerate(CRITERIA):
        subsections = []
        for part in ("Evidence", "Response"):
            subsections.append(
                {
                    "title": f"{part} for {criterion.lower()}",
                    "paragraphs": [SENTENCE * 4, SENTENCE * 3, SENTENCE * 5, SENTENCE * 2],
                    "bullets": [f"Point {n} on {criterion.lower()}" for n in range(1, 5)],
                }
            )
        sections.append({"title": criterion, "subsections": subsections, "number": number})
    elements = [
        [f"EU element {n}", f"Value of element {n}: {SENTENCE[: 40 + 5 * n]}"] for n in range(16)
    ]
    outcomes = [
        [
            f"LO{n}",
            f"Install and commission rooftop solar array component {n} safely and to code",
            ["knowledge", "skills", "responsibility and autonomy"][n % 3],
        ]
        for n in range(1, 41)
    ]
    credits = [["Notional hours", "240"], ["Hours per credit", "20"], ["Credits", "12"]]
    return {
        "title": "Proposal for approval: Solar PV installation",
        "subtitle": "A micro-credential for Mauritius",
        "organisation": "University of Mauritius with SolarCo",
        "sections": sections,
        "elements": elements,
        "outcomes": outcomes,
        "credits": credits,
        "chart": {"years": ["2023", "2024", "2025", "2026"], "learners": [12, 30, 45, 80]},
    }


def draw(data):
    def plot(axes):
        axes.bar(data["years"], data["learners"], color="#2E74B5")
        axes.set_ylabel("Learners")
        axes.set_title("Learners by year")

    return plot


def build_engine(data, chart=True):
    import pandas as pd

    from portal.documents.builder import DocumentBuilder

    doc = DocumentBuilder()
    doc.set_properties(title=data["title"], subject=data["subtitle"], language="en-GB")
    doc.cover(
        title=data["title"],
        subtitle=data["subtitle"],
        organisation=data["organisation"],
        date="25 November 2026",
        version="3",
    )
    doc.running_header_footer(title=data["title"])
    doc.table_of_contents()
    for section in data["sections"]:
        doc.heading(section["title"])
        for sub in section["subsections"]:
            doc.heading(sub["title"], level=2)
            for paragraph in sub["paragraphs"]:
                doc.paragraph(paragraph)
            doc.bullets(sub["bullets"])
        if section["number"] == 0:
            doc.table(
                pd.DataFrame(data["outcomes"], columns=["Code", "Outcome", "Domain"]),
                caption="Learning outcomes",
            )
        if section["number"] == 1:
            doc.table(
                pd.DataFrame(data["elements"], columns=["Element", "Value"]),
                caption="EU information elements",
            )
        if section["number"] == 3:
            doc.table(pd.DataFrame(data["credits"], columns=["Item", "Value"]), caption="Credits")
        if section["number"] == 3 and chart:
            doc.chart(
                draw(data["chart"]),
                alt_text="Learners rose from 12 in 2023 to 80 in 2026.",
                caption="Learners by year",
            )
    return doc.to_bytes()


# --- docxtpl ------------------------------------------------------------------------------


def make_template(path):
    """A docxtpl template of the same proposal, on the house style."""
    from docx import Document
    from docx.oxml import parse_xml

    from portal.documents.style import REFERENCE_PATH

    document = Document(str(REFERENCE_PATH))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    add = document.add_paragraph
    add("{{ title }}", style="Title")
    add("{{ subtitle }}", style="Subtitle")
    add("{{ organisation }}", style="Cover Detail")
    add("25 November 2026", style="Cover Detail")
    add("Version 3", style="Cover Detail")
    document.add_page_break()
    add("Contents", style="TOC Heading")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body.sectPr.addprevious(
        parse_xml(
            f'<w:p xmlns:w="{w}"><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Update</w:t>'
            '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    )
    document.add_page_break()
    add("{%p for section in sections %}")
    add("{{ section.number + 1 }}\t{{ section.title }}", style="Heading 1")
    add("{%p for sub in section.subsections %}")
    add("{{ section.number + 1 }}.{{ loop.index }}\t{{ sub.title }}", style="Heading 2")
    add("{%p for paragraph in sub.paragraphs %}")
    add("{{ paragraph }}")
    add("{%p endfor %}")
    add("{%p for bullet in sub.bullets %}")
    add("{{ bullet }}", style="List Bullet")
    add("{%p endfor %}")
    add("{%p endfor %}")
    for number, key, columns, caption in (
        (0, "outcomes", ["Code", "Outcome", "Domain"], "Table 1: Learning outcomes"),
        (1, "elements", ["Element", "Value"], "Table 2: EU information elements"),
        (3, "credits", ["Item", "Value"], "Table 3: Credits"),
    ):
        add(f"{{%p if section.number == {number} %}}")
        add(caption, style="Caption")
        table = document.add_table(rows=4, cols=len(columns), style="House Table")
        for cell, heading in zip(table.rows[0].cells, columns, strict=True):
            cell.text = heading
        table.rows[1].cells[0].text = f"{{%tr for row in {key} %}}"
        for index, cell in enumerate(table.rows[2].cells):
            cell.text = f"{{{{ row[{index}] }}}}"
        table.rows[3].cells[0].text = "{%tr endfor %}"
        add("{%p endif %}")
    add("{%p if section.number == 3 %}")
    add("{{ chart }}")
    add("Figure 1: Learners by year", style="Caption")
    add("{%p endif %}")
    add("{%p endfor %}")
    document.save(str(path))


def build_docxtpl(data, template_path, chart=True):
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from portal.documents.builder import render_chart

    template = DocxTemplate(str(template_path))
    if not chart:
        template.render(dict(data, chart=""), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        return buffer.getvalue()
    # The same chart, made by the same code as the engine's: the comparison is of the rest.
    png = io.BytesIO(render_chart(draw(data["chart"]), 16, 9))
    context = dict(data, chart=InlineImage(template, png, width=Mm(160)))
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# --- measuring ----------------------------------------------------------------------------


def setup_django(workdir):
    os.environ.update(
        {
            "DEBUG": "0",
            "PORTAL_HTTPS": "0",
            "PORTAL_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))
    import django

    django.setup()


def warm(builds, runs):
    """{name: (median seconds, peak Python bytes, size)}; the builds take turns, so a change
    in the machine's load falls on all of them alike."""
    times = {name: [] for name in builds}
    sizes = {}
    for build in builds.values():
        build()  # imports, caches
    for _ in range(runs):
        for name, build in builds.items():
            start = time.perf_counter()
            sizes[name] = len(build())
            times[name].append(time.perf_counter() - start)
    results = {}
    for name, build in builds.items():
        tracemalloc.start()
        build()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[name] = (statistics.median(times[name]), peak, sizes[name])
    return results


def peak_rss_kb():
    """This process's peak resident memory in kB (VmHWM: unlike ru_maxrss, it starts again at
    exec, so a child does not inherit its parent's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(which, output, template, workdir):
    """One build in this fresh process; prints resident memory before and after it."""
    rss_before = peak_rss_kb()
    if which == "engine":
        setup_django(workdir)
        data = build_engine(content())
    elif which == "engine-bare":
        # What the engine itself needs of Django: settings for translation and dates.
        import django
        from django.conf import settings

        settings.configure(USE_I18N=True, LANGUAGE_CODE="en-gb", USE_TZ=True)
        django.setup()
        data = build_engine(content())
    else:
        data = build_docxtpl(content(), template)
    Path(output).write_bytes(data)
    rss_after = peak_rss_kb()
    print(json.dumps({"rss_before_kb": rss_before, "rss_after_kb": rss_after}))


def new_process(which, runs, template, workdir):
    times, peaks = [], []
    output = Path(workdir) / f"{which}.docx"
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                which,
                "--output",
                str(output),
                "--template",
                str(template),
                "--workdir",
                str(workdir),
            ],
            stdout=subprocess.PIPE,
        )
        stdout, _ = process.communicate()
        elapsed = time.perf_counter() - start
        if process.returncode:
            raise SystemExit(f"the {which} process failed")
        times.append(elapsed)
        peaks.append(json.loads(stdout)["rss_after_kb"])
    return statistics.median(times), statistics.median(peaks), output


def pages(path, workdir):
    import shutil

    if not shutil.which("soffice"):
        return "soffice missing"
    profile = Path(workdir) / f"lo-{path.stem}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(path),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    info = subprocess.run(
        ["pdfinfo", str(Path(workdir) / f"{path.stem}.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--pages", action="store_true")
    parser.add_argument(
        "--child", choices=["engine", "engine-bare", "docxtpl"], help=argparse.SUPPRESS
    )
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--template", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.output, args.template, args.workdir)
        return

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-documents-"))
    setup_django(workdir)
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        raise SystemExit("docxtpl is missing: pip install -e .[bench]") from None
    template = workdir / "proposal_template.docx"
    make_template(template)
    data = content()

    results = warm(
        {
            "engine (python-docx)": lambda: build_engine(data),
            "docxtpl": lambda: build_docxtpl(data, template),
            "engine, no chart": lambda: build_engine(data, chart=False),
            "docxtpl, no chart": lambda: build_docxtpl(data, template, chart=False),
        },
        args.runs,
    )
    rows = [(name, *figures) for name, figures in results.items()]
    fresh = {
        which: new_process(which, args.processes, template, workdir)
        for which in ("engine", "engine-bare", "docxtpl")
    }

    print(f"\nA ~20-page proposal with 3 tables and a chart; median of {args.runs} warm builds,")
    print(f"{args.processes} new processes (start, import, build, write the file).\n")
    print(f"{'':22} {'warm':>9} {'peak (Python)':>14} {'new process':>12} {'peak RSS':>10} size")
    for (which, median, peak, size), key in zip(rows, ("engine", "docxtpl", "", ""), strict=True):
        process = ""
        if key:
            seconds, rss_kb, _ = fresh[key]
            process = f"{seconds * 1000:9.0f} ms {rss_kb / 1024:7.0f} MB"
        else:
            process = f"{'':>12} {'':>10}"
        print(
            f"{which:22} {median * 1000:7.1f} ms {peak / 1e6:11.1f} MB {process}"
            f" {size / 1024:5.0f} KB"
        )
    seconds, rss_kb, _ = fresh["engine-bare"]
    print(
        f"{'engine, bare Django':22} {'':>9} {'':>14} {seconds * 1000:9.0f} ms"
        f" {rss_kb / 1024:7.0f} MB"
    )
    print(
        f"\nengine / docxtpl, warm: {rows[0][1] / rows[1][1]:.2f}"
        f" (without the chart: {rows[2][1] / rows[3][1]:.2f})"
    )
    print(
        "The engine's new process runs the portal's django.setup(), as a huey worker does;"
        "\n'bare Django' configures only what the engine uses (translation, dates)."
    )
    if args.pages:
        for which in ("engine", "docxtpl"):
            print(f"pages ({which}, LibreOffice): {pages(fresh[which][2], workdir)}")


if __name__ == "__main__":
    main()
